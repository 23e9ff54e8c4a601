import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { StoreError } from '../errors';
import { createTableInput } from './table-definition';
import { LOCAL_TABLE_NAME } from './key-schema';

/** An embedded DynamoDB-compatible store for local runs. */
export interface LocalStore {
  client: DynamoDBClient;
  tableName: string;
  endpoint: string;
  close(): Promise<void>;
}

/**
 * Starts dynalite in-process on 127.0.0.1, persisted under `<dataDir>/dynalite`, and creates
 * the table on first use. Only one process can hold a data folder at a time (LevelDB's lock).
 */
export async function startLocalStore(dataDir: string, tableName = LOCAL_TABLE_NAME): Promise<LocalStore> {
  mkdirSync(dataDir, { recursive: true });
  const server = dynalite({
    path: join(dataDir, 'dynalite'),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
  } catch (cause) {
    throw new StoreError(`${dataDir}: cannot start the local store: ${(cause as Error).message}`, { cause });
  }
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localClient(endpoint);
  const close = async () => {
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  try {
    await ensureTable(client, tableName);
  } catch (err) {
    await close();
    throw err;
  }
  return { client, tableName, endpoint, close };
}

/** A DynamoDB client for a local endpoint (dynalite or DynamoDB Local); credentials are dummies. */
export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
  });
}

/** Creates the table from the shared key schema unless it exists. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  if ((await tableStatus(client, tableName)) === undefined)
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  // A new table answers "not found" to reads and writes until it is ACTIVE.
  for (let waited = 0; (await tableStatus(client, tableName)) !== 'ACTIVE'; waited += 50) {
    if (waited > 30_000) throw new StoreError(`${tableName}: the table did not become ACTIVE within 30 s`);
    await sleep(50);
  }
  await checkIndexes(client, tableName);
}

// dynalite cannot add an index to an existing table, so a store made by an older version is
// named, with what to do, instead of failing later on a query.
async function checkIndexes(client: DynamoDBClient, tableName: string): Promise<void> {
  const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const have = new Set((out.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  const missing = (createTableInput(tableName).GlobalSecondaryIndexes ?? [])
    .map((i) => i.IndexName!)
    .filter((name) => !have.has(name));
  if (missing.length > 0) {
    throw new StoreError(
      `${tableName}: the table lacks the index ${missing.join(', ')} (made by an older newsalert); delete the local data folder's dynalite/ to recreate it`,
    );
  }
}

async function tableStatus(client: DynamoDBClient, tableName: string): Promise<string | undefined> {
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return out.Table?.TableStatus;
  } catch (err) {
    if (err instanceof ResourceNotFoundException || (err as Error).name === 'ResourceNotFoundException')
      return undefined;
    throw new StoreError(`${tableName}: cannot describe the table: ${(err as Error).message}`, {
      cause: err,
    });
  }
}
