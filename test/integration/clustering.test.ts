import { join } from 'node:path';
import { loadWatchlists } from '../../shared/config/load-config';
import { deliverPending } from '../../shared/pipeline/deliver-pending';
import type { DeliveryDeps } from '../../shared/pipeline/deliver-alerts';
import { notifyMatches } from '../../shared/pipeline/notify-matches';
import { openClustering } from '../../shared/pipeline/open-clustering';
import { DynamoClusterStore } from '../../shared/store/dynamo-cluster-store';
import { DynamoDeliveryStore } from '../../shared/store/dynamo-delivery-store';
import { DynamoRepository } from '../../shared/store/dynamo-repository';
import type { Story } from '../../shared/stories/story';
import type { StoryMatch } from '../../shared/watchlists/story-match';
import { BACKENDS, type Backend } from '../support/backends';
import { RecordingPublisher } from '../support/recording-publisher';
import { seedMatch } from '../support/story-fixture';
import { scanAll } from '../support/table';

// DynamoDB Local answers slowly on a busy machine; each test makes a few dozen requests.
jest.setTimeout(120_000);

const WATCHLISTS = loadWatchlists(join(__dirname, '../../config/watchlists'));

// One development in three reports (a wire story, its reprint under another link, the
// Russian agency's report), and a different development of the same evening.
const KREMLIN_EN: Partial<Story> = {
  feedId: 'reuters',
  lang: 'en',
  title: 'Putin receives Witkoff and Kushner in the Kremlin for five hours of talks on the US peace plan',
  summary:
    'Russian President Vladimir Putin met US envoys Steve Witkoff and Jared Kushner in the Kremlin on Tuesday; the talks on the peace plan lasted five hours, Kremlin aide Yuri Ushakov said.',
};
const REPORTS: Record<string, Partial<Story>> = {
  a1: { ...KREMLIN_EN, publishedAt: '2025-12-02T21:00:00.000Z', link: 'https://reuters.example/world/1' },
  a2: {
    ...KREMLIN_EN,
    feedId: 'yahoo',
    publishedAt: '2025-12-02T21:20:00.000Z',
    link: 'https://yahoo.example/news/putin-witkoff-123',
  },
  a3: {
    feedId: 'tass',
    lang: 'ru',
    publishedAt: '2025-12-02T21:40:00.000Z',
    link: 'https://tass.example/politika/1',
    title: 'Путин принял Уиткоффа и Кушнера в Кремле, переговоры о мирном плане длились пять часов',
    summary:
      'Президент России Владимир Путин во вторник принял в Кремле спецпосланника США Стивена Уиткоффа и Джареда Кушнера; переговоры о мирном плане длились пять часов, сообщил помощник президента Юрий Ушаков.',
  },
  b1: {
    feedId: 'kyiv',
    lang: 'en',
    publishedAt: '2025-12-02T22:00:00.000Z',
    link: 'https://kyiv.example/zelensky-donbas',
    title: 'Zelensky says Ukraine will not give up Donbas under any peace plan',
    summary:
      'President Volodymyr Zelensky said on Tuesday evening that Ukraine would not withdraw from Donbas, rejecting a key demand in the talks.',
  },
};

function report(id: string, overrides: Partial<StoryMatch> = {}): StoryMatch {
  const story = REPORTS[id]!;
  return seedMatch(
    { matchedAt: '2025-12-02T22:05:00.000Z', ...overrides },
    { id, fetchedAt: '2025-12-02T22:05:00.000Z', ...story },
  );
}

