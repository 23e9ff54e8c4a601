import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import type { DeadLetter } from '../../../shared/alerts/dead-letters';
import { SqsDeadLetters } from '../../../shared/alerts/sqs-dead-letters';

const sqs = mockClient(SQSClient);
afterEach(() => sqs.reset());

const letter = (n: number): DeadLetter => ({
  version: 1,
  channel: 'webhook:siem',
  noticeId: `story${n}:talks`,
  kind: 'alert',
  watchlist: 'talks',
  reason: 'webhook destination siem: HTTP 410: gone',
  cause: 'refused',
  at: '2025-12-01T08:10:00.000Z',
  body: { version: 1, id: `story${n}:talks` },
});

describe('SqsDeadLetters', () => {
  it('sends one message per letter, the letter as JSON, to the queue', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm' });
    await new SqsDeadLetters('https://sqs.eu-west-1.amazonaws.com/1/dl').put([letter(1), letter(2)]);
    const calls = sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.QueueUrl)).toEqual([
      'https://sqs.eu-west-1.amazonaws.com/1/dl',
      'https://sqs.eu-west-1.amazonaws.com/1/dl',
    ]);
    expect(calls.map((c) => JSON.parse(c.MessageBody!) as DeadLetter)).toEqual([letter(1), letter(2)]);
  });

  it('throws naming the notice and channel when SQS refuses (the deliverer keeps it pending)', async () => {
    sqs.on(SendMessageCommand).rejects(new Error('AccessDenied'));
    await expect(
      new SqsDeadLetters('https://sqs.eu-west-1.amazonaws.com/1/dl').put([letter(1)]),
    ).rejects.toThrow(
      'dead-letter queue: cannot store the letter of story1:talks for webhook:siem: AccessDenied',
    );
  });
});
