import { join } from 'node:path';
import { ConfigRepository } from '../../shared/store/config-repository';
import { openLocalStore } from '../../shared/store/open-local-store';
import { talksYaml, tempFolder } from '../support/config-files';
import { startFeedServer, type FeedServer } from '../support/feed-server';
import { runCli } from '../support/run-cli';

// Feed URLs that carry secrets are stored as given (the poller needs them) but every place
// the CLI shows them, or an error about them, prints them redacted.
let server: FeedServer;
let config: string;
let data: string;
const TOKEN = 's3cr3t-T0KEN';
const PASSWORD = 'hunter2-pw';
const cli = (...args: string[]) => runCli([...args, '--data', data], { timeoutMs: 60_000 });

beforeAll(async () => {
  server = await startFeedServer();
  // Both feeds fail (500), so their errors name the URL.
  server.route(`/private.xml?lang=en&token=${TOKEN}`, { status: 500 });
  server.route('/basic.xml', { status: 500 });
  config = tempFolder({ 'feeds.yaml': 'feeds: []\n', 'watchlists/talks.yaml': talksYaml() });
  data = join(config, 'data');
});
afterAll(() => server.close());

test('feeds add, list, status and history, and the run log, never print a token or a password', async () => {
  const tokenUrl = server.url(`/private.xml?lang=en&token=${TOKEN}`);
  const basicUrl = server.url('/basic.xml').replace('http://', `http://reader:${PASSWORD}@`);
  const printed: string[] = [];
  const run = async (...args: string[]) => {
    const result = await cli(...args);
    printed.push(result.stdout, result.stderr);
    return result;
  };
  expect((await run('feeds', 'add', 'private', tokenUrl)).stdout).toContain(
    `(${server.url('/private.xml?lang=en&token=***')})`,
  );
  expect((await run('feeds', 'add', 'basic', basicUrl)).code).toBe(0);
  await run('run', '--once', '--config', config);
  const list = await run('feeds', 'list');
  expect(list.stdout).toContain(server.url('/private.xml?lang=en&token=***'));
  expect(list.stdout).toContain(server.url('/basic.xml').replace('http://', 'http://reader:***@'));
  const listJson = JSON.parse((await run('feeds', 'list', '--json')).stdout) as { url: string }[];
  expect(listJson.map((f) => f.url).sort()).toEqual(
    [
      server.url('/basic.xml').replace('http://', 'http://reader:***@'),
      server.url('/private.xml?lang=en&token=***'),
    ].sort(),
  );
  const status = await run('feeds', 'status', '--json');
  expect(JSON.parse(status.stdout)).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ id: 'private', lastError: expect.stringContaining('token=***') }),
    ]),
  );
  await run('feeds', 'status');
  await run('feeds', 'history', 'private');
  await run('feeds', 'history', 'basic', '--json');
  await run('feeds', 'check', tokenUrl);

  const all = printed.join('\n');
  expect(all).toContain('HTTP 500');
  expect(all).not.toContain(TOKEN);
  expect(all).not.toContain(PASSWORD);

  // Stored exactly as given: the poller needs the secret.
  const store = await openLocalStore(data);
  try {
    const heads = await new ConfigRepository(store.client, store.tableName).listHeads('feed');
    expect(heads.map((h) => h.body.url).sort()).toEqual([basicUrl, tokenUrl].sort());
  } finally {
    await store.close();
  }
}, 120_000);
