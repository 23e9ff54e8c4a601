#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx newsalert` works in a clone without a build step.
// The AWS SDK warns on Node 20 at every start; the CLI runs fine on 20, so keep output clean.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('tsx/cjs');
require('../cli/main.ts');
