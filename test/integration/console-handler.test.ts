import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import Parser from 'rss-parser';
import { seedConfig } from '../../shared/config/seed-config';
import { FeedTokens } from '../../shared/console/feed-tokens';
import { ConfigRepository } from '../../shared/store/config-repository';
import { DynamoRepository } from '../../shared/store/dynamo-repository';
import { startLocalStore, type LocalStore } from '../../shared/store/local-store';
import { seedMatch } from '../support/story-fixture';
import { talksYaml } from '../support/config-files';
import { talksWatchlist } from '../support/watchlist-fixture';

// The console's Lambda handler as Lambda loads it, on dynalite, with events shaped as API
// Gateway's HTTP API hands them over after its Cognito JWT authorizer: no token, a viewer's, an
// editor's. (API Gateway itself checks the token's signature; the handler decides what each
// group may do.)

type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;
const context = { functionName: 'console', awsRequestId: 'req-1' } as Context;

let dir: string;
let store: LocalStore;
let handler: Handler;
let saved: NodeJS.ProcessEnv;

beforeAll(async () => {
  saved = { ...process.env };
  dir = mkdtempSync(join(tmpdir(), 'newsalert-console-handler-'));
  store = await startLocalStore(dir);
  const config = new ConfigRepository(store.client, store.tableName);
  await seedConfig(
    config,
    { feeds: [{ id: 'example', url: 'https://news.example.com/rss.xml' }], watchlists: [talksWatchlist] },
    'deploy',
  );
  await new DynamoRepository(store.client, store.tableName).putMatches([
    seedMatch(
      { watchlistId: talksWatchlist.id, matchedAt: new Date().toISOString() },
      { title: 'Putin and Witkoff discuss the peace plan' },
    ),
  ]);
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: store.endpoint,
    TABLE_NAME: store.tableName,
    POWERTOOLS_SERVICE_NAME: 'console',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    POWERTOOLS_TRACE_ENABLED: 'false',
  });
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler = require('../../functions/console-api').handler;
  });
});
afterAll(async () => {
  process.env = saved;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const VIEWER = { 'cognito:username': 'vera', 'cognito:groups': '[viewers]' };
const EDITOR = { 'cognito:username': 'ed', 'cognito:groups': '[editors viewers]' };

function event(
  method: string,
  path: string,
  options: { claims?: Record<string, string>; body?: unknown; query?: Record<string, string> } = {},
): APIGatewayProxyEventV2WithJWTAuthorizer {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    queryStringParameters: options.query,
    headers: {},
    isBase64Encoded: false,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    requestContext: {
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      http: { method, path },
      ...(options.claims ? { authorizer: { jwt: { claims: options.claims, scopes: [] } } } : {}),
    },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

async function call(...args: Parameters<typeof event>) {
  const res = await handler(event(...args), context);
  return {
    status: res.statusCode,
    body: JSON.parse(String(res.body).startsWith('<') ? '{}' : String(res.body)),
    raw: String(res.body),
  };
}

const edited = talksYaml({ keywords: ['peace plan', 'talks', 'ceasefire'] });

describe.each([
  ['GET', '/api/matches', undefined],
  ['GET', '/api/watchlists', undefined],
  ['GET', '/api/watchlists/talks/history', undefined],
  ['GET', '/api/feeds', undefined],
  ['POST', '/api/watchlists/preview', { source: edited, since: '7d' }],
])('%s %s (reading)', (method, path, body) => {
  test('without a token: 401, one line of JSON', async () => {
    const res = await call(method, path, { body });
    expect(res.status).toBe(401);
    expect(res.raw).toBe('{"error":"sign in: this request carries no valid token"}');
  });
  test('a viewer reads', async () => {
    expect((await call(method, path, { body, claims: VIEWER })).status).toBe(200);
  });
  test('an editor reads', async () => {
    expect((await call(method, path, { body, claims: EDITOR })).status).toBe(200);
  });
  test('a signed-in user in neither group: 403', async () => {
    expect((await call(method, path, { body, claims: { 'cognito:username': 'x' } })).status).toBe(403);
  });
});

describe.each([
  ['POST', '/api/watchlists/apply', { source: edited }],
  ['POST', '/api/watchlists/talks/rollback', { to: 1 }],
  ['POST', '/api/feeds', { id: 'other', url: 'https://other.example.org/rss' }],
  ['POST', '/api/feeds/example/disable', undefined],
  ['POST', '/api/watchlists/talks/feed-url/rotate', undefined],
])('%s %s (changing)', (method, path, body) => {
  test('without a token: 401', async () => {
    expect((await call(method, path, { body })).status).toBe(401);
  });
  test('a viewer may not: 403 naming the group needed, nothing written', async () => {
    const before = await new ConfigRepository(store.client, store.tableName).listHeads();
    const res = await call(method, path, { body, claims: VIEWER });
    expect(res.status).toBe(403);
    expect(res.raw).toBe('{"error":"cognito:vera: changes need the editors group"}');
    expect(await new ConfigRepository(store.client, store.tableName).listHeads()).toEqual(before);
  });
});

test('an editor applies an edit: a new version recorded with the caller, as `watchlists apply` records it', async () => {
  const res = await call('POST', '/api/watchlists/apply', {
    body: { source: edited, baseVersion: 1 },
    claims: EDITOR,
  });
  expect(res).toMatchObject({ status: 200, body: { id: 'talks', status: 'changed', version: 2 } });
  const head = await new ConfigRepository(store.client, store.tableName).latest('watchlist', 'talks');
  expect(head).toMatchObject({ version: 2, who: 'cognito:ed', action: 'apply', source: edited });
  // Applying from a stale page is refused: someone else's version would be overwritten.
  const stale = await call('POST', '/api/watchlists/apply', {
    body: { source: talksYaml({ keywords: ['talks'] }), baseVersion: 1 },
    claims: EDITOR,
  });
  expect(stale.status).toBe(400);
  expect(stale.body.error).toMatch(/^watchlist talks: version 2 was applied since you opened version 1/);
  // And rolled back, by the same use case as `watchlists rollback`.
  const back = await call('POST', '/api/watchlists/talks/rollback', { body: { to: 1 }, claims: EDITOR });
  expect(back).toMatchObject({ status: 200, body: { version: 3 } });
});

test('an editor adds a feed, validated by the feeds.yaml schema', async () => {
  const bad = await call('POST', '/api/feeds', {
    body: { id: 'bad', url: 'ftp://x.example.org/' },
    claims: EDITOR,
  });
  expect(bad.status).toBe(400);
  expect(bad.raw).toBe('{"error":"feed bad: url: must be an http or https URL"}');
  const ok = await call('POST', '/api/feeds', {
    body: { id: 'kyiv', url: 'https://kyiv.example.org/rss', lang: 'uk' },
    claims: EDITOR,
  });
  expect(ok).toMatchObject({ status: 200, body: { id: 'kyiv', version: 1 } });
  expect(await new ConfigRepository(store.client, store.tableName).latest('feed', 'kyiv')).toMatchObject({
    who: 'cognito:ed',
  });
});

test('inputs are validated with the CLI schemas; every error is one line of JSON', async () => {
  const cases: [Parameters<typeof call>, number, RegExp][] = [
    [
      ['POST', '/api/watchlists/validate', { body: { source: 'id: Bad Id\nname: x\n' }, claims: VIEWER }],
      200,
      /watchlists\/new\.yaml:1: id: /,
    ],
    [
      ['POST', '/api/watchlists/apply', { body: { source: 'id: talks\nname: [\n' }, claims: EDITOR }],
      400,
      /^watchlists\/new\.yaml:3: Flow sequence/,
    ],
    [
      ['POST', '/api/watchlists/preview', { body: { source: edited, since: 'last week' }, claims: VIEWER }],
      400,
      /^since: last week: give a duration such as 24h or 7d/,
    ],
    [['GET', '/api/matches', { query: { priority: 'urgent' }, claims: VIEWER }], 400, /^matches: priority: /],
    [
      ['POST', '/api/watchlists/talks/rollback', { body: { to: 'one' }, claims: EDITOR }],
      400,
      /^rollback: to: /,
    ],
    [
      ['POST', '/api/watchlists/apply', { body: { source: edited, extra: 1 }, claims: EDITOR }],
      400,
      /^apply: /,
    ],
    [['GET', '/api/watchlists/nope', { claims: VIEWER }], 404, /^watchlist nope: not found in table/],
    [['GET', '/api/watchlists/BAD%20ID', { claims: VIEWER }], 400, /^path: watchlist id: /],
    [['DELETE', '/api/watchlists', { claims: EDITOR }], 405, /not allowed/],
  ];
  for (const [args, status, message] of cases) {
    const res = await call(...args);
    expect([args[1], res.status]).toEqual([args[1], status]);
    expect(res.raw).not.toContain('\n');
    const text = res.body.error ?? res.body.problems?.[0]?.text;
    expect(text).toMatch(message);
  }
});

test('the Atom route needs no Cognito token but its watchlist token; wrong or missing is 404', async () => {
  expect((await call('GET', '/feeds/talks.atom')).status).toBe(404);
  expect((await call('GET', '/feeds/talks.atom', { query: { token: 'guess' } })).status).toBe(404);
  const { token } = await new FeedTokens(store.client, store.tableName).getOrCreate('talks', 'test');
  const res = await handler(event('GET', '/feeds/talks.atom', { query: { token } }), context);
  expect(res.statusCode).toBe(200);
  expect(res.headers?.['content-type']).toBe('application/atom+xml; charset=utf-8');
  const feed = await new Parser().parseString(String(res.body));
  expect(feed.items.map((i) => i.title)).toEqual(['Putin and Witkoff discuss the peace plan']);
  expect((await call('POST', '/feeds/talks.atom', { query: { token } })).status).toBe(405);
});
