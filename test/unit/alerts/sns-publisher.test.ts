import { PublishBatchCommand, SNSClient, type PublishBatchCommandInput } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import type { Alert } from '../../../shared/alerts/alert';
import { formatAlert } from '../../../shared/alerts/format-alert';
import { entryBytes, SNS_LIMITS } from '../../../shared/alerts/sns-limits';
import { SnsAlertPublisher, toEntry } from '../../../shared/alerts/sns-publisher';
import { seedMatch } from '../../support/story-fixture';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:alerts';
const sns = mockClient(SNSClient);
const alerts = (n: number) =>
  Array.from({ length: n }, (_, i) => formatAlert(seedMatch({}, { id: `story${i}` })));
const sleeps: number[] = [];
const publisher = (maxAttempts = 4) =>
  new SnsAlertPublisher(new SNSClient({ region: 'eu-west-1' }), TOPIC, {
    maxAttempts,
    sleep: async (ms) => sleeps.push(ms),
  });
const requests = () =>
  sns.commandCalls(PublishBatchCommand).map((c) => c.args[0].input as PublishBatchCommandInput);
/** SNS's answer: every entry accepted except those `fail` picks. */
const answer =
  (fail: (id: string) => { Code: string; SenderFault: boolean } | undefined) =>
  (input: PublishBatchCommandInput) => {
    const entries = input.PublishBatchRequestEntries ?? [];
    return {
      Successful: entries.filter((e) => !fail(e.Id!)).map((e) => ({ Id: e.Id, MessageId: `m-${e.Id}` })),
      Failed: entries
        .filter((e) => fail(e.Id!))
        .map((e) => ({ Id: e.Id, ...fail(e.Id!)!, Message: 'try again' })),
    };
  };

beforeEach(() => {
  sns.reset();
  sleeps.length = 0;
});

