import { toFeedMessage } from '../../../shared/pipeline/feed-message';
import { FeedStateWriter } from '../../../shared/pipeline/feed-state-writer';
import { MemoryFeedQueue } from '../../../shared/pipeline/memory-feed-queue';
import { initialFeedState, type FeedState } from '../../../shared/feeds/feed-state';

const at = new Date('2025-12-01T08:00:00.000Z');

describe('MemoryFeedQueue (the local poll queue)', () => {
  it('holds the same message bodies as SQS and hands each out once, in order', async () => {
    const queue = new MemoryFeedQueue();
    const feeds = [
      { id: 'a', url: 'https://a.example.org/rss', lang: 'uk' },
      { id: 'b', url: 'https://b.example.org/rss' },
    ];
    expect(await queue.enqueue(feeds, at)).toEqual([]);
    const messages = queue.drain();
    expect(messages).toEqual(feeds.map((feed) => JSON.parse(toFeedMessage(feed, at))));
    expect(messages.map((m) => m.dispatchedAt)).toEqual([at.toISOString(), at.toISOString()]);
    expect(queue.drain()).toEqual([]);
  });
});

describe('FeedStateWriter (the one feed-state save path)', () => {
  it('saves in batches and turns a failed batch into a warning naming its feeds', async () => {
    const saved: FeedState[][] = [];
    let fail = false;
    const writer = new FeedStateWriter(
      {
        putFeedStates: async (states) => {
          if (fail) throw new Error('ProvisionedThroughputExceededException');
          saved.push(states);
        },
      },
      2,
    );
    for (const id of ['a', 'b', 'c']) await writer.add(initialFeedState(id));
    expect(saved.map((b) => b.map((s) => s.feedId))).toEqual([['a', 'b']]);
    fail = true;
    await writer.flush();
    expect(writer.warnings).toEqual(['feed states of c not saved: ProvisionedThroughputExceededException']);
  });
});
