import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledge } from '../nag';

/** How long a dead letter waits to be looked at or replayed: SQS's maximum. */
export const DEAD_LETTER_RETENTION = Duration.days(14);

/**
 * An SQS queue for what failed for good: encrypted at rest (SSE-SQS), TLS only, kept for
 * 14 days. Register it with {@link OpsAlarms.alarmOnDeadLetters} so that it is not filling
 * up unseen.
 * @param purpose what lands here, for cdk-nag's record (a DLQ needs no DLQ of its own)
 */
export function deadLetterQueue(scope: Construct, id: string, purpose: string): Queue {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: DEAD_LETTER_RETENTION,
  });
  acknowledge(queue, 'AwsSolutions-SQS3', `This queue is itself a dead-letter queue: ${purpose}`);
  return queue;
}
