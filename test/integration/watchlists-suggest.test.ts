import { join } from 'node:path';
import { talksYaml, tempFolder } from '../support/config-files';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server';
import { runCli } from '../support/run-cli';

let server: FeedServer;
let config: string;
let data: string;
const cli = (...args: string[]) => runCli([...args, '--data', data], { timeoutMs: 60_000 });

// Two matches name Kostyukov, who is no actor; two stories name an actor and say
// "negotiations", which is no keyword (near misses); three name nobody.
const ITEMS = [
  {
    title: 'Putin and Witkoff hold talks in Moscow',
    description: 'Igor Kostyukov joined Putin for the talks.',
  },
  {
    title: 'Witkoff: talks with Putin will go on',
    description: 'The envoy said Kostyukov would lead the other side.',
  },
  { title: 'Putin says negotiations will continue', description: 'The Kremlin called negotiations useful.' },
  {
    title: 'Witkoff expects negotiations to resume',
    description: 'The envoy said negotiations could restart next week.',
  },
  { title: 'Storm closes schools in Scotland', description: 'Ferries were cancelled.' },
  { title: 'Markets rise after rate cut', description: 'Shares in banks led the gains.' },
  { title: 'New museum opens in Lyon', description: 'It shows silk weaving.' },
].map((item, i) => ({ ...item, guid: `s${i}`, link: `https://news.example.org/s${i}` }));

beforeAll(async () => {
  server = await startFeedServer();
  server.route('/wire.xml', { body: rss(ITEMS) });
  config = tempFolder({
    'feeds.yaml': `feeds:\n  - id: wire\n    url: ${server.url('/wire.xml')}\n`,
    'watchlists/talks.yaml': talksYaml(),
  });
  data = join(config, 'data');
  const run = await runCli(['run', '--once', '--config', config, '--data', data], { timeoutMs: 60_000 });
  expect(run.stderr).toBe('');
}, 90_000);
afterAll(() => server.close());

describe('newsalert watchlists suggest (local store)', () => {
  it('--json: a name recurring in matches and a term recurring in near misses, with evidence and backtest', async () => {
    const { code, stdout, stderr } = await cli('watchlists', 'suggest', 'talks', '--since', '1d', '--json');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const s = JSON.parse(stdout);
    expect(s).toMatchObject({ watchlistId: 'talks', version: 1, stories: 7, matched: 2, nearMisses: 2 });
    expect(s.names.map((n: { name: string; alias: string }) => [n.name, n.alias])).toEqual([
      ['Kostyukov', 'Kostyukov'],
    ]);
    expect(s.names[0].matches.map((e: { title: string }) => e.title).sort()).toEqual([
      'Putin and Witkoff hold talks in Moscow',
      'Witkoff: talks with Putin will go on',
    ]);
    const [term] = s.terms;
    expect(term).toMatchObject({ term: 'negotiations', theme: 'keywords' });
    expect(term.nearMisses.map((e: { title: string; failed: string }) => [e.title, e.failed]).sort()).toEqual(
      [
        ['Putin says negotiations will continue', '#keywords'],
        ['Witkoff expects negotiations to resume', '#keywords'],
      ],
    );
    // Adding the word as a keyword would make both near misses match, and nothing else change.
    expect(term.effect).toMatchObject({ newlyMatching: 2, stopMatching: 0 });
  }, 60_000);

  it('prints the proposals for ops and changes nothing', async () => {
    const { code, stdout } = await cli('watchlists', 'suggest', 'talks', '--since', '1d');
    expect(code).toBe(0);
    expect(stdout).toContain('talks (version 1) on local store');
    expect(stdout).toContain('  Kostyukov: add an actor with alias Kostyukov');
    expect(stdout).toContain('  negotiations: add to #keywords; in 2 near misses');
    expect(stdout).toContain('backtest: +2 would newly match, -0 would stop');
    const history = await cli('watchlists', 'history', 'talks', '--json');
    expect(JSON.parse(history.stdout).map((v: { version: number }) => v.version)).toEqual([1]);
  }, 60_000);

  it('an unknown watchlist id is a one-line error and exit 1', async () => {
    const { code, stdout, stderr } = await cli('watchlists', 'suggest', 'nope');
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('watchlist nope: not found');
  }, 60_000);
});
