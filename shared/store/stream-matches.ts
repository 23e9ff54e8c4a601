import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { StoryMatch } from '../watchlists/story-match';
import { matchFromItem } from './item-mappers';
import { MATCH_SK_PREFIX } from './key-schema';

/**
 * The new match items of a table stream batch. The event source already filters to inserted
 * match items; this checks again so a widened filter cannot turn other items into alerts.
 */
export function matchesFromStream(event: DynamoDBStreamEvent): StoryMatch[] {
  return matchRecordsFromStream(event).map((r) => r.match);
}

/**
 * The new match items of a batch with their stream event ids. A retried batch carries the
 * same ids, which is how its notifier recognises (and takes over) its own earlier claims.
 */
export function matchRecordsFromStream(event: DynamoDBStreamEvent): { match: StoryMatch; eventId: string }[] {
  const found: { match: StoryMatch; eventId: string }[] = [];
  for (const [i, record] of event.Records.entries()) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) continue;
    const item = unmarshall(image as Record<string, AttributeValue>);
    if (typeof item.sk === 'string' && item.sk.startsWith(MATCH_SK_PREFIX)) {
      found.push({
        match: matchFromItem(item),
        eventId: record.eventID ?? record.dynamodb?.SequenceNumber ?? `record-${i}`,
      });
    }
  }
  return found;
}
