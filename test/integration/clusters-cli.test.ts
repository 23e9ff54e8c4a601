import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempFolder } from '../support/config-files';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server';
import { runCli } from '../support/run-cli';

let server: FeedServer;
let config: string;
let data: string;
const cli = (...args: string[]) => runCli([...args, '--data', data], { timeoutMs: 90_000 });
const json = async (...args: string[]) => {
  const { code, stdout, stderr } = await cli(...args, '--json');
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(stdout);
};

const KREMLIN = {
  title: 'Putin receives Witkoff and Kushner in the Kremlin for five hours of talks on the US peace plan',
  description:
    'Russian President Vladimir Putin met US envoys Steve Witkoff and Jared Kushner in the Kremlin on Tuesday; the talks on the peace plan lasted five hours.',
};

beforeAll(async () => {
  server = await startFeedServer();
  // The wire story, and a portal reprinting it under its own link with tracking parameters.
  server.route('/wire.xml', {
    body: rss([
      {
        guid: 'w1',
        ...KREMLIN,
        link: 'https://wire.example/putin-kremlin',
        pubDate: 'Tue, 02 Dec 2025 21:00:00 GMT',
      },
      {
        guid: 'w2',
        title: 'Zelensky says Ukraine will not give up Donbas under any peace plan',
        description: 'President Volodymyr Zelensky rejected a key demand in the talks on Tuesday evening.',
        link: 'https://wire.example/zelensky-donbas',
        pubDate: 'Tue, 02 Dec 2025 22:00:00 GMT',
      },
    ]),
  });
  server.route('/portal.xml', {
    body: rss([
      {
        guid: 'p1',
        ...KREMLIN,
        link: 'https://portal.example/news/123?utm_source=wire',
        pubDate: 'Tue, 02 Dec 2025 21:25:00 GMT',
      },
    ]),
  });
  config = tempFolder({
    // The shipped watchlist, so the actor registry reads the names as the pipeline does.
    'watchlists/ukraine-peace-talks.yaml': readFileSync(
      join(__dirname, '../../config/watchlists/ukraine-peace-talks.yaml'),
      'utf8',
    ),
    'feeds.yaml': `feeds:\n  - id: wire\n    url: ${server.url('/wire.xml')}\n  - id: portal\n    url: ${server.url('/portal.xml')}\n`,
  });
  data = join(config, 'data');
  const run = await runCli(['run', '--once', '--config', config, '--data', data], { timeoutMs: 90_000 });
  expect(run.stderr).toBe('');
}, 120_000);
afterAll(() => server.close());

describe('clusters from the CLI (local store)', () => {
  it('one outbox row per development, with its cluster and sources; matches carry their cluster', async () => {
    const rows = readFileSync(join(data, 'outbox.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { clusterId?: string; sources?: { feedId: string }[]; subject: string });
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.clusterId).toMatch(/^cl-/);
    const matches = (await json('matches', 'list', '--since', '3000d')) as {
      feedId: string;
      clusterId: string;
    }[];
    expect(matches).toHaveLength(3);
    const kremlin = matches.filter(
      (m) => m.clusterId === matches.find((x) => x.feedId === 'portal')!.clusterId,
    );
    expect(kremlin.map((m) => m.feedId).sort()).toEqual(['portal', 'wire']);
  }, 120_000);

  it('clusters list and show: the development, its reports in time order, which one alerted', async () => {
    const clusters = (await json('clusters', 'list', '--since', '3000d')) as {
      clusterId: string;
      reports: number;
      alertedBy: string;
      sources: { feedId: string }[];
    }[];
    expect(clusters.map((c) => c.reports).sort()).toEqual([1, 2]);
    const kremlin = clusters.find((c) => c.reports === 2)!;
    expect(kremlin.sources.map((s) => s.feedId)).toEqual(['wire', 'portal']);
    const show = await cli('clusters', 'show', kremlin.clusterId);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/alerted\s+wire/);
    expect(show.stdout).toMatch(/folded\s+portal/);
    const missing = await cli('clusters', 'show', 'cl-00000000000000000000');
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('cluster cl-00000000000000000000: not found');
  }, 120_000);
});
