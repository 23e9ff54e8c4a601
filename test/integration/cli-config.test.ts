import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { openLocalStore } from '../../shared/store/open-local-store';
import { talksYaml, tempFolder } from '../support/config-files';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server';
import { runCli } from '../support/run-cli';

let server: FeedServer;
let config: string;
let data: string;
const me = userInfo().username;
const cli = (...args: string[]) => runCli([...args, '--data', data], { timeoutMs: 60_000 });
const json = async (...args: string[]) => {
  const { code, stdout, stderr } = await cli(...args, '--json');
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(stdout);
};

beforeAll(async () => {
  server = await startFeedServer();
  server.route('/wire.xml', {
    body: rss([
      { guid: 'w1', title: 'Putin to meet Witkoff on the peace plan', link: 'https://news.example.org/w1' },
      { guid: 'w2', title: 'Kushner says the peace plan is close', link: 'https://news.example.org/w2' },
    ]),
  });
  config = tempFolder({
    'feeds.yaml': `feeds:\n  - id: wire\n    url: ${server.url('/wire.xml')}\n`,
    'watchlists/talks.yaml': talksYaml(),
  });
  data = join(config, 'data');
});
afterAll(() => server.close());

describe('run-time config from the CLI (local store)', () => {
  it('run seeds config/ into the store on first use; the watchlists then come from the store', async () => {
    const run = await runCli(['run', '--once', '--config', config, '--data', data]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`config: seeded 1 feeds and 1 watchlists from ${config} into the store`);
    expect(run.stdout).toContain('ALERT [Peace talks] Putin to meet Witkoff on the peace plan');
    expect(await json('watchlists', 'list')).toEqual([
      {
        id: 'talks',
        name: 'Peace talks',
        version: 1,
        enabled: true,
        updatedAt: expect.any(String),
        updatedBy: me,
        action: 'seed',
      },
    ]);
  }, 60_000);

  it('apply: a broken file is refused naming file and line, and changes nothing', async () => {
    const edits = tempFolder({
      'talks.yaml': talksYaml({ keywords: ['ceasefire'] }),
      'broken.yaml': 'id: broken\nname: Broken\nactors: []\nkeywords: [x]\n',
    });
    const { code, stdout, stderr } = await cli('watchlists', 'apply', edits);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`error: ${join(edits, 'broken.yaml')}:3: actors: give at least one actor\n`);
    expect((await json('watchlists', 'history', 'talks')).map((v: { version: number }) => v.version)).toEqual(
      [1],
    );
  }, 60_000);

  it('backtest, dry run, then apply: the diff, what would change over stored stories, and the new version', async () => {
    const edits = tempFolder({
      'talks.yaml': talksYaml({
        extraActors: '  - id: kushner\n    name: Jared Kushner\n    aliases: [Kushner]',
      }),
    });
    const [backtest] = await json('watchlists', 'backtest', join(edits, 'talks.yaml'), '--since', '1d');
    expect(backtest).toMatchObject({
      watchlistId: 'talks',
      runningVersion: 1,
      stories: 2,
      stillMatching: 1,
      stopMatching: [],
    });
    expect(
      backtest.newlyMatching.map((h: { title: string; actors: string[] }) => [h.title, h.actors]),
    ).toEqual([['Kushner says the peace plan is close', ['kushner']]]);

    const dry = await cli('watchlists', 'apply', edits, '--dry-run');
    expect(dry.stdout.split('\n')).toEqual([
      `watchlists in ${edits} against local store ${data}:`,
      '  ~ talks: version 1 -> 2',
      '      actors.kushner: added',
      'dry run: nothing written (1 to apply)',
      '',
    ]);
    const applied = await cli('watchlists', 'apply', edits);
    expect(applied.stdout).toContain(
      'applied talks v2; a running `newsalert run` uses it from its next cycle (within 60 s)',
    );
    const history = await json('watchlists', 'history', 'talks');
    expect(
      history.map((v: { version: number; who: string; action: string; changes: string[] }) => [
        v.version,
        v.who,
        v.action,
        v.changes,
      ]),
    ).toEqual([
      [1, me, 'seed', ['seeded from config/']],
      [2, me, 'apply', ['actors.kushner: added']],
    ]);
  }, 90_000);

  it('show, disable, rollback: what runs changes and the trail keeps every step', async () => {
    const v1 = await cli('watchlists', 'show', 'talks', '--version', '1');
    expect(v1.stdout).toBe(
      `# talks version 1 of 2, enabled; seed ${v1.stdout.split('seed ')[1]!.split(' ')[0]} by ${me}\n${talksYaml()}`,
    );
    expect((await cli('watchlists', 'disable', 'talks')).stdout).toMatch(/^talks: disabled as version 3;/);
    const rollback = await cli('watchlists', 'rollback', 'talks', '--to', '1');
    expect(rollback.stdout.split('\n').slice(0, 3)).toEqual([
      'talks: rolled back to version 1 as version 4; a running `newsalert run` uses it from its next cycle (within 60 s)',
      '      actors.kushner: removed',
      '      enabled: false -> true',
    ]);
    expect((await json('watchlists', 'show', 'talks')).source).toBe(talksYaml());
  }, 90_000);

  it('feeds add, list and status; matches list', async () => {
    expect((await cli('feeds', 'add', 'desk', server.url('/desk.xml'), '--name', 'Desk')).stdout).toMatch(
      /^feed desk: added as version 1/,
    );
    expect((await json('feeds', 'list')).map((f: { id: string; name?: string }) => [f.id, f.name])).toEqual([
      ['desk', 'Desk'],
      ['wire', undefined],
    ]);
    const status = await json('feeds', 'status');
    expect(status).toEqual([
      {
        id: 'desk',
        url: server.url('/desk.xml'),
        status: 'never polled',
        lastCheckedAt: null,
        lastSuccessAt: null,
        lastError: null,
        errorCount: 0,
        nextCheckAt: null,
        storiesSeen: 0,
      },
      expect.objectContaining({
        id: 'wire',
        status: 'ok',
        errorCount: 0,
        storiesSeen: 2,
        lastSuccessAt: expect.any(String),
      }),
    ]);
    const matches = await json('matches', 'list', '--watchlist', 'talks', '--since', '24h');
    expect(matches.map((m: { title: string; actors: string[] }) => [m.title, m.actors])).toEqual([
      ['Putin to meet Witkoff on the peace plan', ['putin', 'witkoff']],
    ]);
  }, 90_000);

  it('while a process holds the store (newsalert run), commands work through it', async () => {
    const held = await openLocalStore(data);
    try {
      const { code, stdout } = await cli('feeds', 'remove', 'desk');
      expect(code).toBe(0);
      expect(stdout).toMatch(/^feed desk: removed as version 2;/);
      expect(JSON.parse(readFileSync(join(data, 'store.lock.json'), 'utf8'))).toMatchObject({
        pid: process.pid,
        endpoint: held.endpoint,
      });
    } finally {
      await held.close();
    }
    const run = await runCli(['run', '--once', '--config', config, '--data', data]);
    expect(run.stdout).toContain('polling 1 feeds');
    writeFileSync(join(config, 'watchlists', 'talks.yaml'), talksYaml({ keywords: ['truce'] }));
    const again = await runCli(['run', '--once', '--config', config, '--data', data]);
    expect(again.stdout).toContain(
      `config: watchlist talks in ${config} differs from the store's version, which runs`,
    );
  }, 90_000);
});
