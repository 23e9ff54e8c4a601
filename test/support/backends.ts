import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable, startLocalStore } from '../../shared/store/local-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDynamoDbLocal } from './dynamodb-local';

/** A started DynamoDB-compatible server with the project's table created. */
export interface Backend {
  client: DynamoDBClient;
  tableName: string;
  close(): Promise<void>;
}

/** The two local DynamoDB implementations every store test runs against. */
export const BACKENDS: [string, () => Promise<Backend>][] = [
  [
    'dynalite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'newsalert-dynalite-'));
      const store = await startLocalStore(dir);
      return {
        client: store.client,
        tableName: store.tableName,
        close: async () => {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
  [
    'DynamoDB Local',
    async () => {
      const local = await startDynamoDbLocal();
      await ensureTable(local.client, 'newsalert');
      return { client: local.client, tableName: 'newsalert', close: local.stop };
    },
  ],
];
