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
  const matches: StoryMatch[] = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) continue;
    const item = unmarshall(image as Record<string, AttributeValue>);
    if (typeof item.sk === 'string' && item.sk.startsWith(MATCH_SK_PREFIX)) matches.push(matchFromItem(item));
  }
  return matches;
}
