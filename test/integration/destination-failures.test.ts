import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SnsChannel } from '../../shared/alerts/channels/sns-channel';
import type { DeadLetter } from '../../shared/alerts/dead-letters';
import { FileDeadLetters } from '../../shared/alerts/file-dead-letters';
import { buildDelivery } from '../../shared/pipeline/build-delivery';
import type { ChannelOutcome, DeliveryDeps } from '../../shared/pipeline/deliver-alerts';
import { deliverPending } from '../../shared/pipeline/deliver-pending';
import { notifyMatches } from '../../shared/pipeline/notify-matches';
import { DestinationRepository } from '../../shared/store/destination-repository';
import { DynamoDeliveryStore } from '../../shared/store/dynamo-delivery-store';
import { DynamoRepository } from '../../shared/store/dynamo-repository';
import { keys } from '../../shared/store/key-schema';
import { startLocalStore, type LocalStore } from '../../shared/store/local-store';
import type { StoryMatch } from '../../shared/watchlists/story-match';
import { startChatReceiver, type ChatReceiver } from '../support/chat-receiver';
import { RecordingPublisher } from '../support/recording-publisher';
import { seedMatch } from '../support/story-fixture';

let store: LocalStore;
let dir: string;
let receiver: ChatReceiver;
let destinations: DestinationRepository;
let ledger: DynamoDeliveryStore;
let publisher: RecordingPublisher;
let outcomes: ChannelOutcome[];
let clock: Date;
const SECRET = 'failure-test-secret-0123456789';

beforeAll(async () => {
  process.env.NEWSALERT_ALLOW_LOOPBACK = 'true';
  receiver = await startChatReceiver();
});
afterAll(() => receiver.close());
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'newsalert-destination-failures-'));
  store = await startLocalStore(dir);
  destinations = new DestinationRepository(store.client, store.tableName);
  ledger = new DynamoDeliveryStore(store.client, store.tableName);
  publisher = new RecordingPublisher();
  outcomes = [];
  clock = new Date('2025-12-01T08:10:00.000Z');
  receiver.received.length = 0;
});
afterEach(() => store.close());

/** Delivery as the functions build it (destinations read from the table, status written back), with SNS recorded. */
function delivery(more: Partial<DeliveryDeps> = {}): DeliveryDeps {
  const built = buildDelivery(store.client, store.tableName, {
    env: {},
    local: { outboxFile: join(dir, 'outbox.jsonl') },
    destinationsMaxAgeMs: 0,
    deadLetters: new FileDeadLetters(join(dir, 'dead-letters.jsonl')),
    onChannelOutcomes: (list) => outcomes.push(...list),
  });
  const sns = new SnsChannel(publisher);
  const deps: DeliveryDeps = {
    ...built,
    now: () => clock,
    ...more,
    async refresh() {
      await built.refresh();
      // SNS in place of the local outbox, so a second send to it would be seen.
      deps.channels = [sns, ...built.channels.filter((c) => c.name !== 'outbox')];
    },
  };
  return deps;
}

async function addWebhook(id: string, path: string): Promise<void> {
  await destinations.put({
    id,
    kind: 'webhook',
    url: receiver.url(path),
    secret: SECRET,
    when: '2025-12-01T08:00:00.000Z',
    who: 'test',
  });
}

async function stored(...matches: StoryMatch[]): Promise<StoryMatch[]> {
  expect(await new DynamoRepository(store.client, store.tableName).putMatches(matches)).toHaveLength(
    matches.length,
  );
  return matches;
}
const match = (n: number, matchedAt = '2025-12-01T08:05:00.000Z') =>
  seedMatch(
    { watchlistId: 'talks', watchlistName: 'Peace talks', matchedAt },
    { id: `story${n}`, title: `Putin and Witkoff, story ${n}`, link: `https://e.org/${n}` },
  );
