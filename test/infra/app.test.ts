import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../infra/build-app';
import { REPO_ROOT } from '../../infra/context';
import { ConfigError } from '../../shared/errors';
import { SAMPLE_CONFIG, SKIP_BUNDLING } from './synth';

describe('buildApp', () => {
  const app = (context: Record<string, unknown> = {}) =>
    new App({ context: { ...SKIP_BUNDLING, ...context } });

  test('loads the config from <repo>/config and names the stack NewsAlert by default', () => {
    const loader = jest.fn(() => SAMPLE_CONFIG);
    const stack = buildApp(app(), loader);
    expect(loader).toHaveBeenCalledWith(path.join(REPO_ROOT, 'config'));
    expect(stack.stackName).toBe('NewsAlert');
  });

  test('configDir and stackName come from context', () => {
    const loader = jest.fn(() => SAMPLE_CONFIG);
    const stack = buildApp(app({ configDir: 'test/fixtures/config', stackName: 'NewsAlertDev' }), loader);
    expect(loader).toHaveBeenCalledWith(path.join(REPO_ROOT, 'test/fixtures/config'));
    expect(stack.stackName).toBe('NewsAlertDev');
  });

  test('a config error stops the synth', () => {
    const error = new ConfigError('config/feeds.yaml:3: url: Invalid URL');
    expect(() =>
      buildApp(app(), () => {
        throw error;
      }),
    ).toThrow(error);
  });
});

describe('infra/app.ts, as `cdk synth` runs it', () => {
  let outdir: string;
  beforeEach(() => {
    outdir = mkdtempSync(path.join(tmpdir(), 'newsalert-app-'));
  });
  afterEach(() => rmSync(outdir, { recursive: true, force: true }));

  /** Runs the app the way the CDK CLI does: context and output directory in the environment. */
  function runApp(context: Record<string, unknown>) {
    const result = spawnSync(path.join(REPO_ROOT, 'node_modules/.bin/tsx'), ['infra/app.ts'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        CDK_OUTDIR: outdir,
        CDK_CONTEXT_JSON: JSON.stringify({ ...SKIP_BUNDLING, ...context }),
      },
      encoding: 'utf8',
    });
    return { status: result.status, stderr: result.stderr };
  }

  test('synthesises the stack from the repo config', () => {
    const { status, stderr } = runApp({});
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const template = JSON.parse(readFileSync(path.join(outdir, 'NewsAlert.template.json'), 'utf8'));
    expect(Object.keys(template.Outputs).sort()).toEqual([
      'ConsoleApiUrl',
      'ConsoleUrl',
      'ConsoleUserPoolId',
      'DashboardName',
      'DispatchFunctionName',
      'OpsTopicArn',
      'PollQueueUrl',
      'TableName',
      'TopicArn',
    ]);
  });

  test('-c console=false: the stack without the web console', () => {
    const { status, stderr } = runApp({ console: 'false' });
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const template = JSON.parse(readFileSync(path.join(outdir, 'NewsAlert.template.json'), 'utf8'));
    expect(Object.keys(template.Outputs).sort()).toEqual([
      'DashboardName',
      'DispatchFunctionName',
      'OpsTopicArn',
      'PollQueueUrl',
      'TableName',
      'TopicArn',
    ]);
  });

  test('a bad context value: exit 1 and one line on stderr, no stack trace', () => {
    const { status, stderr } = runApp({ alertPhones: '12345' });
    expect(status).toBe(1);
    expect(stderr).toMatch(
      /^Error: Invalid CDK context alertPhones="12345": expected an E\.164 phone number[^\n]*\n$/,
    );
    expect(existsSync(path.join(outdir, 'NewsAlert.template.json'))).toBe(false);
  });

  test('a missing config directory: exit 1 naming the file', () => {
    const { status, stderr } = runApp({ configDir: 'test/infra/no-such-config' });
    expect(status).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^Error: .*test\/infra\/no-such-config\/feeds\.yaml: not found/),
    ]);
  });
});
