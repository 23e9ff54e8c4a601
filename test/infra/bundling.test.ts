import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/build-app';
import { REPO_ROOT } from '../../infra/context';
import { CONFIG_DEFINE_KEY, MAX_CONFIG_BYTES, configDefine, type NewsAlertStack } from '../../infra/stack';
import { loadConfig } from '../../shared/config/load-config';
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
  let tricky: { dispatch: string; poll: string; notify: string };
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
    const dispatch = assetDir(app, template, logicalId(stack, stack.dispatch.function));
    const poll = assetDir(app, template, logicalId(stack, stack.poll.function));
    const notify = assetDir(app, template, logicalId(stack, stack.notify.function));
    return { dispatch, poll, notify };
  }

  /** Runs a bundled handler in a fresh Node.js process and returns its result. */
  function invoke(dir: string, env: Record<string, string> = {}): unknown {
    const script = `require(${JSON.stringify(path.join(dir, 'index.js'))}).handler().then((v) => process.stdout.write(JSON.stringify(v ?? null)))`;
    return JSON.parse(execFileSync(process.execPath, ['-e', script], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' }));
  }

  test('the dispatch and poll bundles carry the config, intact, without any environment variable', () => {
    expect(JSON.parse(invoke(tricky.poll) as string)).toEqual(TRICKY_CONFIG);
    expect(JSON.parse(invoke(tricky.dispatch) as string)).toEqual(TRICKY_CONFIG);
  });

  test('the notify bundle does not carry it', () => {
    expect(invoke(tricky.notify)).toBeNull();
  });

  test('bundles are one minified file without a source map', () => {
    expect(readdirSync(tricky.poll)).toEqual(['index.js']);
    const code = readFileSync(path.join(tricky.poll, 'index.js'), 'utf8');
    expect(code.trimEnd().split('\n')).toHaveLength(1);
    expect(code).not.toContain('sourceMappingURL');
  });

  test('a config change changes the dispatch and poll assets only, so `cdk deploy` ships them', () => {
    const other = synthFixtures({ ...TRICKY_CONFIG, emoji: '🌻' }, 'other');
    expect(path.basename(other.poll)).not.toBe(path.basename(tricky.poll));
    expect(path.basename(other.dispatch)).not.toBe(path.basename(tricky.dispatch));
    expect(path.basename(other.notify)).toBe(path.basename(tricky.notify));
  });

  describe('the real handlers', () => {
    /** Synthesises the real app, bundling the real handlers, into `subdir`. */
    function synthReal(subdir: string) {
      const app = new App({ outdir: path.join(outdir, subdir) });
      const stack: NewsAlertStack = buildApp(app, loadConfig);
      const template = Template.fromStack(stack);
      const dirs = {
        dispatch: assetDir(app, template, logicalId(stack, stack.dispatch.function)),
        poll: assetDir(app, template, logicalId(stack, stack.poll.function)),
        notify: assetDir(app, template, logicalId(stack, stack.notify.function)),
      };
      return { template: template.toJSON(), dirs };
    }
    let first: ReturnType<typeof synthReal>;
    beforeAll(() => {
      first = synthReal('real');
    });

    test('dispatch and poll bake in the repo config: esbuild replaced every read of the variable', () => {
      const config = loadConfig(path.join(REPO_ROOT, 'config'));
      for (const dir of [first.dirs.dispatch, first.dirs.poll]) {
        const code = readFileSync(path.join(dir, 'index.js'), 'utf8');
        expect(code).not.toMatch(/env\.NEWSALERT_CONFIG/);
        expect(code).toContain(config.feeds[0]!.url);
      }
    });

    test('each bundle loads on its own, AWS SDK included: nothing is taken from node_modules', () => {
      // Loading runs the module scope: config parsed, matcher compiled, clients built.
      // No NODE_PATH and a directory outside the repo: a missing package would throw here.
      for (const dir of Object.values(first.dirs)) {
        const script = `const m = require(${JSON.stringify(path.join(dir, 'index.js'))}); process.stdout.write(typeof m.handler)`;
        const env = { PATH: process.env.PATH, TABLE_NAME: 't', QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/q', TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:t', AWS_REGION: 'eu-west-1' };
        expect(execFileSync(process.execPath, ['-e', script], { cwd: tmpdir(), env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })).toBe('function');
      }
    });

    test('zod stays out of the bundles (the baked config is checked by hand; zod would triple the poll bundle)', () => {
      for (const dir of Object.values(first.dirs)) expect(readFileSync(path.join(dir, 'index.js'), 'utf8')).not.toContain('This is a bug in Zod');
    });

    test('a second synth with nothing changed gives the identical template, assets included: a redeploy is a no-op', () => {
      const second = synthReal('real-again');
      expect(second.template).toEqual(first.template);
      expect(Object.values(second.dirs).map((d) => path.basename(d))).toEqual(Object.values(first.dirs).map((d) => path.basename(d)));
    });
  });
});
