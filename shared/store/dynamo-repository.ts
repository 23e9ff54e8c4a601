import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { StoreError } from '../errors';
import { mapLimit } from '../util/map-limit';
import type { Story } from '../stories/story';
import type { StoryMatch } from '../watchlists/story-match';
import type { FeedState } from '../feeds/feed-state';
import { KEY_SCHEMA, keys } from './key-schema';
import type { Repository } from './repository';
import { chunk, untilProcessed } from './batch-retry';
import { Coalescer } from './coalescer';
import { feedStateFromItem, feedStateToItem, matchFromItem, matchToItem, storyToItem } from './item-mappers';

/** DynamoDB's limits per request. */
const BATCH_GET_MAX = 100;
const BATCH_WRITE_MAX = 25;

/** Options for {@link DynamoRepository}. */
export interface DynamoRepositoryOptions {
  /**
   * How long stories are kept before DynamoDB's TTL may delete them, in days.
   * @default 90
   */
  storyTtlDays?: number;
  /**
   * Batch requests in flight at once within one call (each batch is up to 25 writes or 100 reads).
   * @default 4
   */
  batchConcurrency?: number;
}

/** The Repository on a DynamoDB table (or dynalite / DynamoDB Local), keyed by {@link KEY_SCHEMA}. */
export class DynamoRepository implements Repository {
  private readonly doc: DynamoDBDocumentClient;
  private readonly ttlSeconds: number;
  private readonly batchConcurrency: number;
  /** Writes of concurrent pollers, packed into full BatchWriteItem requests. */
  private readonly writes: Coalescer<Record<string, unknown>, undefined>;
  /** Story look-ups of concurrent pollers, packed into full BatchGetItem requests. */
  private readonly storyLookups: Coalescer<string, boolean>;

  constructor(
    client: DynamoDBClient,
    readonly tableName: string,
    options: DynamoRepositoryOptions = {},
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.ttlSeconds = (options.storyTtlDays ?? 90) * 86_400;
    this.batchConcurrency = options.batchConcurrency ?? 4;
    const keyOf = (item: Record<string, unknown>) =>
      `${item[KEY_SCHEMA.partitionKey]}\n${item[KEY_SCHEMA.sortKey]}`;
    this.writes = new Coalescer(BATCH_WRITE_MAX, keyOf, async (items) => {
      await this.batchWrite(`write ${items.length} items`, items);
      return items.map(() => undefined);
    });
    this.storyLookups = new Coalescer(
      BATCH_GET_MAX,
      (id) => id,
      async (ids) => {
        // Eventually consistent (half the read cost): a story written a moment ago and missed
        // here is only written again, identically.
        const found = await this.batchGet(`look up ${ids.length} stories`, ids.map(keys.story), {
          projection: KEY_SCHEMA.partitionKey,
          consistent: false,
        });
        const stored = new Set(found.map((item) => String(item[KEY_SCHEMA.partitionKey])));
        return ids.map((id) => stored.has(keys.story(id).pk));
      },
    );
  }

