import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { StoreError } from '../errors';
import type { StoryMatch } from '../watchlists/story-match';
import { matchFromItem } from './item-mappers';
import { KEY_SCHEMA, keys } from './key-schema';

/**
 * Matches of one watchlist made at or after `since`, newest first: one Query of the
 * by-watchlist index, whose sort key starts with the match time.
 */
export async function listMatchesSince(
  client: DynamoDBClient,
  tableName: string,
  watchlistId: string,
  since: Date,
  limit = 1000,
): Promise<StoryMatch[]> {
  const doc = DynamoDBDocumentClient.from(client);
  const index = KEY_SCHEMA.byWatchlistIndex;
  const matches: StoryMatch[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    let out;
    try {
      out = await doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: index.name,
          KeyConditionExpression: '#pk = :pk AND #sk >= :since',
          ExpressionAttributeNames: { '#pk': index.partitionKey, '#sk': index.sortKey },
          ExpressionAttributeValues: {
            ':pk': keys.watchlistPartition(watchlistId),
            ':since': since.toISOString(),
          },
          ScanIndexForward: false,
          Limit: Math.min(limit - matches.length, 1000),
          ExclusiveStartKey: startKey,
        }),
      );
    } catch (err) {
      throw new StoreError(
        `${tableName}: cannot list matches of watchlist ${watchlistId}: ${(err as Error).message}`,
        { cause: err },
      );
    }
    for (const item of out.Items ?? []) matches.push(matchFromItem(item));
    startKey = out.LastEvaluatedKey;
  } while (startKey && matches.length < limit);
  return matches;
}
