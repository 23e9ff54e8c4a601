import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SnsChannel } from '../../shared/alerts/channels/sns-channel';
import { SmsBudget } from '../../shared/alerts/sms-budget';
import { deliverPending } from '../../shared/pipeline/deliver-pending';
import { notifyMatches } from '../../shared/pipeline/notify-matches';
import { DynamoDeliveryStore } from '../../shared/store/dynamo-delivery-store';
import { DynamoRepository } from '../../shared/store/dynamo-repository';
import { keys } from '../../shared/store/key-schema';
import { startLocalStore, type LocalStore } from '../../shared/store/local-store';
import type { StoryMatch } from '../../shared/watchlists/story-match';
import { RecordingChannel } from '../support/recording-channel';
import { RecordingPublisher } from '../support/recording-publisher';
import { seedMatch } from '../support/story-fixture';

let store: LocalStore;
let repository: DynamoRepository;
let ledger: DynamoDeliveryStore;
const now = () => new Date('2025-12-01T08:10:00.000Z');

beforeEach(async () => {
  store = await startLocalStore(mkdtempSync(join(tmpdir(), 'newsalert-channels-')));
  repository = new DynamoRepository(store.client, store.tableName);
  ledger = new DynamoDeliveryStore(store.client, store.tableName);
});
afterEach(() => store.close());

const match = (n: number, priority?: string): StoryMatch =>
  Object.assign(
    seedMatch(
      { watchlistId: 'talks', watchlistName: 'Peace talks', matchedAt: '2025-12-01T08:05:00.000Z' },
      { id: `story${n}`, title: `Putin and Witkoff, story ${n}`, link: `https://e.org/${n}` },
    ),
    priority ? { priority } : {},
  );

async function stored(...matches: StoryMatch[]): Promise<StoryMatch[]> {
  expect(await repository.putMatches(matches)).toHaveLength(matches.length);
  return matches;
}

describe('channels and the per-channel ledger (dynalite)', () => {
  it('one channel failing is retried alone: the channel that took the alert is not sent it again', async () => {
    const publisher = new RecordingPublisher();
    const chat = new RecordingChannel('chat');
    chat.fail = (m) => m.id === 'story2:talks';
    const channels = [new SnsChannel(publisher), chat];
    const matches = await stored(match(1), match(2));

    const first = await notifyMatches(matches, { ledger, channels, now }, 'stream:a');
    expect(first.published.map((n) => n.storyId)).toEqual(['story1']);
    expect(first.failed).toEqual([
      {
        alert: expect.objectContaining({ storyId: 'story2' }),
        channel: 'chat',
        reason: 'chat: story2:talks: 503',
      },
    ]);
    expect((await ledger.listPending()).map((p) => p.key)).toEqual([keys.match('story2', 'talks')]);

    chat.fail = () => false;
    const sweep = await deliverPending({ ledger, channels, now }, { owner: 'sweep' });
    expect(sweep.published.map((n) => n.storyId)).toEqual(['story2']);
    expect(publisher.sent.map((a) => a.storyId)).toEqual(['story1', 'story2']);
    expect(chat.sent.map((m) => m.id)).toEqual(['story1:talks', 'story2:talks']);
    expect(await ledger.listPending()).toEqual([]);

    // A third run finds every channel done.
    expect(await notifyMatches(matches, { ledger, channels, now }, 'stream:b')).toMatchObject({
      published: [],
      alreadySent: 2,
    });
  });

  it('a channel whose route selects nothing counts as delivered; routing reads the same facts as SNS', async () => {
    const publisher = new RecordingPublisher();
    const chat = new RecordingChannel('chat', { protocol: 'email', minPriority: 'high' });
    const matches = await stored(match(1, 'high'), match(2));
    const report = await notifyMatches(
      matches,
      { ledger, channels: [new SnsChannel(publisher), chat], now },
      'x',
    );
    expect(report.published.map((n) => n.storyId)).toEqual(['story1', 'story2']);
    expect(chat.sent.map((m) => m.id)).toEqual(['story1:talks']);
    expect(publisher.sent).toHaveLength(2);
    expect(await ledger.listPending()).toEqual([]);
  });

  it('an SMS slot is taken once: a retry on another channel does not count the SMS again', async () => {
    const publisher = new RecordingPublisher();
    const chat = new RecordingChannel('chat');
    chat.fail = () => true;
    const smsBudget = new SmsBudget(ledger, { global: 1, perWatchlist: 1 });
    const channels = [new SnsChannel(publisher), chat];
    const [m] = await stored(match(1));
    await notifyMatches([m!], { ledger, channels, smsBudget, now }, 'a');
    chat.fail = () => false;
    await notifyMatches([m!], { ledger, channels, smsBudget, now }, 'a');
    expect(publisher.sent).toHaveLength(1);
    expect(chat.sent).toHaveLength(1);
    // The hour's one slot went to story1's SMS: a new alert gets none.
    const [m2] = await stored(match(2));
    const report = await notifyMatches([m2!], { ledger, channels, smsBudget, now }, 'a');
    expect(report.smsDeferred).toBe(1);
  });
});
