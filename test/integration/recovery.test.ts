import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server';
import { runCli } from '../support/run-cli';

const BIN = join(__dirname, '..', '..', 'bin', 'newsalert.js');
const WATCHLIST = join(__dirname, '..', '..', 'config', 'watchlists', 'ukraine-peace-talks.yaml');

let server: FeedServer;
beforeAll(async () => (server = await startFeedServer()));
afterAll(() => server.close());

/**
 * Starts `newsalert run --once` and kills it with SIGKILL (kill -9) as soon as its output
 * contains `marker`; resolves with what it printed.
 */
function runAndKill(args: string[], marker: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`never printed ${marker}: ${output}`));
    }, 25_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes(marker)) child.kill('SIGKILL');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve(output);
      else reject(new Error(`exited by itself (${signal ?? _code}): ${output}`));
    });
  });
}

describe('a local run killed with kill -9 mid-cycle', () => {
  it('is started again and delivers every pending alert once', async () => {
    server.route('/talks.xml', {
      body: rss([
        {
          guid: 'k1',
          title: 'Witkoff and Kushner to join Moscow talks',
          description: 'The US envoy will present the revised peace plan to Putin.',
          link: 'https://news.example.org/k1',
        },
        {
          guid: 'k2',
          title: 'Zelensky: security guarantees come first in the peace plan',
          description: 'Kyiv wants guarantees.',
          link: 'https://news.example.org/k2',
        },
      ]),
    });
    // A publisher that never answers keeps the cycle from reaching the alerts: the matches
    // of the other feed are stored, and then the process dies.
    server.route('/stalled.xml', () => {});
    const config = mkdtempSync(join(tmpdir(), 'newsalert-recovery-'));
    writeFileSync(
      join(config, 'feeds.yaml'),
      `feeds:\n  - id: talks\n    url: ${server.url('/talks.xml')}\n  - id: stalled\n    url: ${server.url('/stalled.xml')}\n`,
    );
    mkdirSync(join(config, 'watchlists'));
    copyFileSync(WATCHLIST, join(config, 'watchlists', 'ukraine-peace-talks.yaml'));
    const data = join(config, 'data');
    const args = ['run', '--once', '--config', config, '--data', data];

    const killed = await runAndKill(args, '✓ talks: 2 stories, 2 new, 2 new matches');
    expect(killed).not.toContain('ALERT');
    expect(() => readFileSync(join(data, 'outbox.jsonl'))).toThrow(/ENOENT/);

    server.route('/stalled.xml', { body: rss([]) });
    const restarted = await runCli(args);
    expect(restarted.stderr).toBe('');
    expect(restarted.code).toBe(0);
    expect(restarted.stdout).toContain('delivered 2 alerts left pending by an earlier run');
    // The feed's state (saved at the end of a cycle) died with the process, so the feed looks
    // never polled: its stories are written again, identically, and its matches, which exist,
    // are not (their alert ledger is kept), so nothing is alerted twice.
    expect(restarted.stdout).toContain('✓ talks: 2 stories, 2 new, 0 new matches');
    const rows = () =>
      readFileSync(join(data, 'outbox.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
    expect(
      rows()
        .map((r) => r.subject)
        .sort(),
    ).toEqual([
      '[Ukraine peace talks] Witkoff and Kushner to join Moscow talks',
      '[Ukraine peace talks] Zelensky: security guarantees come first in the peace plan',
    ]);

    const third = await runCli(args);
    expect(third.code).toBe(0);
    expect(third.stdout).not.toContain('left pending');
    expect(rows()).toHaveLength(2);
  });
});
