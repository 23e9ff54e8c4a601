import type { PublishBatchRequestEntry } from '@aws-sdk/client-sns';

/**
 * Amazon SNS limits that a request must respect, checked before calling AWS so that a bad
 * message fails here with its id rather than as an opaque InvalidParameter.
 */
export const SNS_LIMITS = {
  /** PublishBatch takes at most 10 entries... */
  batchEntries: 10,
  /** ...and at most 256 KiB for the whole batch, as for one message (body plus attributes). */
  messageBytes: 262_144,
  batchBytes: 262_144,
  /** Subjects: "less than 100 characters", one line; e-mail subjects must be ASCII to render everywhere. */
  subjectMaxLength: 99,
  /** Message attributes per message. */
  messageAttributes: 10,
  /** Batch entry ids: at most 80 characters of letters, digits, "-" and "_", unique in the batch. */
  entryIdMaxLength: 80,
  /** Filter policies: at most 5 attribute names... */
  filterPolicyKeys: 5,
  /** ...and at most 150 value combinations (the product of the value counts). */
  filterPolicyCombinations: 150,
  /** A filter policy document is at most 256 KiB. */
  filterPolicyBytes: 262_144,
} as const;

/** Bytes SNS counts for a message: body, subject and every attribute's name, type and value (UTF-8). */
export function entryBytes(entry: PublishBatchRequestEntry): number {
  let bytes = Buffer.byteLength(entry.Message ?? '') + Buffer.byteLength(entry.Subject ?? '');
  for (const [name, value] of Object.entries(entry.MessageAttributes ?? {})) {
    bytes +=
      Buffer.byteLength(name) +
      Buffer.byteLength(value.DataType ?? '') +
      Buffer.byteLength(value.StringValue ?? '');
  }
  return bytes;
}

/** Why SNS would refuse this entry, or undefined when it is within the limits. */
export function entryProblem(entry: PublishBatchRequestEntry): string | undefined {
  const subject = entry.Subject ?? '';
  if (subject.length === 0) return 'the subject is empty';
  if (subject.length > SNS_LIMITS.subjectMaxLength)
    return `the subject has ${subject.length} characters (at most ${SNS_LIMITS.subjectMaxLength})`;
  if (!/^[\x20-\x7e]+$/.test(subject)) return 'the subject is not one line of printable ASCII';
  const bytes = entryBytes(entry);
  if (bytes > SNS_LIMITS.messageBytes)
    return `the message is ${bytes} bytes (at most ${SNS_LIMITS.messageBytes})`;
  const attributes = Object.keys(entry.MessageAttributes ?? {}).length;
  if (attributes > SNS_LIMITS.messageAttributes)
    return `the message has ${attributes} attributes (at most ${SNS_LIMITS.messageAttributes})`;
  if (!entry.Id || !/^[A-Za-z0-9_-]{1,80}$/.test(entry.Id))
    return `the batch entry id "${entry.Id}" is not 1-80 letters, digits, "-" or "_"`;
  if (entry.MessageStructure === 'json') {
    const body = JSON.parse(entry.Message ?? '{}') as Record<string, unknown>;
    if (typeof body.default !== 'string') return 'a JSON-structured message needs a "default" text';
  }
  return undefined;
}

/**
 * Splits entries into PublishBatch requests: at most 10 entries and 256 KiB each, in order.
 * Every entry must itself be within the limits (see {@link entryProblem}).
 */
export function splitBatches<T extends PublishBatchRequestEntry>(entries: readonly T[]): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = entryBytes(entry);
    if (
      current.length === SNS_LIMITS.batchEntries ||
      (current.length > 0 && bytes + size > SNS_LIMITS.batchBytes)
    ) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
