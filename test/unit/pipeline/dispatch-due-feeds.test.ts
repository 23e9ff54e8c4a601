import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FeedConfig } from '../../../shared/feeds/feed-config';
import {
  dispatchDueFeeds,
  isDue,
  type EnqueueFailure,
  type FeedQueue,
} from '../../../shared/pipeline/dispatch-due-feeds';
import { DynamoRepository } from '../../../shared/store/dynamo-repository';
import { initialFeedState, type FeedState } from '../../../shared/feeds/feed-state';
import { startLocalStore, type LocalStore } from '../../../shared/store/local-store';

const NOW = new Date('2025-12-02T08:00:00.000Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();
const feed = (id: string): FeedConfig => ({ id, url: `https://news.example.org/${id}.xml` });

/** A queue that remembers what it was given and fails the feeds it is told to. */
class RecordingQueue implements FeedQueue {
  readonly sent: { feeds: string[]; dispatchedAt: Date }[] = [];
  constructor(private readonly failing: string[] = []) {}
  async enqueue(feeds: readonly FeedConfig[], dispatchedAt: Date): Promise<EnqueueFailure[]> {
    this.sent.push({ feeds: feeds.map((f) => f.id), dispatchedAt });
    return feeds
      .filter((f) => this.failing.includes(f.id))
      .map((f) => ({ feedId: f.id, reason: 'queue: throttled' }));
  }
}

let dir: string;
let store: LocalStore;
let repository: DynamoRepository;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'newsalert-dispatch-'));
  store = await startLocalStore(dir);
  repository = new DynamoRepository(store.client, store.tableName);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const put = (id: string, state: Partial<FeedState>) =>
  repository.putFeedState({ ...initialFeedState(id), ...state });

describe('isDue', () => {
  test.each([
    ['never polled', undefined, true],
    ['no next-check time', initialFeedState('a'), true],
    ['next check in the past', { ...initialFeedState('a'), nextCheckAt: at(-1) }, true],
    ['next check exactly now', { ...initialFeedState('a'), nextCheckAt: at(0) }, true],
    ['next check in the future', { ...initialFeedState('a'), nextCheckAt: at(1) }, false],
    ['unreadable next-check time', { ...initialFeedState('a'), nextCheckAt: 'soon' }, true],
  ])('%s', (_name, state, expected) => {
    expect(isDue(state, NOW)).toBe(expected);
  });
});

describe('dispatchDueFeeds on dynalite', () => {
  test('sends feeds never polled or past their next check, holds back the others, in config order', async () => {
    await put('d-past', { nextCheckAt: at(-10) });
    await put('d-later', { nextCheckAt: at(30) });
    await put('d-nonext', { lastCheckedAt: at(-5) });
    const feeds = ['d-new', 'd-past', 'd-later', 'd-nonext'].map(feed);
    const queue = new RecordingQueue();
    const summary = await dispatchDueFeeds({ feeds, repository, queue, now: () => NOW });
    expect(queue.sent).toEqual([{ feeds: ['d-new', 'd-past', 'd-nonext'], dispatchedAt: NOW }]);
    expect(summary).toEqual({
      feeds: 4,
      due: 3,
      dispatched: 3,
      failed: [],
      failingFeeds: 0,
      longestFailureSeconds: 0,
    });
  });

  test('nothing due: the queue is not called at all', async () => {
    await put('n-1', { nextCheckAt: at(5) });
    const queue = new RecordingQueue();
    const summary = await dispatchDueFeeds({ feeds: [feed('n-1')], repository, queue, now: () => NOW });
    expect(queue.sent).toEqual([]);
    expect(summary).toMatchObject({ due: 0, dispatched: 0 });
  });

  test('feeds the queue refuses are reported and the rest still count as dispatched', async () => {
    const queue = new RecordingQueue(['q-2']);
    const summary = await dispatchDueFeeds({
      feeds: ['q-1', 'q-2', 'q-3'].map(feed),
      repository,
      queue,
      now: () => NOW,
    });
    expect(summary).toMatchObject({
      due: 3,
      dispatched: 2,
      failed: [{ feedId: 'q-2', reason: 'queue: throttled' }],
    });
  });

  test('reports how many feeds fail and for how long the longest failure has lasted', async () => {
    await put('f-2h', { status: 'failing', errorCount: 7, failingSince: at(-120), lastSuccessAt: at(-600) });
    await put('f-30m', { status: 'failing', errorCount: 2, failingSince: at(-30) });
    await put('f-old', { status: 'failing', errorCount: 1, lastSuccessAt: at(-90) }); // state written before failingSince existed
    await put('f-ok', { status: 'ok', lastSuccessAt: at(-1) });
    const summary = await dispatchDueFeeds({
      feeds: ['f-2h', 'f-30m', 'f-old', 'f-ok'].map(feed),
      repository,
      queue: new RecordingQueue(),
      now: () => NOW,
    });
    expect(summary).toMatchObject({ failingFeeds: 3, longestFailureSeconds: 2 * 3600 });
  });

  test('reads the state of more feeds than one BatchGetItem takes (100)', async () => {
    const ids = Array.from({ length: 250 }, (_, i) => `b-${i}`);
    // Every third feed is not due yet.
    for (const [i, id] of ids.entries()) if (i % 3 === 0) await put(id, { nextCheckAt: at(60) });
    const queue = new RecordingQueue();
    const summary = await dispatchDueFeeds({ feeds: ids.map(feed), repository, queue, now: () => NOW });
    expect(summary.due).toBe(250 - 84);
    expect(queue.sent[0]!.feeds).toEqual(ids.filter((_, i) => i % 3 !== 0));
  });
});

describe('getFeedStates', () => {
  test('returns stored states by feed id, without the key attributes; unknown feeds are absent', async () => {
    await put('s-1', { etag: '"v1"', nextCheckAt: at(5) });
    const states = await repository.getFeedStates(['s-1', 's-unknown', 's-1']);
    expect([...states.keys()]).toEqual(['s-1']);
    expect(states.get('s-1')).toEqual({ ...initialFeedState('s-1'), etag: '"v1"', nextCheckAt: at(5) });
  });

  test('no ids, no call', async () => {
    expect((await repository.getFeedStates([])).size).toBe(0);
  });
});
