import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server';
import { runCli } from '../support/run-cli';

const PROJECT_WATCHLIST = join(__dirname, '..', '..', 'config', 'watchlists', 'ukraine-peace-talks.yaml');

let server: FeedServer;
beforeAll(async () => (server = await startFeedServer()));
afterAll(() => server.close());

function tempConfig(feeds: { id: string; url: string }[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'newsalert-cli-'));
  writeFileSync(
    join(dir, 'feeds.yaml'),
    `feeds:\n${feeds.map((f) => `  - id: ${f.id}\n    url: ${f.url}\n`).join('')}`,
  );
  mkdirSync(join(dir, 'watchlists'));
  copyFileSync(PROJECT_WATCHLIST, join(dir, 'watchlists', 'ukraine-peace-talks.yaml'));
  return dir;
}

describe('newsalert CLI', () => {
  it('lists its commands with --help', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/run \[options\]/);
    expect(stdout).toMatch(/demo \[options\]/);
    expect(stdout).toMatch(/subscribe \[options\]/);
    expect(stdout).toMatch(/unsubscribe \[options\] <arn-or-address>/);
  });

  it('demo: alerts on the talks, not on the distractors, then finds nothing new', async () => {
    const { code, stdout, stderr } = await runCli(['demo']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const [first, second] = stdout.split('Second cycle');
    // Putin with the US envoy in the headline: a priority rule of the watchlist makes them high.
    expect(first).toContain(
      'ALERT [Ukraine peace talks] HIGH: Putin to meet US envoy Witkoff in Moscow on peace plan',
    );
    expect(first).toContain('ALERT [Ukraine peace talks] HIGH: Pieskov: zustrich Putina i Vitkoffa');
    expect(first).not.toMatch(/ALERT .*Putting green/);
    expect(first).not.toMatch(/ALERT .*bakery/);
    expect(second).not.toContain('ALERT');
    expect(second).toMatch(/0 new stories, 0 alerts/);
  });

  it('run --once: polls, stores and writes the outbox; a rerun adds nothing', async () => {
    server.route('/talks.xml', {
      body: rss([
        {
          guid: 't1',
          title: 'Witkoff and Kushner to join Moscow talks',
          description: 'The US envoy will present the revised peace plan to Putin.',
          link: 'https://news.example.org/t1',
        },
        {
          guid: 't2',
          title: 'Macron opens a bakery school',
          description: 'French President Emmanuel Macron praised apprentices.',
          link: 'https://news.example.org/t2',
        },
      ]),
    });
    server.route('/down.xml', { status: 503 });
    const config = tempConfig([
      { id: 'talks', url: server.url('/talks.xml') },
      { id: 'down', url: server.url('/down.xml') },
    ]);
    const data = join(config, 'data');

    const first = await runCli(['run', '--once', '--config', config, '--data', data]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`✗ down: ${server.url('/down.xml')}: HTTP 503 Service Unavailable`);
    expect(first.stdout).toContain('✓ talks: 2 stories, 2 new, 1 new matches');
    expect(first.stdout).toMatch(
      /cycle: 2 feeds \(1 fetched, 0 not modified, 1 failed\), 2 new stories, 1 alerts/,
    );
    const rows = readFileSync(join(data, 'outbox.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      watchlist: 'ukraine-peace-talks',
      subject: '[Ukraine peace talks] Witkoff and Kushner to join Moscow talks',
    });
    expect(JSON.parse(rows[0].attributes.actors.StringValue)).toEqual(['putin', 'witkoff', 'kushner']);

    const second = await runCli(['run', '--once', '--config', config, '--data', data]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/0 new stories, 0 alerts/);
    expect(readFileSync(join(data, 'outbox.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('refuses a bad config with one line naming file and line, and exit code 1', async () => {
    const config = tempConfig([{ id: 'ok', url: server.url('/talks.xml') }]);
    writeFileSync(
      join(config, 'feeds.yaml'),
      'feeds:\n  - id: Bad Id\n    url: https://example.org/feed.xml\n',
    );
    const { code, stdout, stderr } = await runCli([
      'run',
      '--once',
      '--config',
      config,
      '--data',
      join(config, 'data'),
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `error: ${join(config, 'feeds.yaml')}:2: feeds.0.id: use lower-case letters, digits, ".", "_" or "-"\n`,
    );
    const verbose = await runCli([
      '--verbose',
      'run',
      '--once',
      '--config',
      config,
      '--data',
      join(config, 'data'),
    ]);
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });

  it('refuses a bad --interval before touching the store', async () => {
    const { code, stderr } = await runCli(['run', '--interval', 'soon']);
    expect(code).toBe(1);
    expect(stderr).toBe('error: --interval soon: give a number of minutes above 0\n');
  });
});