describe('SnsAlertPublisher', () => {
  it('sends MessageStructure json with the per-protocol texts, the ASCII subject and the attributes', async () => {
    sns.on(PublishBatchCommand).callsFake(answer(() => undefined));
    const [alert] = alerts(1);
    const result = await publisher().publish([alert!]);
    expect(requests()).toEqual([
      {
        TopicArn: TOPIC,
        PublishBatchRequestEntries: [
          {
            Id: '0-story0',
            Subject: '[Ukraine peace talks] Putin to meet US envoy Witkoff in Moscow on peace plan',
            MessageStructure: 'json',
            Message: JSON.stringify({ default: alert!.default, email: alert!.email, sms: alert!.sms }),
            MessageAttributes: {
              watchlist: { DataType: 'String', StringValue: 'ukraine-peace-talks' },
              actors: { DataType: 'String.Array', StringValue: '["putin","witkoff"]' },
              priority: { DataType: 'String', StringValue: 'normal' },
              lang: { DataType: 'String', StringValue: 'en' },
              delivery: { DataType: 'String.Array', StringValue: '["email","sms"]' },
            },
          },
        ],
      },
    ]);
    expect(result).toEqual({ published: [{ alert, messageId: 'm-0-story0' }], failed: [] });
  });

  it('splits into batches of at most 10 entries with unique ids', async () => {
    sns.on(PublishBatchCommand).callsFake(answer(() => undefined));
    const result = await publisher().publish(alerts(23));
    const batches = requests().map((r) => r.PublishBatchRequestEntries!);
    expect(batches.map((b) => b.length)).toEqual([10, 10, 3]);
    for (const batch of batches) expect(new Set(batch.map((e) => e.Id)).size).toBe(batch.length);
    expect(result.published).toHaveLength(23);
  });

  it('also splits when the entries together would pass 256 KiB', async () => {
    sns.on(PublishBatchCommand).callsFake(answer(() => undefined));
    const big = alerts(5).map((a): Alert => ({ ...a, email: `${a.email}\n${'x'.repeat(100_000)}` }));
    await publisher().publish(big);
    const batches = requests().map((r) => r.PublishBatchRequestEntries!);
    expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
    for (const batch of batches)
      expect(batch.reduce((n, e) => n + entryBytes(e), 0)).toBeLessThanOrEqual(SNS_LIMITS.batchBytes);
  });

  it('retries only the entries that failed in a 200 answer, until each is published once', async () => {
    let call = 0;
    // First call: entries 3 and 7 fail; second call: entry 7 fails again; third: all good.
    sns.on(PublishBatchCommand).callsFake((input: PublishBatchCommandInput) => {
      call++;
      const failing = call === 1 ? ['3-story3', '7-story7'] : call === 2 ? ['7-story7'] : [];
      return answer((id) =>
        failing.includes(id) ? { Code: 'InternalError', SenderFault: false } : undefined,
      )(input);
    });
    const result = await publisher().publish(alerts(10));
    expect(requests().map((r) => r.PublishBatchRequestEntries!.map((e) => e.Id))).toEqual([
      [
        '0-story0',
        '1-story1',
        '2-story2',
        '3-story3',
        '4-story4',
        '5-story5',
        '6-story6',
        '7-story7',
        '8-story8',
        '9-story9',
      ],
      ['3-story3', '7-story7'],
      ['7-story7'],
    ]);
    expect(result.failed).toEqual([]);
    const publishedIds = result.published.map((p) => p.alert.storyId).sort();
    expect(publishedIds).toEqual(
      alerts(10)
        .map((a) => a.storyId)
        .sort(),
    );
    expect(sleeps).toHaveLength(2);
  });

  it('retries a call that throws (throttling, network) as a whole', async () => {
    sns
      .on(PublishBatchCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException' }))
      .callsFake(answer(() => undefined));
    const result = await publisher().publish(alerts(3));
    expect(requests()).toHaveLength(2);
    expect(result.published).toHaveLength(3);
  });

  it('does not retry an entry SNS refuses as the sender’s fault, and reports it', async () => {
    sns
      .on(PublishBatchCommand)
      .callsFake(
        answer((id) => (id === '1-story1' ? { Code: 'InvalidParameter', SenderFault: true } : undefined)),
      );
    const result = await publisher().publish(alerts(2));
    expect(requests()).toHaveLength(1);
    expect(result.published.map((p) => p.alert.storyId)).toEqual(['story0']);
    expect(result.failed).toEqual([
      {
        alert: expect.objectContaining({ storyId: 'story1' }),
        reason: `${TOPIC}: alert story1:ukraine-peace-talks: InvalidParameter try again`,
      },
    ]);
  });

  it('gives up after the last attempt and reports the entries still failing, without throwing', async () => {
    sns
      .on(PublishBatchCommand)
      .callsFake(
        answer((id) => (id === '0-story0' ? { Code: 'InternalError', SenderFault: false } : undefined)),
      );
    const result = await publisher(3).publish(alerts(2));
    expect(requests()).toHaveLength(3);
    expect(result.published.map((p) => p.alert.storyId)).toEqual(['story1']);
    expect(result.failed.map((f) => f.alert.storyId)).toEqual(['story0']);
  });

  it('refuses, before calling SNS, an alert beyond the SNS limits (subject of 100+ characters, message over 256 KiB)', async () => {
    sns.on(PublishBatchCommand).callsFake(answer(() => undefined));
    const [ok, longSubject, huge] = alerts(3);
    const result = await publisher().publish([
      ok!,
      { ...longSubject!, subject: 'x'.repeat(100) },
      { ...huge!, email: 'x'.repeat(262_144) },
    ]);
    expect(requests().map((r) => r.PublishBatchRequestEntries!.map((e) => e.Id))).toEqual([['0-story0']]);
    expect(result.failed.map((f) => f.reason)).toEqual([
      `${TOPIC}: alert story1:ukraine-peace-talks: the subject has 100 characters (at most 99)`,
      expect.stringMatching(
        new RegExp(
          `^${TOPIC}: alert story2:ukraine-peace-talks: the message is \\d+ bytes \\(at most 262144\\)$`,
        ),
      ),
    ]);
  });

  it('builds batch ids SNS accepts from any delivery id', () => {
    const digest = { ...alerts(1)[0]!, storyId: 'digest:sms:2025-12-01T08:ukraine-peace-talks' };
    expect(toEntry(digest, 3).Id).toBe('3-digest_sms_2025-12-01T08_ukraine-peace-talks');
  });
});