describe.each(BACKENDS)('the clustering stage on %s', (_name, start) => {
  let backend: Backend;
  let repository: DynamoRepository;
  let ledger: DynamoDeliveryStore;
  let publisher: RecordingPublisher;
  let deps: DeliveryDeps;

  beforeEach(async () => {
    backend = await start();
    repository = new DynamoRepository(backend.client, backend.tableName);
    ledger = new DynamoDeliveryStore(backend.client, backend.tableName);
    publisher = new RecordingPublisher();
    deps = {
      ledger,
      publisher,
      clustering: openClustering(backend.client, backend.tableName, {}, async () => WATCHLISTS),
    };
  });
  afterEach(() => backend.close());

  const stored = async (...matches: StoryMatch[]) => {
    await repository.putMatches(matches);
    return matches;
  };
  const clusterItems = async () =>
    (await scanAll(backend.client, backend.tableName)).filter((i) => i.type === 'cluster');

  it('sends one alert per development across feeds, reprints and languages, listing the other sources', async () => {
    const matches = await stored(report('a1'), report('a2'), report('a3'), report('b1'));
    const result = await notifyMatches(matches, deps, 'stream:1');
    expect(result.folded).toBe(2);
    expect(publisher.sent.map((a) => a.storyId)).toEqual(['a1', 'b1']);
    const [kremlin, donbas] = publisher.sent;
    expect(kremlin!.clusterId).toMatch(/^cl-[0-9a-f]{20}$/);
    expect(donbas!.clusterId).not.toBe(kremlin!.clusterId);
    expect(kremlin!.sources).toEqual([
      { feedId: 'reuters', storyId: 'a1', title: REPORTS.a1!.title, link: REPORTS.a1!.link },
    ]);
    // Every stored match names its development; the folded ones are done, not pending.
    const items = await scanAll(backend.client, backend.tableName);
    const clusterOf = (id: string) => items.find((i) => i.type === 'match' && (i.story as Story).id === id)!;
    expect(['a2', 'a3'].map((id) => clusterOf(id).clusterId)).toEqual([
      kremlin!.clusterId,
      kremlin!.clusterId,
    ]);
    expect(clusterOf('a2').foldedInto).toBe(kremlin!.clusterId);
    expect(await ledger.listPending()).toEqual([]);
    const cluster = await new DynamoClusterStore(backend.client, backend.tableName).getCluster(
      kremlin!.clusterId!,
    );
    expect(cluster?.storyIds).toEqual(['a1', 'a2', 'a3']);
    expect(cluster?.sources.map((s) => `${s.feedId}:${s.lang}`)).toEqual([
      'reuters:en',
      'yahoo:en',
      'tass:ru',
    ]);
  });

  it('cluster items carry the TTL attribute: they expire 30 days after their window closed', async () => {
    await notifyMatches(await stored(report('a1'), report('a2'), report('b1')), deps, 'stream:1');
    const items = (await scanAll(backend.client, backend.tableName)).filter((i) =>
      ['cluster', 'cluster-pointer'].includes(i.type as string),
    );
    expect(items).toHaveLength(4); // two clusters, each with its pointer
    const opened = Date.parse('2025-12-02T21:00:00.000Z') / 1000; // a1 opened the first
    const keep = (48 + 30 * 24) * 3600;
    const expiries = items.map((i) => i.expiresAt as number).sort();
    expect(expiries[0]).toBe(opened + keep);
    expect(expiries.every((e) => e >= opened + keep && e <= opened + keep + 3600)).toBe(true);
    // The setting moves it: a 72 h window keeps them a day longer.
    const longer = openClustering(
      backend.client,
      backend.tableName,
      { CLUSTER_WINDOW_HOURS: '72' },
      async () => WATCHLISTS,
    );
    await notifyMatches(
      await stored(report('a3', { watchlistId: 'other' })),
      { ...deps, clustering: longer },
      'stream:2',
    );
    const other = (await clusterItems()).find((i) => i.watchlistId === 'other')!;
    expect(other.expiresAt).toBe(Date.parse('2025-12-02T21:40:00.000Z') / 1000 + keep + 24 * 3600);
  });

  it('a rerun of the same batch changes no cluster and sends nothing', async () => {
    const matches = await stored(report('a1'), report('a2'), report('b1'));
    await notifyMatches(matches, deps, 'stream:1');
    const before = await clusterItems();
    const again = await notifyMatches(matches, deps, 'stream:2');
    expect(again.published).toEqual([]);
    expect(publisher.sent).toHaveLength(2);
    expect(await clusterItems()).toEqual(before);
  });

  it('a later report that raises the priority sends an update alert with the sources so far', async () => {
    await notifyMatches(await stored(report('a1')), deps, 'stream:1');
    const high = report('a3', {
      priority: 'high',
      priorityReasons: ['Putin with a US envoy in the headline'],
    });
    await notifyMatches(await stored(high), deps, 'stream:2');
    expect(publisher.sent.map((a) => [a.storyId, a.update ?? false])).toEqual([
      ['a1', false],
      ['a3', true],
    ]);
    const update = publisher.sent[1]!;
    expect(update.clusterId).toBe(publisher.sent[0]!.clusterId);
    expect(update.sources!.map((s) => s.storyId)).toEqual(['a1', 'a3']);
    expect(update.subject).toContain('UPDATE: HIGH:');
    expect(update.email).toContain('Also reported by: reuters (en)');
  });

  it('two workers placing reports of one development at the same moment send one alert', async () => {
    const [a1, a2] = await stored(report('a1'), report('a2'));
    const other: DeliveryDeps = {
      ...deps,
      clustering: openClustering(backend.client, backend.tableName, {}, async () => WATCHLISTS),
    };
    const results = await Promise.all([
      notifyMatches([a1!], deps, 'stream:x'),
      notifyMatches([a2!], other, 'stream:y'),
    ]);
    expect(publisher.sent).toHaveLength(1);
    expect(results.map((r) => r.folded).sort()).toEqual([0, 1]);
    expect(await clusterItems()).toHaveLength(1);
  });

  it('the sweep places a match left pending before clustering, so a folded report never alerts', async () => {
    await notifyMatches(await stored(report('a1')), deps, 'stream:1');
    await stored(report('a2')); // stored, but its notify died before it ran
    const swept = await deliverPending(deps, { owner: 'sweep' });
    expect(swept).toMatchObject({ published: [], folded: 1 });
    expect(publisher.sent.map((a) => a.storyId)).toEqual(['a1']);
    expect(await ledger.listPending()).toEqual([]);
  });
});
