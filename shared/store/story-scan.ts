import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { StoreError } from '../errors';
import type { Story } from '../stories/story';

/** Options of {@link scanStoriesSince}. */
export interface StoryScanOptions {
  /**
   * Parallel scan segments: more finish a large table sooner, at the same read cost.
   * @default 4
   */
  segments?: number;
}

/**
 * Every stored story fetched at or after `since`. A filtered parallel Scan: backtests are
 * rare, so they pay for reading the table, rather than every story write paying for an
 * index by time.
 */
export async function scanStoriesSince(
  client: DynamoDBClient,
  tableName: string,
  since: Date,
  options: StoryScanOptions = {},
): Promise<Story[]> {
  const doc = DynamoDBDocumentClient.from(client);
  const segments = options.segments ?? 4;
  const parts = await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      const stories: Story[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        let out;
        try {
          out = await doc.send(
            new ScanCommand({
              TableName: tableName,
              Segment: segment,
              TotalSegments: segments,
              FilterExpression: '#type = :story AND fetchedAt >= :since',
              ProjectionExpression: 'id, feedId, title, summary, link, publishedAt, fetchedAt',
              ExpressionAttributeNames: { '#type': 'type' },
              ExpressionAttributeValues: { ':story': 'story', ':since': since.toISOString() },
              ExclusiveStartKey: startKey,
            }),
          );
        } catch (err) {
          throw new StoreError(`${tableName}: cannot read the stored stories: ${(err as Error).message}`, {
            cause: err,
          });
        }
        for (const item of out.Items ?? []) stories.push(item as Story);
        startKey = out.LastEvaluatedKey;
      } while (startKey);
      return stories;
    }),
  );
  return parts.flat().sort((a, b) => a.fetchedAt.localeCompare(b.fetchedAt) || a.id.localeCompare(b.id));
}
