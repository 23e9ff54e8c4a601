import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attributeValues } from '../../shared/alerts/alert';
import { LocalSubscriptions } from '../../shared/alerts/local-subscriptions';
import { OutboxPublisher } from '../../shared/alerts/outbox-publisher';
import { SmsBudget } from '../../shared/alerts/sms-budget';
import { formatAlert } from '../../shared/alerts/format-alert';
import { deliverPending } from '../../shared/pipeline/deliver-pending';
import { notifyMatches } from '../../shared/pipeline/notify-matches';
import { runDigests } from '../../shared/pipeline/run-digests';
import { DynamoDeliveryStore } from '../../shared/store/dynamo-delivery-store';
import { DynamoRepository } from '../../shared/store/dynamo-repository';
import { keys } from '../../shared/store/key-schema';
import { startLocalStore, type LocalStore } from '../../shared/store/local-store';
import type { StoryMatch } from '../../shared/watchlists/story-match';
import { RecordingPublisher } from '../support/recording-publisher';
import { seedMatch } from '../support/story-fixture';

let store: LocalStore;
let dataDir: string;
let repository: DynamoRepository;
let ledger: DynamoDeliveryStore;
let clock: Date;
const now = () => clock;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'newsalert-delivery-'));
  store = await startLocalStore(dataDir);
  repository = new DynamoRepository(store.client, store.tableName);
  ledger = new DynamoDeliveryStore(store.client, store.tableName);
  clock = new Date('2025-12-01T08:10:00.000Z');
});
afterEach(() => store.close());

/** Stores matches the way the poller does (conditional puts, born pending). */
async function stored(...matches: StoryMatch[]): Promise<StoryMatch[]> {
  for (const m of matches) expect(await repository.putMatches([m])).toEqual([m]);
  return matches;
}
const match = (n: number, watchlistId = 'talks', matchedAt = '2025-12-01T08:05:00.000Z') =>
  seedMatch(
    { watchlistId, watchlistName: watchlistId === 'talks' ? 'Peace talks' : 'Sanctions', matchedAt },
    { id: `story${n}`, title: `Putin and Witkoff, story ${n}`, link: `https://e.org/${n}` },
  );

