import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  type QueryCommandInput,
  type ScanCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { StoreError } from '../errors';
import { mapLimit } from '../util/map-limit';
import { chunk, untilProcessed } from './batch-retry';
import { KEY_SCHEMA } from './key-schema';

/** DynamoDB's limits per request. */
export const BATCH_GET_MAX = 100;
export const BATCH_WRITE_MAX = 25;

/** An item as the document client reads and writes it. */
export type Item = Record<string, unknown>;

/** True when a DynamoDB call failed only because its condition did not hold. */
export function isConditionFailure(err: unknown): boolean {
  return (
    err instanceof ConditionalCheckFailedException ||
    (err as Error | undefined)?.name === 'ConditionalCheckFailedException'
  );
}

/**
 * The small table layer every repository stands on: one document client per table, the
 * error mapping (a StoreError naming the table and what was being done), paging, conditional
 * writes that answer false instead of throwing, and batches with retries of what DynamoDB
 * left unprocessed. Repositories hold the key schema and the item shapes; this holds the calls.
 */
export class Table {
  readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    readonly name: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  /**
   * Runs one call; any failure but a failed condition becomes a StoreError
   * `<table>: cannot <what>: <reason>` (a failed condition is rethrown as it is, for {@link conditional}).
   */
  async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof StoreError || isConditionFailure(err)) throw err;
      throw new StoreError(`${this.name}: cannot ${what}: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Runs a conditional write; false when its condition did not hold. */
  async conditional(what: string, fn: () => Promise<unknown>): Promise<boolean> {
    try {
      await this.call(what, fn);
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /** Writes the item unless one with its key exists; false when it existed. */
  putIfAbsent(what: string, item: Item): Promise<boolean> {
    return this.conditional(what, () =>
      this.doc.send(
        new PutCommand({
          TableName: this.name,
          Item: item,
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': KEY_SCHEMA.partitionKey },
        }),
      ),
    );
  }

  /** One item by its key, strongly consistent. */
  async get(what: string, key: Item): Promise<Item | undefined> {
    const out = await this.call(what, () =>
      this.doc.send(new GetCommand({ TableName: this.name, Key: key, ConsistentRead: true })),
    );
    return out.Item;
  }

  /**
   * Every item a query finds, page after page (or the first `limit`).
   * @default limit - all
   */
  async queryAll(
    what: string,
    input: Omit<QueryCommandInput, 'TableName'>,
    limit = Infinity,
  ): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const out = await this.call(what, () =>
        this.doc.send(
          new QueryCommand({
            ...input,
            TableName: this.name,
            ExclusiveStartKey: startKey,
            ...(Number.isFinite(limit) ? { Limit: Math.min(limit - items.length, 1000) } : {}),
          }),
        ),
      );
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey && items.length < limit);
    return items;
  }

  /** Every item a parallel Scan in `segments` finds, page after page. */
  async scanAll(what: string, input: Omit<ScanCommandInput, 'TableName'>, segments = 4): Promise<Item[]> {
    const parts = await Promise.all(
      Array.from({ length: segments }, async (_, segment) => {
        const items: Item[] = [];
        let startKey: Item | undefined;
        do {
          const out = await this.call(what, () =>
            this.doc.send(
              new ScanCommand({
                ...input,
                TableName: this.name,
                Segment: segment,
                TotalSegments: segments,
                ExclusiveStartKey: startKey,
              }),
            ),
          );
          items.push(...(out.Items ?? []));
          startKey = out.LastEvaluatedKey;
        } while (startKey);
        return items;
      }),
    );
    return parts.flat();
  }

  /** BatchGetItem in requests of 100 keys, `concurrency` at once, retrying unprocessed keys; the items found. */
  async batchGet(
    what: string,
    keys: Item[],
    options: { projection?: string; consistent?: boolean; concurrency?: number } = {},
  ): Promise<Item[]> {
    const { projection, consistent = true, concurrency = 4 } = options;
    const found: Item[] = [];
    await mapLimit(chunk(keys, BATCH_GET_MAX), concurrency, (batch) =>
      this.call(what, () =>
        untilProcessed(
          batch,
          async (left) => {
            const out = await this.doc.send(
              new BatchGetCommand({
                RequestItems: {
                  [this.name]: {
                    Keys: left,
                    ConsistentRead: consistent,
                    ...(projection
                      ? { ProjectionExpression: '#p', ExpressionAttributeNames: { '#p': projection } }
                      : {}),
                  },
                },
              }),
            );
            found.push(...(out.Responses?.[this.name] ?? []));
            return (out.UnprocessedKeys?.[this.name]?.Keys ?? []) as Item[];
          },
          (n) => new Error(`${n} keys still unprocessed after retries (throttled)`),
        ),
      ),
    );
    return found;
  }

  /** BatchWriteItem (puts) in requests of 25 items, `concurrency` at once, retrying unprocessed items. */
  async batchWrite(what: string, items: Item[], concurrency = 4): Promise<void> {
    await mapLimit(chunk(items, BATCH_WRITE_MAX), concurrency, (batch) =>
      this.call(what, () =>
        untilProcessed(
          batch.map((Item) => ({ PutRequest: { Item } })),
          async (left) => {
            const out = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.name]: left } }));
            return (out.UnprocessedItems?.[this.name] ?? []) as { PutRequest: { Item: Item } }[];
          },
          (n) => new Error(`${n} items still unprocessed after retries (throttled)`),
        ),
      ),
    );
  }
}
