import type { SQSClient } from '@aws-sdk/client-sqs';
import { PublishError, describeError } from '../errors';
import { mapLimit } from '../util/map-limit';
import type { DeadLetter, DeadLetterSink } from './dead-letters';

/** Options of {@link SqsDeadLetters}. */
export interface SqsDeadLettersOptions {
  /** Wraps the SQS client (Powertools Tracer). @default none */
  capture?: <T>(client: T) => T;
}

/**
 * Dead letters on SQS: one message per letter (they are rare; a batch call would save little),
 * the JSON of the letter as the body. The stack alarms as soon as the queue holds one.
 *
 * The SQS client is loaded on the first letter, not with the function: most invocations never
 * write one, and the notify function's cold start is on a budget (docs/bundles.md).
 */
export class SqsDeadLetters implements DeadLetterSink {
  private client?: Promise<{ sqs: SQSClient; send: typeof import('@aws-sdk/client-sqs').SendMessageCommand }>;

  constructor(
    private readonly queueUrl: string,
    private readonly options: SqsDeadLettersOptions = {},
  ) {}

  async put(letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    const { sqs, send } = await (this.client ??= this.open());
    await mapLimit(letters, 4, async (letter) => {
      try {
        await sqs.send(new send({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(letter) }));
      } catch (err) {
        throw new PublishError(
          `dead-letter queue: cannot store the letter of ${letter.noticeId} for ${letter.channel}: ${describeError(err)}`,
          { cause: err },
        );
      }
    });
  }

  private async open() {
    const { SQSClient, SendMessageCommand } = await import('@aws-sdk/client-sqs');
    const capture = this.options.capture ?? ((client) => client);
    return { sqs: capture(new SQSClient({})), send: SendMessageCommand };
  }
}
