import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/build-app';
import { REPO_ROOT } from '../../infra/context';
import type { ConfigSeed } from '../../infra/constructs/config-seed';
import { CONFIG_DEFINE_KEY, MAX_CONFIG_BYTES, configDefine, type NewsAlertStack } from '../../infra/stack';
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
    expect(() => configDefine({ text: 'x'.repeat(MAX_CONFIG_BYTES) })).toThrow(
      /^The config is \d+ bytes as JSON, more than the 100000/,
    );
    expect(() => configDefine({ text: 'x'.repeat(MAX_CONFIG_BYTES - 100) })).not.toThrow();
  });
});

describe('bundling with the local esbuild (no Docker)', () => {
  let outdir: string;
  let tricky: ReturnType<typeof bundleDirs>;
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

  /** The staged bundle of every function of the stack. */
  function bundleDirs(app: App, stack: NewsAlertStack, template: Template) {
    const seed = (stack.node.findChild('ConfigSeed') as ConfigSeed).handler.function;
    return {
      dispatch: assetDir(app, template, logicalId(stack, stack.dispatch.function)),
      poll: assetDir(app, template, logicalId(stack, stack.poll.function)),
      notify: assetDir(app, template, logicalId(stack, stack.notify.function)),
      digest: assetDir(app, template, logicalId(stack, stack.delivery.digest.function)),
      seed: assetDir(app, template, logicalId(stack, seed)),
    };
  }

  function synthFixtures(config: unknown, subdir: string) {
    const { app, stack, template } = synthStack(
      {},
      { functionsDir: FIXTURE_FUNCTIONS, config },
      { bundle: true, outdir: path.join(outdir, subdir) },
    );
    return bundleDirs(app, stack, template);
  }

  /** Runs a bundled handler in a fresh Node.js process and returns its result. */
  function invoke(dir: string, env: Record<string, string> = {}): unknown {
    const script = `require(${JSON.stringify(path.join(dir, 'index.js'))}).handler().then((v) => process.stdout.write(JSON.stringify(v ?? null)))`;
    return JSON.parse(
      execFileSync(process.execPath, ['-e', script], {
        env: { PATH: process.env.PATH, ...env },
        encoding: 'utf8',
      }),
    );
  }

  test('the seed bundle carries the config, intact, without any environment variable', () => {
    expect(JSON.parse(invoke(tricky.seed) as string)).toEqual(TRICKY_CONFIG);
  });

  test('the other bundles do not carry it: they run what the table holds', () => {
    for (const dir of [tricky.dispatch, tricky.poll, tricky.notify, tricky.digest])
      expect(invoke(dir)).toBeNull();
  });

  test('bundles are one minified file without a source map', () => {
    expect(readdirSync(tricky.poll)).toEqual(['index.js']);
    const code = readFileSync(path.join(tricky.poll, 'index.js'), 'utf8');
    expect(code.trimEnd().split('\n')).toHaveLength(1);
    expect(code).not.toContain('sourceMappingURL');
  });

  test('a config change changes the seed asset only: `cdk deploy` seeds what is new, the functions are not redeployed', () => {
    const other = synthFixtures({ ...TRICKY_CONFIG, emoji: '🌻' }, 'other');
    expect(path.basename(other.seed)).not.toBe(path.basename(tricky.seed));
    for (const name of ['dispatch', 'poll', 'notify', 'digest'] as const)
      expect(path.basename(other[name])).toBe(path.basename(tricky[name]));
  });

  describe('the real handlers', () => {
    /** Synthesises the real app, bundling the real handlers, into `subdir`. */
    function synthReal(subdir: string) {
      const app = new App({ outdir: path.join(outdir, subdir) });
      const stack: NewsAlertStack = buildApp(app, loadSeedConfig);
      const template = Template.fromStack(stack);
      return { template: template.toJSON(), dirs: bundleDirs(app, stack, template) };
    }
    let first: ReturnType<typeof synthReal>;
    beforeAll(() => {
      first = synthReal('real');
    });

    test('the seed bundle bakes in the repo config (esbuild replaced every read of the variable); dispatch and poll do not', () => {
      const config = loadSeedConfig(path.join(REPO_ROOT, 'config'));
      const seed = readFileSync(path.join(first.dirs.seed, 'index.js'), 'utf8');
      expect(seed).not.toMatch(/env\.NEWSALERT_CONFIG/);
      expect(seed).toContain(config.feeds[0]!.url);
      for (const dir of [first.dirs.dispatch, first.dirs.poll])
        expect(readFileSync(path.join(dir, 'index.js'), 'utf8')).not.toContain(config.feeds[0]!.url);
    });

    test('each bundle loads on its own, AWS SDK included: nothing is taken from node_modules', () => {
      // Loading runs the module scope: config parsed, matcher compiled, clients built.
      // No NODE_PATH and a directory outside the repo: a missing package would throw here.
      for (const dir of Object.values(first.dirs)) {
        const script = `const m = require(${JSON.stringify(path.join(dir, 'index.js'))}); process.stdout.write(typeof m.handler)`;
        const env = {
          PATH: process.env.PATH,
          TABLE_NAME: 't',
          QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/q',
          TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:t',
          AWS_REGION: 'eu-west-1',
        };
        expect(
          execFileSync(process.execPath, ['-e', script], {
            cwd: tmpdir(),
            env,
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'ignore'],
          }),
        ).toBe('function');
      }
    });

    test('zod and iconv-lite stay out of every bundle but the seed: they were half the poll bundle and of its load time', () => {
      const code = (dir: string) => readFileSync(path.join(dir, 'index.js'), 'utf8');
      for (const dir of [first.dirs.dispatch, first.dirs.poll, first.dirs.notify, first.dirs.digest]) {
        expect(code(dir)).not.toContain('This is a bug in Zod');
        expect(code(dir)).not.toContain('Encoding not recognized');
      }
      // The seed validates config/ with the full schemas: the marker above does find zod.
      expect(code(first.dirs.seed)).toContain('This is a bug in Zod');
    });

    test("the matcher's Unicode tables are baked into the poll bundle, not derived at its cold start", () => {
      const poll = readFileSync(path.join(first.dirs.poll, 'index.js'), 'utf8');
      expect(poll).not.toMatch(/env\.NEWSALERT_TEXT_TABLES/);
      expect(poll).toMatch(/\{\\?"fold\\?":\[\d+,0,/);
      // ... and the code that derives them is left out.
      expect(poll).not.toContain('lower-casing changed the BMP length');
    });

    test('a second synth with nothing changed gives the identical template, assets included: a redeploy is a no-op', () => {
      const second = synthReal('real-again');
      expect(second.template).toEqual(first.template);
      expect(Object.values(second.dirs).map((d) => path.basename(d))).toEqual(
        Object.values(first.dirs).map((d) => path.basename(d)),
      );
    });
  });
});
