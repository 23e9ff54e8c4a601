import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { KEY_SCHEMA } from './key-schema';

/** CreateTable input for the local store, from the same key schema the CDK stack uses. */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const gsi = KEY_SCHEMA.byWatchlistIndex;
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [KEY_SCHEMA.partitionKey, KEY_SCHEMA.sortKey, gsi.partitionKey, gsi.sortKey].map((name) => ({
      AttributeName: name,
      AttributeType: 'S',
    })),
    KeySchema: [
      { AttributeName: KEY_SCHEMA.partitionKey, KeyType: 'HASH' },
      { AttributeName: KEY_SCHEMA.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: gsi.name,
        KeySchema: [
          { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
          { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}
