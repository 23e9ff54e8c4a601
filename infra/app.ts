#!/usr/bin/env node
/**
 * The CDK app (cdk.json runs it with `npx tsx infra/app.ts`). Settings come from context,
 * e.g. `npx cdk deploy -c alertEmails=ops@example.com -c pollMinutes=10`; see
 * `./context.ts` for the keys and their defaults.
 */
import { App } from 'aws-cdk-lib';
import { loadSeedConfig } from '../shared/config/seed-config';
import { describeError, NewsAlertError } from '../shared/errors';
import { buildApp } from './build-app';

try {
  buildApp(new App(), loadSeedConfig);
} catch (err) {
  // Our own errors (a bad context value, an invalid config file) already say what to fix;
  // a stack trace would only bury that line. Anything else is a bug: keep its trace.
  if (!(err instanceof NewsAlertError)) throw err;
  console.error(`Error: ${describeError(err)}`);
  // exit() rather than exitCode: it skips the App's synth-on-exit of a half-built stack.
  process.exit(1);
}
