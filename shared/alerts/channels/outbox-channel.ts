import { OutboxPublisher, type OutboxOptions } from '../outbox-publisher';
import { SnsChannel } from './sns-channel';

/**
 * The local stand-in for the SNS channel: the same messages, appended to `outbox.jsonl`
 * (the row format other tools read) with the local subscribers each would reach.
 * @param smsSegments SMS segments an alert may use @default 1
 */
export function outboxChannel(
  outboxFile: string,
  options: OutboxOptions & { smsSegments?: number } = {},
): SnsChannel {
  return new SnsChannel(new OutboxPublisher(outboxFile, options), {
    name: 'outbox',
    smsSegments: options.smsSegments,
  });
}