describe('delivery bookkeeping on the table (dynalite)', () => {
  it('a match notified twice (a redelivered record) is published once', async () => {
    const publisher = new RecordingPublisher();
    const matches = await stored(match(1), match(2));
    const first = await notifyMatches(matches, { ledger, publisher, now }, 'stream:a');
    const second = await notifyMatches(matches, { ledger, publisher, now }, 'stream:b');
    expect(first.published).toHaveLength(2);
    expect(second).toMatchObject({ published: [], alreadySent: 2 });
    expect(publisher.sent.map((a) => a.storyId)).toEqual(['story1', 'story2']);
    expect(await ledger.listPending()).toEqual([]);
  });

  it('a claim held by a live worker is left alone; an expired one is taken over; the same owner may retry at once', async () => {
    const [m] = await stored(match(1));
    const key = keys.match('story1', 'talks');
    expect(await ledger.claim(key, 'worker-a', 60_000, clock)).toBe('claimed');
    const publisher = new RecordingPublisher();
    expect(await notifyMatches([m!], { ledger, publisher, now }, 'worker-b')).toMatchObject({
      busy: 1,
      published: [],
    });
    expect(await ledger.claim(key, 'worker-a', 60_000, clock)).toBe('claimed');
    clock = new Date(clock.getTime() + 61_000);
    expect((await notifyMatches([m!], { ledger, publisher, now }, 'worker-b')).published).toHaveLength(1);
    expect(await ledger.claim(key, 'worker-a', 60_000, clock)).toBe('sent');
  });

  it('an alert that fails to publish stays pending and is sent, once, by the next delivery', async () => {
    const publisher = new RecordingPublisher();
    publisher.fail = (a) => a.storyId === 'story2';
    const matches = await stored(match(1), match(2), match(3));
    const first = await notifyMatches(matches, { ledger, publisher, now }, 'stream:x');
    expect(first.failed.map((f) => f.alert.storyId)).toEqual(['story2']);
    expect((await ledger.listPending()).map((p) => p.key)).toEqual([keys.match('story2', 'talks')]);
    publisher.fail = () => false;
    // Released, so another worker need not wait for the lease.
    const sweep = await deliverPending({ ledger, publisher, now }, { owner: 'sweep' });
    expect(sweep.published.map((a) => a.storyId)).toEqual(['story2']);
    expect(publisher.sent.map((a) => a.storyId).sort()).toEqual(['story1', 'story2', 'story3']);
  });

  it('the sweep leaves young pending alerts to the stream', async () => {
    await stored(
      match(1, 'talks', '2025-12-01T08:08:00.000Z'),
      match(2, 'talks', '2025-12-01T07:50:00.000Z'),
    );
    const publisher = new RecordingPublisher();
    const report = await deliverPending(
      { ledger, publisher, now },
      { owner: 'sweep', olderThan: new Date(clock.getTime() - 10 * 60_000) },
    );
    expect(report.published.map((a) => a.storyId)).toEqual(['story2']);
  });

  it('caps SMS per watchlist and globally per hour, rolls the rest into one SMS digest per watchlist, sent once', async () => {
    const publisher = new RecordingPublisher();
    const smsBudget = new SmsBudget(ledger, { global: 3, perWatchlist: 2 });
    const deps = { ledger, publisher, smsBudget, now };
    const matches = await stored(match(1), match(2), match(3), match(4, 'sanctions'), match(5, 'sanctions'));
    const report = await notifyMatches(matches, deps, 'local');
    const delivery = Object.fromEntries(
      publisher.sent.map((a) => [a.storyId, attributeValues(a, 'delivery').join('+')]),
    );
    // talks: 2 SMS, the third over the watchlist cap; sanctions: 1 SMS, then the global cap (3).
    expect(delivery).toEqual({
      story1: 'email+sms',
      story2: 'email+sms',
      story3: 'email',
      story4: 'email+sms',
      story5: 'email',
    });
    expect(report.smsDeferred).toBe(2);

    // Within the same hour no digest is due.
    expect((await runDigests({ ...deps, store: ledger }, { owner: 'digest' })).smsDigests).toBe(0);
    clock = new Date('2025-12-01T09:01:00.000Z');
    const digests = await runDigests({ ...deps, store: ledger }, { owner: 'digest' });
    expect(digests).toMatchObject({
      smsDigests: 2,
      delivery: { published: [expect.anything(), expect.anything()] },
    });
    const sent = publisher.sent.filter((a) => a.kind === 'sms-digest');
    expect(sent.map((a) => [a.watchlist, a.storyIds, attributeValues(a, 'delivery')])).toEqual([
      ['sanctions', ['story5'], ['sms']],
      ['talks', ['story3'], ['sms']],
    ]);
    expect(sent[1]!.sms).toBe(
      'Peace talks: 1 alert 08:00-09:00 UTC (SMS cap). Top: Putin and Witkoff, story 3 https://e.org/3',
    );
    // Nothing twice: the backlog is empty and the digests are marked sent.
    const again = await runDigests({ ...deps, store: ledger }, { owner: 'digest' });
    expect(again).toMatchObject({ smsDigests: 0, delivery: { published: [] } });
  });

  it('a HIGH alert gets its SMS though normal alerts used the caps, counted against them, up to the high ceiling', async () => {
    const publisher = new RecordingPublisher();
    const smsBudget = new SmsBudget(ledger, { global: 10, perWatchlist: 5, highCeiling: 2 });
    const deps = { ledger, publisher, smsBudget, now };
    const high = (n: number) => ({ ...match(n), priority: 'high' });
    // Five normal alerts use the watchlist's hourly cap...
    await notifyMatches(await stored(match(1), match(2), match(3), match(4), match(5)), deps, 'local');
    // ...and the HIGH alerts about the very meeting still go by SMS, up to the ceiling of 2.
    const report = await notifyMatches(await stored(match(6), high(7), high(8), high(9)), deps, 'local');
    const delivery = Object.fromEntries(
      publisher.sent.map((a) => [a.storyId, attributeValues(a, 'delivery').join('+')]),
    );
    expect(delivery).toMatchObject({
      story5: 'email+sms',
      story6: 'email',
      story7: 'email+sms',
      story8: 'email+sms',
      story9: 'email',
    });
    expect(report.smsDeferred).toBe(2);
    // They counted against the caps: the watchlist is at 7 of 5, so no normal SMS goes out
    // until the hour ends, and the global cap has 3 left for other watchlists.
    const other = await notifyMatches(
      await stored(
        match(10, 'sanctions'),
        match(11, 'sanctions'),
        match(12, 'sanctions'),
        match(13, 'sanctions'),
      ),
      deps,
      'local',
    );
    expect(publisher.sent.slice(-4).map((a) => attributeValues(a, 'delivery').join('+'))).toEqual([
      'email+sms',
      'email+sms',
      'email+sms',
      'email',
    ]);
    expect(other.smsDeferred).toBe(1);
  });

  it('a digest run that died after storing its digest finishes it without building a second one', async () => {
    const publisher = new RecordingPublisher();
    const smsBudget = new SmsBudget(ledger, { global: 0, perWatchlist: 0 });
    await notifyMatches(await stored(match(1), match(2)), { ledger, publisher, smsBudget, now }, 'local');
    clock = new Date('2025-12-01T09:01:00.000Z');
    const backlog = await ledger.listSmsBacklog(clock.toISOString());
    // The crash: the digest is stored, its members are still in the backlog.
    const alert = {
      ...formatAlert(backlog[0]!.match),
      id: 'digest:sms:2025-12-01T08:talks',
      kind: 'sms-digest' as const,
    };
    await ledger.createDigest(
      keys.digest('sms', '2025-12-01T08', 'talks'),
      alert,
      backlog.map((b) => b.key),
      clock,
    );
    const report = await runDigests(
      { ledger, publisher, smsBudget, now, store: ledger },
      { owner: 'digest' },
    );
    expect(report.smsDigests).toBe(0);
    expect(publisher.sent.filter((a) => a.kind === 'sms-digest')).toHaveLength(1);
    expect(await ledger.listSmsBacklog(clock.toISOString())).toEqual([]);
  });

  it('sends the daily e-mail digest of yesterday per watchlist from the configured hour, once', async () => {
    await stored(
      match(1, 'talks', '2025-11-30T10:00:00.000Z'),
      match(2, 'talks', '2025-11-30T23:59:59.000Z'),
      match(3, 'talks', '2025-12-01T00:00:00.000Z'),
      match(4, 'sanctions', '2025-11-29T12:00:00.000Z'),
    );
    const publisher = new RecordingPublisher();
    const deps = { ledger, publisher, now, store: ledger };
    const options = {
      owner: 'digest',
      watchlists: [{ id: 'talks' }, { id: 'sanctions' }],
      dailyDigestHour: 7,
    };
    clock = new Date('2025-12-01T06:59:00.000Z');
    await deliverPending(deps, { owner: 'stream' });
    expect((await runDigests(deps, options)).dailyDigests).toBe(0);
    clock = new Date('2025-12-01T07:01:00.000Z');
    expect((await runDigests(deps, options)).dailyDigests).toBe(1);
    const digests = publisher.sent.filter((a) => a.kind === 'email-digest');
    expect(digests.map((a) => [a.subject, a.storyIds])).toEqual([
      ['[Peace talks] Daily digest 2025-11-30: 2 alerts', ['story1', 'story2']],
    ]);
    clock = new Date('2025-12-01T08:01:00.000Z');
    expect((await runDigests(deps, options)).dailyDigests).toBe(0);
    expect(publisher.sent.filter((a) => a.kind === 'email-digest')).toHaveLength(1);
  });

  it('the local outbox writes an alert once even when it is delivered again after a crash, and lists the local subscribers it reaches', async () => {
    const subscriptions = new LocalSubscriptions(join(dataDir, 'subscriptions.json'));
    await subscriptions.subscribe('ops@example.com', { protocol: 'email' });
    await subscriptions.subscribe('+14155550100', { protocol: 'sms', actors: ['zelensky'] });
    await subscriptions.subscribe('desk@example.org', {
      protocol: 'email',
      watchlists: ['talks'],
      actors: ['witkoff'],
    });
    const outboxFile = join(dataDir, 'outbox.jsonl');
    const outbox = () =>
      existsSync(outboxFile)
        ? readFileSync(outboxFile, 'utf8')
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l))
        : [];
    const [m] = await stored(match(1));
    // The crash: the row is written, the alert is not marked sent.
    await new OutboxPublisher(outboxFile, { recipients: (a) => subscriptions.recipients(a) }).publish([
      formatAlert(m!),
    ]);
    const report = await deliverPending(
      { ledger, publisher: new OutboxPublisher(outboxFile), now },
      { owner: 'local' },
    );
    expect(report.published).toHaveLength(1);
    expect(await ledger.listPending()).toEqual([]);
    const rows = outbox();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      watchlist: 'talks',
      storyId: 'story1',
      subject: expect.any(String),
      email: expect.any(String),
      sms: expect.any(String),
      attributes: expect.any(Object),
    });
    expect(rows[0].recipients).toEqual(['email:ops@example.com', 'email:desk@example.org']);
  });
});