const deadLetters = (): DeadLetter[] => {
  const file = join(dir, 'dead-letters.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as DeadLetter);
};
const bodies = (path: string) => receiver.on(path).map((r) => JSON.parse(r.body) as { id: string });

describe('a destination that fails (dynalite, real receivers)', () => {
  it('a permanent 4xx is not retried: dead-lettered once with its payload, and SNS and the other destination get the alert once', async () => {
    await addWebhook('ok', '/ok');
    await addWebhook('gone', '/gone');
    receiver.reply('/gone', { status: 410, body: 'no such hook' });
    const deps = delivery();
    const matches = await stored(match(1));

    const report = await notifyMatches(matches, deps, 'stream:a');
    expect(receiver.on('/gone')).toHaveLength(1);
    expect(report.failed).toEqual([]);
    expect(report.deadLettered).toEqual([
      {
        alert: expect.objectContaining({ id: 'story1:talks' }),
        channel: 'webhook:gone',
        reason: expect.stringContaining('HTTP 410'),
      },
    ]);
    const [letter, ...more] = deadLetters();
    expect(more).toEqual([]);
    expect(letter).toMatchObject({
      version: 1,
      channel: 'webhook:gone',
      noticeId: 'story1:talks',
      cause: 'refused',
      body: { version: 1, type: 'alert.created', id: 'story1:talks' },
    });
    expect(JSON.stringify(letter)).not.toContain(SECRET);
    expect(JSON.stringify(letter)).not.toContain('/gone');
    // Done on every channel: nothing pending, and another delivery and a sweep send nothing more.
    expect(await ledger.listPending()).toEqual([]);
    await notifyMatches(matches, deps, 'stream:b');
    await deliverPending(deps, { owner: 'sweep' });
    expect(publisher.sent.map((a) => a.id)).toEqual(['story1:talks']);
    expect(bodies('/ok').map((b) => b.id)).toEqual(['story1:talks']);
    expect(receiver.on('/gone')).toHaveLength(1);

    const gone = await destinations.get('gone');
    expect(gone?.health).toMatchObject({
      failingSince: expect.any(String),
      failures: 1,
      deadLetters: 1,
      lastError: expect.stringContaining('webhook destination gone: HTTP 410'),
    });
    expect((await destinations.get('ok'))?.health).toMatchObject({
      lastOkAt: expect.any(String),
      failures: 0,
    });
    expect(outcomes).toContainEqual(expect.objectContaining({ channel: 'webhook:gone', deadLettered: 1 }));
  });

  it('a destination that keeps failing stays pending for it alone, is reported failing, and recovers; no one else is sent twice', async () => {
    await addWebhook('ok', '/ok2');
    await addWebhook('down', '/down');
    receiver.reply('/down', { status: 500 });
    const deps = delivery();
    const matches = await stored(match(1), match(2));

    const first = await notifyMatches(matches, deps, 'stream:a');
    expect(first.failed.map((f) => [f.channel, f.alert.id])).toEqual([
      ['webhook:down', 'story1:talks'],
      ['webhook:down', 'story2:talks'],
    ]);
    expect((await ledger.listPending()).map((p) => p.key).sort((a, b) => a.sk.localeCompare(b.sk))).toEqual(
      [keys.match('story1', 'talks'), keys.match('story2', 'talks')].sort((a, b) => a.sk.localeCompare(b.sk)),
    );
    await deliverPending(deps, { owner: 'sweep' });
    const down = await destinations.get('down');
    expect(down?.health).toMatchObject({ failures: 4, lastError: expect.stringContaining('HTTP 500') });
    expect(down?.health?.failingSince).toBeDefined();
    expect(deadLetters()).toEqual([]);

    receiver.reply('/down', { status: 200 });
    const sweep = await deliverPending(deps, { owner: 'sweep' });
    expect(sweep.published.map((n) => n.id).sort()).toEqual(['story1:talks', 'story2:talks']);
    expect(await ledger.listPending()).toEqual([]);
    expect((await destinations.get('down'))?.health).toMatchObject({
      failures: 0,
      lastOkAt: expect.any(String),
    });
    expect((await destinations.get('down'))?.health?.failingSince).toBeUndefined();
    // SNS and the healthy destination got each alert once over the three runs.
    expect(publisher.sent.map((a) => a.id).sort()).toEqual(['story1:talks', 'story2:talks']);
    expect(
      bodies('/ok2')
        .map((b) => b.id)
        .sort(),
    ).toEqual(['story1:talks', 'story2:talks']);
  });

  it('an alert still failing past the give-up age is dead-lettered as expired instead of pending for ever', async () => {
    await addWebhook('down', '/down3');
    receiver.reply('/down3', { status: 503 });
    const deps = delivery({ giveUpAfterMs: 3600_000 });
    const matches = await stored(match(1, '2025-12-01T06:00:00.000Z'), match(2));
    const report = await notifyMatches(matches, deps, 'stream:a');
    expect(report.deadLettered.map((d) => d.alert.id)).toEqual(['story1:talks']);
    expect(report.failed.map((f) => f.alert.id)).toEqual(['story2:talks']);
    expect(deadLetters()).toEqual([expect.objectContaining({ noticeId: 'story1:talks', cause: 'expired' })]);
    expect((await ledger.listPending()).map((p) => p.key)).toEqual([keys.match('story2', 'talks')]);
  });
});
