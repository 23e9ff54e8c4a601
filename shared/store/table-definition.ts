import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { KEY_SCHEMA } from './key-schema';

/**
 * CreateTable input for the local store, from the same key schema the CDK stack uses.
 * @param options.stream add the NEW_IMAGE stream of the AWS table (DynamoDB Local has streams; dynalite has not) @default false
 */
export function createTableInput(
  tableName: string,
  options: { stream?: boolean } = {},
): CreateTableCommandInput {
  const indexes = [KEY_SCHEMA.byWatchlistIndex, KEY_SCHEMA.pendingIndex];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      KEY_SCHEMA.partitionKey,
      KEY_SCHEMA.sortKey,
      ...indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
    ].map((name) => ({
      AttributeName: name,
      AttributeType: 'S',
    })),
    KeySchema: [
      { AttributeName: KEY_SCHEMA.partitionKey, KeyType: 'HASH' },
      { AttributeName: KEY_SCHEMA.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: indexes.map((gsi) => ({
      IndexName: gsi.name,
      KeySchema: [
        { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
        { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
    // As in the CDK table; dynalite has no streams, so the local store leaves it off.
    ...(options.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } } : {}),
  };
}