  async getFeedState(feedId: string): Promise<FeedState | undefined> {
    const out = await this.call(`read state of feed ${feedId}`, () =>
      this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: keys.feedState(feedId), ConsistentRead: true }),
      ),
    );
    return out.Item ? feedStateFromItem(out.Item) : undefined;
  }

  async getFeedStates(feedIds: readonly string[]): Promise<Map<string, FeedState>> {
    const items = await this.batchGet(
      `read states of ${feedIds.length} feeds`,
      [...new Set(feedIds)].map(keys.feedState),
    );
    return new Map(items.map((item) => feedStateFromItem(item)).map((state) => [state.feedId, state]));
  }

  async putFeedState(state: FeedState): Promise<void> {
    await this.call(`write state of feed ${state.feedId}`, () =>
      this.doc.send(new PutCommand({ TableName: this.tableName, Item: feedStateToItem(state) })),
    );
  }

  async putFeedStates(states: FeedState[]): Promise<void> {
    await this.writes.run(states.map(feedStateToItem));
  }

  async unknownStories(stories: Story[]): Promise<Story[]> {
    const stored = await this.storyLookups.run(stories.map((s) => s.id));
    return stories.filter((_, i) => !stored[i]);
  }

  async putStories(stories: Story[]): Promise<void> {
    const ttl = this.ttlSeconds;
    await this.writes.run(
      stories.map((story) => storyToItem(story, Math.floor(Date.parse(story.fetchedAt) / 1000) + ttl)),
    );
  }

  /**
   * Conditional puts, not a batch: a match item carries its alert ledger (pending, claimed,
   * sent), and rewriting one that exists (after a crash between writing matches and their
   * stories) would reset a sent alert to pending. Matches are few next to stories, so one
   * request each costs little.
   */
  async putMatches(matches: StoryMatch[]): Promise<StoryMatch[]> {
    const stored = await mapLimit(matches, this.batchConcurrency * 4, (match) =>
      this.putIfAbsent(
        `store match of story ${match.story.id} for watchlist ${match.watchlistId}`,
        matchToItem(match),
      ),
    );
    return matches.filter((_, i) => stored[i]);
  }

  async listMatches(watchlistId: string): Promise<StoryMatch[]> {
    const index = KEY_SCHEMA.byWatchlistIndex;
    const matches: StoryMatch[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.call(`list matches of watchlist ${watchlistId}`, () =>
        this.doc.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: index.name,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': index.partitionKey },
            ExpressionAttributeValues: { ':pk': keys.watchlistPartition(watchlistId) },
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      for (const item of out.Items ?? []) matches.push(matchFromItem(item));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return matches;
  }

  /** BatchGetItem in requests of 100 keys, retrying unprocessed keys; returns the items found. */
  private async batchGet(
    what: string,
    itemKeys: Record<string, string>[],
    { projection, consistent = true }: { projection?: string; consistent?: boolean } = {},
  ): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    await mapLimit(chunk(itemKeys, BATCH_GET_MAX), this.batchConcurrency, (batch) =>
      this.call(what, () =>
        untilProcessed(
          batch,
          async (left) => {
            const out = await this.doc.send(
              new BatchGetCommand({
                RequestItems: {
                  [this.tableName]: {
                    Keys: left,
                    ConsistentRead: consistent,
                    ...(projection
                      ? { ProjectionExpression: '#p', ExpressionAttributeNames: { '#p': projection } }
                      : {}),
                  },
                },
              }),
            );
            found.push(...(out.Responses?.[this.tableName] ?? []));
            return (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Record<string, string>[];
          },
          (n) => new Error(`${n} keys still unprocessed after retries (throttled)`),
        ),
      ),
    );
    return found;
  }

  /** BatchWriteItem (puts) in requests of 25 items, retrying unprocessed items. */
  private async batchWrite(what: string, items: Record<string, unknown>[]): Promise<void> {
    await mapLimit(chunk(items, BATCH_WRITE_MAX), this.batchConcurrency, (batch) =>
      this.call(what, () =>
        untilProcessed(
          batch.map((Item) => ({ PutRequest: { Item } })),
          async (left) => {
            const out = await this.doc.send(
              new BatchWriteCommand({ RequestItems: { [this.tableName]: left } }),
            );
            return (out.UnprocessedItems?.[this.tableName] ?? []) as {
              PutRequest: { Item: Record<string, unknown> };
            }[];
          },
          (n) => new Error(`${n} items still unprocessed after retries (throttled)`),
        ),
      ),
    );
  }

  private async putIfAbsent(what: string, item: Record<string, unknown>): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': KEY_SCHEMA.partitionKey },
        }),
      );
      return true;
    } catch (err) {
      if (
        err instanceof ConditionalCheckFailedException ||
        (err as Error).name === 'ConditionalCheckFailedException'
      )
        return false;
      throw new StoreError(`${this.tableName}: cannot ${what}: ${(err as Error).message}`, { cause: err });
    }
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof StoreError) throw err;
      throw new StoreError(`${this.tableName}: cannot ${what}: ${(err as Error).message}`, { cause: err });
    }
  }
}
