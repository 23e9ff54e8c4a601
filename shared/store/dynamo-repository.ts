import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { StoreError } from '../errors';
import type { Story } from '../stories/story';
import type { StoryMatch } from '../watchlists/story-match';
import type { FeedState } from './feed-state';
import { KEY_SCHEMA, keys } from './key-schema';
import type { Repository } from './repository';
import { matchFromItem, matchToItem, storyToItem } from './item-mappers';

/** Options for {@link DynamoRepository}. */
export interface DynamoRepositoryOptions {
  /**
   * How long stories are kept before DynamoDB's TTL may delete them, in days.
   * @default 90
   */
  storyTtlDays?: number;
}

/** BatchGetItem takes at most 100 keys per call. */
export const BATCH_GET_LIMIT = 100;
/** Rounds of re-asking for keys DynamoDB left unprocessed (throttling) before giving up. */
const UNPROCESSED_ROUNDS = 5;

/** The Repository on a DynamoDB table (or dynalite / DynamoDB Local), keyed by {@link KEY_SCHEMA}. */
export class DynamoRepository implements Repository {
  private readonly doc: DynamoDBDocumentClient;
  private readonly ttlSeconds: number;

  constructor(
    client: DynamoDBClient,
    readonly tableName: string,
    options: DynamoRepositoryOptions = {},
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.ttlSeconds = (options.storyTtlDays ?? 90) * 86_400;
  }

  async getFeedState(feedId: string): Promise<FeedState | undefined> {
    const out = await this.call(`read state of feed ${feedId}`, () =>
      this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.feedState(feedId), ConsistentRead: true })),
    );
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ...state } = out.Item;
    return state as FeedState;
  }

  async getFeedStates(feedIds: readonly string[]): Promise<Map<string, FeedState>> {
    const states = new Map<string, FeedState>();
    const unique = [...new Set(feedIds)];
    for (let i = 0; i < unique.length; i += BATCH_GET_LIMIT) {
      let pending: Record<string, unknown>[] = unique.slice(i, i + BATCH_GET_LIMIT).map((id) => keys.feedState(id));
      // A throttled table answers with UnprocessedKeys instead of an error: ask again, backing off.
      for (let round = 0; pending.length > 0; round++) {
        if (round === UNPROCESSED_ROUNDS) {
          throw new StoreError(`${this.tableName}: cannot read the state of ${pending.length} feed(s) (still unprocessed after ${round} rounds, throttled?)`);
        }
        if (round > 0) await sleep(50 * 2 ** round);
        const request = pending;
        const out = await this.call(`read the state of ${request.length} feed(s)`, () =>
          this.doc.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: request } } })),
        );
        for (const item of out.Responses?.[this.tableName] ?? []) {
          const { pk: _pk, sk: _sk, type: _type, ...state } = item;
          states.set(String(state.feedId), state as FeedState);
        }
        pending = out.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
    }
    return states;
  }

  async putFeedState(state: FeedState): Promise<void> {
    await this.call(`write state of feed ${state.feedId}`, () =>
      this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.feedState(state.feedId), type: 'feed-state', ...state } })),
    );
  }

  async putStoryIfNew(story: Story): Promise<boolean> {
    const expiresAt = Math.floor(Date.parse(story.fetchedAt) / 1000) + this.ttlSeconds;
    return this.putIfAbsent(`store story ${story.id} of feed ${story.feedId}`, storyToItem(story, expiresAt));
  }

  async putMatchIfNew(match: StoryMatch): Promise<boolean> {
    return this.putIfAbsent(`store match of story ${match.story.id} for watchlist ${match.watchlistId}`, matchToItem(match));
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

  /** A conditional put: rerunning a cycle stores nothing twice. */
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
      if (err instanceof ConditionalCheckFailedException || (err as Error).name === 'ConditionalCheckFailedException') return false;
      throw new StoreError(`${this.tableName}: cannot ${what}: ${(err as Error).message}`, { cause: err });
    }
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw new StoreError(`${this.tableName}: cannot ${what}: ${(err as Error).message}`, { cause: err });
    }
  }
}
