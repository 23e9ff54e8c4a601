import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/build-app';
import { REPO_ROOT } from '../../infra/context';
import { CONFIG_DEFINE_KEY, MAX_CONFIG_BYTES, configDefine, type NewsAlertStack } from '../../infra/stack';
import type { ConfigSeed } from '../../infra/constructs/config-seed';
import { loadSeedConfig } from '../../shared/config/seed-config';
import { ConfigError } from '../../shared/errors';
import { FIXTURE_FUNCTIONS, logicalId, synthStack } from './synth';

// Everything a config string may hold that could break on its way through a command line.
const TRICKY_CONFIG = {
  quotes: `double " single ' back \` dollar $HOME \${x} backslash \\ percent %PATH%`,
  cyrillic: 'Зеленський, Умєров',
  emoji: '🕊️',
  newline: 'line 1\nline 2',
  values: [1, 2.5, true, null, { nested: 'yes' }],
};

describe('configDefine', () => {
  test('bakes the config in as a JS string literal holding its JSON', () => {
    const define = configDefine(TRICKY_CONFIG)!;
    expect(Object.keys(define)).toEqual([CONFIG_DEFINE_KEY]);
    expect(CONFIG_DEFINE_KEY).toBe('process.env.NEWSALERT_CONFIG');
    expect(JSON.parse(JSON.parse(define[CONFIG_DEFINE_KEY]))).toEqual(TRICKY_CONFIG);
  });

  test('no config, no define', () => {
    expect(configDefine(undefined)).toBeUndefined();
  });

  test('a config that is not JSON-serialisable fails clearly', () => {
    expect(() => configDefine({ big: BigInt(1) })).toThrow(ConfigError);
    expect(() => configDefine(() => 1)).toThrow('The config cannot be serialised to JSON (got function)');
  });

  test('a config too large for one esbuild argument fails before esbuild does', () => {
    expect(() => configDefine({ text: 'x'.repeat(MAX_CONFIG_BYTES) })).toThrow(/^The config is \d+ bytes as JSON, more than the 100000/);
    expect(() => configDefine({ text: 'x'.repeat(MAX_CONFIG_BYTES - 100) })).not.toThrow();
  });
});

describe('bundling with the local esbuild (no Docker)', () => {
  let outdir: string;
  let tricky: { poll: string; notify: string; digest: string; seed: string };
  beforeAll(() => {
    outdir = mkdtempSync(path.join(tmpdir(), 'newsalert-cdk-'));
    tricky = synthFixtures(TRICKY_CONFIG, 'tricky');
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  /** The staged bundle directory of a function, from the S3 key in the template. */
  function assetDir(app: App, template: Template, functionId: string): string {
    const key: string = template.findResources('AWS::Lambda::Function')[functionId].Properties.Code.S3Key;
    return path.join(app.outdir, `asset.${key.replace(/\.zip$/, '')}`);
  }

  function synthFixtures(config: unknown, subdir: string) {
    const { app, stack, template } = synthStack({}, { functionsDir: FIXTURE_FUNCTIONS, config }, { bundle: true, outdir: path.join(outdir, subdir) });
    return bundleDirs(app, stack, template);
  }

  function bundleDirs(app: App, stack: NewsAlertStack, template: Template) {
    const seedFunction = (stack.node.findChild('ConfigSeed') as ConfigSeed).handler.function;
    return {
      poll: assetDir(app, template, logicalId(stack, stack.poll.function)),
      notify: assetDir(app, template, logicalId(stack, stack.notify.function)),
      digest: assetDir(app, template, logicalId(stack, stack.delivery.digest.function)),
      seed: assetDir(app, template, logicalId(stack, seedFunction)),
    };
  }

  /** Runs a bundled handler in a fresh Node.js process and returns its result. */
  function invoke(dir: string, env: Record<string, string> = {}): unknown {
    const script = `require(${JSON.stringify(path.join(dir, 'index.js'))}).handler().then((v) => process.stdout.write(JSON.stringify(v ?? null)))`;
    return JSON.parse(execFileSync(process.execPath, ['-e', script], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' }));
  }

  test('the seed bundle carries the config, intact, without any environment variable', () => {
    expect(JSON.parse(invoke(tricky.seed) as string)).toEqual(TRICKY_CONFIG);
  });

  test('the poll, notify and digest bundles do not carry it: they read what runs from the table', () => {
    expect(invoke(tricky.poll)).toBeNull();
    expect(invoke(tricky.notify)).toBeNull();
    expect(invoke(tricky.digest)).toBeNull();
  });


  test('bundles are one minified file without a source map', () => {
    expect(readdirSync(tricky.seed)).toEqual(['index.js']);
    const code = readFileSync(path.join(tricky.seed, 'index.js'), 'utf8');
    expect(code.trimEnd().split('\n')).toHaveLength(1);
    expect(code).not.toContain('sourceMappingURL');
  });

  test('a config change changes the seed asset only, so `cdk deploy` ships it (and the poll function is not redeployed)', () => {
    const other = synthFixtures({ ...TRICKY_CONFIG, emoji: '🌻' }, 'other');
    expect(path.basename(other.seed)).not.toBe(path.basename(tricky.seed));
    expect(path.basename(other.poll)).toBe(path.basename(tricky.poll));
    expect(path.basename(other.notify)).toBe(path.basename(tricky.notify));
  });

  test('the real handlers bundle; the seed bundle carries the repo config, the poll bundle none', () => {
    const app = new App({ outdir: path.join(outdir, 'real') });
    const stack: NewsAlertStack = buildApp(app, loadSeedConfig);
    const template = Template.fromStack(stack);
    const { poll, notify, digest, seed } = bundleDirs(app, stack, template);
    const code = readFileSync(path.join(seed, 'index.js'), 'utf8');
    // esbuild replaced every read of the variable: the Lambda environment has no such entry.
    expect(code).not.toMatch(/env\.NEWSALERT_CONFIG/);
    const config = loadSeedConfig(path.join(REPO_ROOT, 'config'));
    expect(code).toContain(config.feeds[0].url);
    expect(readFileSync(path.join(poll, 'index.js'), 'utf8')).not.toContain(config.feeds[0].url);
    expect(readFileSync(path.join(digest, 'index.js'), 'utf8')).not.toContain(config.feeds[0].url);
    // Loading a module builds its clients; the AWS SDK is external (the Lambda runtime
    // provides it), so borrow ours.
    for (const dir of [poll, notify, digest, seed]) {
      const script = `const m = require(${JSON.stringify(path.join(dir, 'index.js'))}); process.stdout.write(typeof m.handler)`;
      const env = { PATH: process.env.PATH, NODE_PATH: path.join(REPO_ROOT, 'node_modules'), TABLE_NAME: 't', TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:t', AWS_REGION: 'eu-west-1' };
      expect(execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })).toBe('function');
    }
  });
});
