import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import type { FeedConfig } from '../../../shared/feeds/feed-config';
import { parseFeedMessage } from '../../../shared/pipeline/feed-message';
import { SqsFeedQueue } from '../../../shared/pipeline/sqs-feed-queue';

const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/poll';
const NOW = new Date('2025-12-02T08:00:00.000Z');
const sqs = mockClient(SQSClient);
const feeds = (n: number): FeedConfig[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `feed-${i}`,
    url: `https://news.example.org/${i}.xml`,
    name: `Feed ${i}`,
  }));
const calls = () => sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
const queue = () => new SqsFeedQueue(new SQSClient({ region: 'eu-west-1' }), QUEUE, { concurrency: 1 });

beforeEach(() => sqs.reset());

describe('SqsFeedQueue', () => {
  test('sends one message per feed, ten per SendMessageBatch, each carrying the whole feed', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    expect(await queue().enqueue(feeds(23), NOW)).toEqual([]);
    const inputs = calls();
    expect(inputs.map((i) => i.Entries!.length)).toEqual([10, 10, 3]);
    for (const input of inputs) {
      expect(input.QueueUrl).toBe(QUEUE);
      expect(new Set(input.Entries!.map((e) => e.Id)).size).toBe(input.Entries!.length);
    }
    const bodies = inputs.flatMap((i) => i.Entries!.map((e) => parseFeedMessage(e.MessageBody!)));
    expect(bodies.map((b) => b.feed)).toEqual(feeds(23));
    expect(new Set(bodies.map((b) => b.dispatchedAt))).toEqual(new Set([NOW.toISOString()]));
  });

  test('an entry the service failed is sent again alone; one we got wrong is reported at once', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: [],
        Failed: [
          { Id: '1', SenderFault: false, Code: 'InternalError', Message: 'try again' },
          { Id: '2', SenderFault: true, Code: 'InvalidMessageContents', Message: 'bad character' },
        ],
      })
      .resolves({ Successful: [], Failed: [] });
    const failures = await queue().enqueue(feeds(3), NOW);
    expect(failures).toEqual([
      { feedId: 'feed-2', reason: `${QUEUE}: InvalidMessageContents: bad character` },
    ]);
    expect(calls()[1]!.Entries!.map((e) => parseFeedMessage(e.MessageBody!).feed.id)).toEqual(['feed-1']);
  });

  test('an entry still failing after the retries is reported, naming the queue and the reason', async () => {
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [],
      Failed: [{ Id: '0', SenderFault: false, Code: 'ServiceUnavailable', Message: 'busy' }],
    });
    const failures = await new SqsFeedQueue(new SQSClient({ region: 'eu-west-1' }), QUEUE, {
      retries: 1,
    }).enqueue(feeds(1), NOW);
    expect(failures).toEqual([{ feedId: 'feed-0', reason: `${QUEUE}: ServiceUnavailable: busy` }]);
    expect(calls()).toHaveLength(2);
  });

  test('a call that fails outright fails its batch only', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .rejectsOnce(new Error('socket hang up'))
      .resolves({ Successful: [], Failed: [] });
    const failures = await new SqsFeedQueue(new SQSClient({ region: 'eu-west-1' }), QUEUE, {
      concurrency: 1,
      retries: 0,
    }).enqueue(feeds(12), NOW);
    expect(failures.map((f) => f.feedId)).toEqual(feeds(10).map((f) => f.id));
    expect(failures[0]!.reason).toBe(`${QUEUE}: RequestFailed: socket hang up`);
  });
});
