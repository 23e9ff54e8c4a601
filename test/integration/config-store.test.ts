import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyWatchlistFiles } from '../../shared/config/apply-watchlists';
import { addFeed, removeFeed } from '../../shared/config/feed-edits';
import { readRunningConfig } from '../../shared/config/running-config';
import { seedConfig } from '../../shared/config/seed-config';
import { rollbackWatchlist, setWatchlistEnabled, sourceOf } from '../../shared/config/watchlist-edits';
import { ConfigConflictError, ConfigError, WatchlistError } from '../../shared/errors';
import { backtestWatchlists } from '../../shared/pipeline/backtest-watchlists';
import { ConfigRepository } from '../../shared/store/config-repository';
import { DynamoRepository } from '../../shared/store/dynamo-repository';
import type { Watchlist } from '../../shared/watchlists/watchlist';
import { BACKENDS, type Backend } from '../support/backends';
import { talksYaml, tempFolder } from '../support/config-files';
import { seedMatch, seedStory } from '../support/story-fixture';

const at = (iso: string) => () => new Date(iso);

describe.each(BACKENDS)('run-time config on %s', (_name, start) => {
  let backend: Backend;
  let repo: ConfigRepository;
  const dir = tempFolder({ 'talks.yaml': talksYaml() });
  const file = join(dir, 'talks.yaml');

  beforeAll(async () => {
    backend = await start();
    repo = new ConfigRepository(backend.client, backend.tableName);
  }, 120_000);
  afterAll(() => backend?.close());

  it('apply: a new watchlist becomes version 1 and runs', async () => {
    const { plan, written } = await applyWatchlistFiles(repo, dir, 'alice', {
      now: at('2025-12-01T08:00:00.000Z'),
    });
    expect(plan.map((p) => [p.id, p.status])).toEqual([['talks', 'new']]);
    expect(written.map((e) => [e.id, e.version, e.who, e.when])).toEqual([
      ['talks', 1, 'alice', '2025-12-01T08:00:00.000Z'],
    ]);
    const running = await readRunningConfig(repo);
    expect(running.watchlists.map((w) => w.id)).toEqual(['talks']);
    expect((await repo.getHead('watchlist', 'talks'))?.source).toBe(talksYaml());
  });

  it('apply: an unchanged file writes nothing; a dry run shows the diff and writes nothing', async () => {
    expect((await applyWatchlistFiles(repo, dir, 'alice')).written).toEqual([]);
    writeFileSync(
      file,
      talksYaml({
        extraActors: '  - id: kushner\n    name: Jared Kushner\n    aliases: [Kushner]',
        keywords: ['peace plan', 'ceasefire'],
      }),
    );
    const { plan, written } = await applyWatchlistFiles(repo, dir, 'bob', { dryRun: true });
    expect(written).toEqual([]);
    expect(plan[0]).toMatchObject({
      status: 'changed',
      fromVersion: 1,
      changes: ['actors.kushner: added', 'keywords: +"ceasefire" -"talks"'],
    });
    expect((await repo.latest('watchlist', 'talks'))?.version).toBe(1);
  });

  it('apply: a changed file becomes the next version, with who and what changed', async () => {
    const { written } = await applyWatchlistFiles(repo, dir, 'bob', { now: at('2025-12-01T09:00:00.000Z') });
    expect(written.map((e) => [e.version, e.who, e.changes])).toEqual([
      [2, 'bob', ['actors.kushner: added', 'keywords: +"ceasefire" -"talks"']],
    ]);
    const running = await readRunningConfig(repo);
    expect(running.watchlists[0]?.keywords).toEqual(['peace plan', 'ceasefire']);
    expect(sourceOf((await repo.getHead('watchlist', 'talks'))!)).toBe(readFileSync(file, 'utf8'));
  });

  it('a broken file changes nothing, not even the valid file beside it, and names the file and line', async () => {
    writeFileSync(file, talksYaml({ keywords: ['peace plan', 'truce'] }));
    writeFileSync(
      join(dir, 'zz-broken.yaml'),
      'id: Broken Id\nname: Broken\nactors: []\nkeywords: [talks]\n',
    );
    const before = await repo.history('watchlist', 'talks');
    await expect(applyWatchlistFiles(repo, dir, 'carol')).rejects.toThrow(WatchlistError);
    await expect(applyWatchlistFiles(repo, dir, 'carol')).rejects.toThrow(
      `${join(dir, 'zz-broken.yaml')}:1: id: use lower-case letters`,
    );
    await expect(applyWatchlistFiles(repo, dir, 'carol')).rejects.toThrow(
      `${join(dir, 'zz-broken.yaml')}:3: actors: give at least one actor`,
    );
    expect(await repo.history('watchlist', 'talks')).toEqual(before);
    expect((await readRunningConfig(repo)).watchlists[0]?.keywords).toEqual(['peace plan', 'ceasefire']);
  });

  it('rollback runs an old version again, as a new version; history keeps every step', async () => {
    const { written } = await rollbackWatchlist(repo, 'talks', 1, 'dave', at('2025-12-01T10:00:00.000Z'));
    expect(written).toMatchObject({
      version: 3,
      action: 'rollback',
      changes: ['back to version 1', 'actors.kushner: removed', 'keywords: +"talks" -"ceasefire"'],
    });
    expect((await readRunningConfig(repo)).watchlists[0]?.keywords).toEqual(['peace plan', 'talks']);
    expect((await repo.getHead('watchlist', 'talks'))?.source).toBe(talksYaml());
    expect((await rollbackWatchlist(repo, 'talks', 1, 'dave')).written).toBeUndefined();
    await expect(rollbackWatchlist(repo, 'talks', 9, 'dave')).rejects.toThrow(
      'watchlist talks: no version 9 (it has versions 1 to 3',
    );
    const history = await repo.history('watchlist', 'talks');
    expect(history.map((e) => [e.version, e.when, e.who, e.action])).toEqual([
      [1, '2025-12-01T08:00:00.000Z', 'alice', 'apply'],
      [2, '2025-12-01T09:00:00.000Z', 'bob', 'apply'],
      [3, '2025-12-01T10:00:00.000Z', 'dave', 'rollback'],
    ]);
  });

  it('disable stops matching but keeps the watchlist; its YAML says so; enable brings it back', async () => {
    const { written } = await setWatchlistEnabled(repo, 'talks', false, 'erin');
    expect(written).toMatchObject({ version: 4, action: 'disable', changes: ['enabled: true -> false'] });
    expect((await readRunningConfig(repo)).watchlists).toEqual([]);
    expect(written?.source).toContain('# Peace talks (test fixture)');
    expect(written?.source).toMatch(/^enabled: false$/m);
    expect((await setWatchlistEnabled(repo, 'talks', false, 'erin')).written).toBeUndefined();
    await setWatchlistEnabled(repo, 'talks', true, 'erin');
    expect((await readRunningConfig(repo)).watchlists.map((w) => w.id)).toEqual(['talks']);
  });

  it('two writers of the same version: the second gets a conflict and writes nothing', async () => {
    const latest = (await repo.latest('watchlist', 'talks'))!;
    const next = {
      ...latest,
      version: latest.version + 1,
      who: 'frank',
      action: 'apply' as const,
      changes: ['first'],
    };
    await repo.commit(next);
    await expect(repo.commit({ ...next, who: 'grace', changes: ['second'] })).rejects.toThrow(
      ConfigConflictError,
    );
    expect((await repo.getHead('watchlist', 'talks'))?.who).toBe('frank');
  });

  it('seeding adds only what the table never had: never overwrites an edit, never revives a removal', async () => {
    const seed = {
      feeds: [
        { id: 'wire', url: 'https://news.example.org/wire.xml' },
        { id: 'desk', url: 'https://news.example.org/desk.xml' },
      ],
      watchlists: [
        {
          id: 'talks',
          name: 'Original',
          actors: [{ id: 'putin', name: 'Vladimir Putin', aliases: ['Putin'] }],
          keywords: ['talks'],
        },
      ] as Watchlist[],
    };
    const first = await seedConfig(repo, seed, 'cdk deploy (stack Test)');
    expect(first.map((o) => `${o.kind} ${o.id}: ${o.outcome}`).sort()).toEqual([
      'feed desk: added',
      'feed wire: added',
      'watchlist talks: differs',
    ]);
    await removeFeed(repo, 'desk', 'henry');
    const second = await seedConfig(repo, seed, 'cdk deploy (stack Test)');
    expect(second.map((o) => `${o.kind} ${o.id}: ${o.outcome}`).sort()).toEqual([
      'feed desk: removed',
      'feed wire: kept',
      'watchlist talks: differs',
    ]);
    const running = await readRunningConfig(repo);
    expect(running.feeds.map((f) => f.id)).toEqual(['wire']);
    expect(running.watchlists[0]?.name).toBe('Peace talks');
    expect((await repo.history('feed', 'wire')).map((e) => [e.version, e.who, e.action])).toEqual([
      [1, 'cdk deploy (stack Test)', 'seed'],
    ]);
  });

  it('feeds: add, refuse a taken id, remove and re-add, with a trail', async () => {
    await addFeed(repo, { id: 'extra', url: 'https://news.example.org/extra.xml', name: 'Extra' }, 'ivan');
    await expect(
      addFeed(repo, { id: 'extra', url: 'https://other.example.org/rss' }, 'ivan'),
    ).rejects.toThrow(
      'feed extra: already exists with URL https://news.example.org/extra.xml; remove it first',
    );
    await expect(addFeed(repo, { id: 'bad', url: 'ftp://example.org/x' }, 'ivan')).rejects.toThrow(
      new ConfigError('feed bad: url: must be an http or https URL'),
    );
    await removeFeed(repo, 'extra', 'ivan');
    await addFeed(repo, { id: 'extra', url: 'https://news.example.org/extra2.xml' }, 'judy');
    expect((await repo.history('feed', 'extra')).map((e) => [e.version, e.action, e.changes[0]])).toEqual([
      [1, 'add', 'added https://news.example.org/extra.xml'],
      [2, 'remove', 'removed https://news.example.org/extra.xml'],
      [3, 'add', 'restored'],
    ]);
    expect((await readRunningConfig(repo)).feeds.map((f) => [f.id, f.url])).toEqual([
      ['extra', 'https://news.example.org/extra2.xml'],
      ['wire', 'https://news.example.org/wire.xml'],
    ]);
  });

  it('backtest: on stored fixture stories, what an edit would newly match and stop matching', async () => {
    const stories = new DynamoRepository(backend.client, backend.tableName);
    const fixtures = [
      seedStory({
        id: 'meet',
        title: 'Putin to meet Witkoff on the peace plan',
        summary: '',
        fetchedAt: '2025-12-01T10:00:00.000Z',
      }),
      seedStory({
        id: 'kushner',
        title: 'Kushner joins the peace plan talks',
        summary: '',
        fetchedAt: '2025-12-01T11:00:00.000Z',
      }),
      seedStory({
        id: 'talks',
        title: 'Putin says talks go on',
        summary: '',
        fetchedAt: '2025-12-01T12:00:00.000Z',
      }),
      seedStory({
        id: 'bakery',
        title: 'Macron opens a bakery',
        summary: '',
        fetchedAt: '2025-12-01T13:00:00.000Z',
      }),
      seedStory({
        id: 'old',
        title: 'Kushner on the peace plan',
        summary: '',
        fetchedAt: '2025-11-01T10:00:00.000Z',
      }),
    ];
    for (const story of fixtures) await stories.putStories([story]);
    await stories.putMatches([seedMatch({ watchlistId: 'talks' }, fixtures[0])]);
    const stored = await stories.scanStoriesSince(new Date('2025-11-24T00:00:00.000Z'));
    expect(stored.map((s) => s.id)).toEqual(['meet', 'kushner', 'talks', 'bakery']);

    const running = (await readRunningConfig(repo)).watchlists[0]!;
    const edited: Watchlist = {
      ...running,
      actors: [...running.actors, { id: 'kushner', name: 'Jared Kushner', aliases: ['Kushner'] }],
      keywords: ['peace plan'],
    };
    const [result] = backtestWatchlists([edited], new Map([['talks', running]]), stored);
    expect(result).toMatchObject({ watchlistId: 'talks', stories: 4, stillMatching: 1 });
    expect(result?.newlyMatching.map((h) => [h.story.id, h.hit.actors])).toEqual([['kushner', ['kushner']]]);
    expect(result?.stopMatching.map((h) => [h.story.id, h.hit.terms])).toEqual([['talks', ['talks']]]);
  });

  it('matches since a time, newest first', async () => {
    const stories = new DynamoRepository(backend.client, backend.tableName);
    await stories.putMatches([
      seedMatch({ watchlistId: 'talks', matchedAt: '2025-12-02T08:00:00.000Z' }, { id: 'kushner' }),
    ]);
    await stories.putMatches([
      seedMatch({ watchlistId: 'talks', matchedAt: '2025-11-01T08:00:00.000Z' }, { id: 'old' }),
    ]);
    const matches = await stories.listMatchesSince('talks', new Date('2025-11-30T00:00:00.000Z'));
    expect(matches.map((m) => [m.story.id, m.matchedAt])).toEqual([
      ['kushner', '2025-12-02T08:00:00.000Z'],
      ['meet', '2025-12-01T18:10:00.000Z'],
    ]);
  });

  it('an entry stored broken (an older schema, a hand edit) is skipped and named; the rest runs', async () => {
    const entry = {
      version: 1,
      when: '2025-12-03T08:00:00.000Z',
      who: 'console',
      action: 'apply' as const,
      changes: [],
    };
    await repo.commit({
      ...entry,
      kind: 'watchlist',
      id: 'legacy',
      body: {
        id: 'legacy',
        name: 'Legacy',
        actors: [{ id: 'putin', name: 'Putin', aliases: ['Putin'] }],
        rule: '@putin AND @lavrov',
      },
    });
    await repo.commit({
      ...entry,
      kind: 'feed',
      id: 'gopher',
      body: { id: 'gopher', url: 'gopher://news.example.org/' },
    });
    const running = await readRunningConfig(repo);
    expect(running.problems).toEqual([
      'feed gopher v1: url: must be an http or https URL; skipped',
      'watchlist legacy v1: rule: unknown actor @lavrov (actors: putin); skipped',
    ]);
    expect(running.watchlists.map((w) => w.id)).toEqual(['talks']);
    expect(running.feeds.map((f) => f.id)).toEqual(['extra', 'wire']);
  });
});
