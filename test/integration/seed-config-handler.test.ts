import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { readRunningConfig } from '../../shared/config/running-config';
import { loadSeedConfig } from '../../shared/config/seed-config';
import { setWatchlistEnabled } from '../../shared/config/watchlist-edits';
import { ConfigRepository } from '../../shared/store/config-repository';
import { startLocalStore, type LocalStore } from '../../shared/store/local-store';
import { startFeedServer, type FeedServer } from '../support/feed-server';

const CONFIG_DIR = join(__dirname, '..', '..', 'config');
const ENV = [
  'TABLE_NAME',
  'AWS_ENDPOINT_URL_DYNAMODB',
  'AWS_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'NEWSALERT_CONFIG',
];

let dir: string;
let store: LocalStore;
let repo: ConfigRepository;
// Stands in for CloudFormation's pre-signed S3 URL: records each answer.
let cloudFormation: FeedServer;
const answers: { body: Record<string, unknown>; contentType?: string }[] = [];
const stdout: string[] = [];
let handler: (event: CloudFormationCustomResourceEvent, context: Context) => Promise<void>;
const context = {
  functionName: 'seed',
  awsRequestId: 'req-seed',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:seed',
  memoryLimitInMB: '256',
} as Context;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'newsalert-seed-'));
  store = await startLocalStore(dir);
  repo = new ConfigRepository(store.client, store.tableName);
  cloudFormation = await startFeedServer();
  cloudFormation.route('/answer', (req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      answers.push({ body: JSON.parse(body), contentType: req.headers['content-type'] });
      res.writeHead(200).end();
    });
  });
  Object.assign(process.env, {
    TABLE_NAME: store.tableName,
    AWS_ENDPOINT_URL_DYNAMODB: store.endpoint,
    AWS_REGION: 'local',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    NEWSALERT_CONFIG: JSON.stringify(loadSeedConfig(CONFIG_DIR)),
  });
  // Powertools Logger writes JSON lines to stdout: kept for the assertions, not printed.
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
  ({ handler } = await import('../../functions/seed-config'));
});
afterAll(async () => {
  for (const name of ENV) delete process.env[name];
  jest.restoreAllMocks();
  await store.close();
  await cloudFormation.close();
  rmSync(dir, { recursive: true, force: true });
});

function event(requestType: 'Create' | 'Update' | 'Delete'): CloudFormationCustomResourceEvent {
  return {
    RequestType: requestType,
    ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:seed',
    ResponseURL: cloudFormation.url('/answer'),
    StackId:
      'arn:aws:cloudformation:eu-west-1:123456789012:stack/NewsAlert/0b5a4f30-0000-11f0-0000-000000000000',
    RequestId: `request-${answers.length + 1}`,
    LogicalResourceId: 'ConfigSeedResource',
    ResourceType: 'Custom::NewsAlertConfigSeed',
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:seed',
      ConfigHash: 'abc',
    },
    ...(requestType === 'Create'
      ? {}
      : { PhysicalResourceId: 'newsalert-config-seed', OldResourceProperties: {} }),
  } as CloudFormationCustomResourceEvent;
}

describe('the config-seed custom resource handler', () => {
  it('first deploy: seeds config/ into the table and answers SUCCESS', async () => {
    const config = loadSeedConfig(CONFIG_DIR);
    await handler(event('Create'), context);
    expect(answers.at(-1)).toEqual({
      contentType: '',
      body: {
        Status: 'SUCCESS',
        PhysicalResourceId: 'newsalert-config-seed',
        StackId: expect.stringContaining('stack/NewsAlert/'),
        RequestId: 'request-1',
        LogicalResourceId: 'ConfigSeedResource',
        Data: { Added: config.feeds.length + config.watchlists.length, Kept: 0, Differs: 0, Removed: 0 },
      },
    });
    const running = await readRunningConfig(repo);
    expect(running.feeds.map((f) => f.id)).toEqual(config.feeds.map((f) => f.id).sort());
    const head = await repo.getHead('watchlist', 'ukraine-peace-talks');
    expect(head).toMatchObject({ version: 1, who: 'cdk deploy (stack NewsAlert)', action: 'seed' });
    // The YAML is kept with its comments, for `watchlists show`.
    expect(head?.source).toBe(config.watchlistSources?.['ukraine-peace-talks']);
    const logs = stdout
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'INFO',
        message: 'config seeded',
        Added: config.feeds.length + config.watchlists.length,
        function_request_id: 'req-seed',
      }),
    );
  });

  it('a later deploy keeps a run-time edit; deleting the resource deletes nothing', async () => {
    await setWatchlistEnabled(repo, 'ukraine-peace-talks', false, 'ops');
    await handler(event('Update'), context);
    expect(answers.at(-1)?.body).toMatchObject({ Status: 'SUCCESS', Data: { Added: 0, Differs: 1 } });
    expect(await repo.getHead('watchlist', 'ukraine-peace-talks')).toMatchObject({
      version: 2,
      action: 'disable',
    });
    await handler(event('Delete'), context);
    expect(answers.at(-1)?.body).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'newsalert-config-seed',
    });
    expect((await readRunningConfig(repo)).feeds.length).toBeGreaterThan(0);
  });

  it('a broken baked-in config answers FAILED with the reason, so the deploy stops instead of hanging', async () => {
    process.env.NEWSALERT_CONFIG = '{';
    await handler(event('Update'), context);
    expect(answers.at(-1)?.body).toMatchObject({
      Status: 'FAILED',
      Reason: 'NEWSALERT_CONFIG: not valid JSON',
    });
  });
});
