import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { mapLimit } from '../util/map-limit';
import type { Story } from '../stories/story';
import type { StoryMatch } from '../watchlists/story-match';
import type { FeedState } from '../feeds/feed-state';
import { KEY_SCHEMA, keys } from './key-schema';
import type { Repository } from './repository';
import { Coalescer } from './coalescer';
import { BATCH_GET_MAX, BATCH_WRITE_MAX, Table } from './table';
import { queryWatchlistMatches } from './watchlist-matches';
import { feedStateFromItem, feedStateToItem, matchToItem, storyToItem } from './item-mappers';

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
  private readonly table: Table;
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
    this.table = new Table(client, tableName);
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
    const item = await this.table.get(`read state of feed ${feedId}`, keys.feedState(feedId));
    return item ? feedStateFromItem(item) : undefined;
  }

  async getFeedStates(feedIds: readonly string[]): Promise<Map<string, FeedState>> {
    const items = await this.batchGet(
      `read states of ${feedIds.length} feeds`,
      [...new Set(feedIds)].map(keys.feedState),
    );
    return new Map(items.map((item) => feedStateFromItem(item)).map((state) => [state.feedId, state]));
  }

  async putFeedState(state: FeedState): Promise<void> {
    await this.table.call(`write state of feed ${state.feedId}`, () =>
      this.table.doc.send(new PutCommand({ TableName: this.tableName, Item: feedStateToItem(state) })),
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
      this.table.putIfAbsent(
        `store match of story ${match.story.id} for watchlist ${match.watchlistId}`,
        matchToItem(match),
      ),
    );
    return matches.filter((_, i) => stored[i]);
  }

  async listMatches(watchlistId: string): Promise<StoryMatch[]> {
    return queryWatchlistMatches(this.table, watchlistId);
  }

  /**
   * Matches of one watchlist made at or after `since`, newest first: one Query of the
   * by-watchlist index, whose sort key starts with the match time.
   * @default limit - 1000
   */
  listMatchesSince(watchlistId: string, since: Date, limit = 1000): Promise<StoryMatch[]> {
    return queryWatchlistMatches(this.table, watchlistId, {
      from: since.toISOString(),
      newestFirst: true,
      limit,
    });
  }

  /**
   * Every stored story fetched at or after `since`, oldest first. A filtered parallel Scan:
   * backtests are rare, so they pay for reading the table, rather than every story write
   * paying for an index by time.
   * @param segments parallel scan segments: more finish a large table sooner, at the same read cost @default 4
   */
  async scanStoriesSince(since: Date, segments = 4): Promise<Story[]> {
    const items = await this.table.scanAll(
      'read the stored stories',
      {
        FilterExpression: '#type = :story AND fetchedAt >= :since',
        ProjectionExpression: 'id, feedId, title, summary, link, publishedAt, fetchedAt',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':story': 'story', ':since': since.toISOString() },
      },
      segments,
    );
    return (items as unknown as Story[]).sort(
      (a, b) => a.fetchedAt.localeCompare(b.fetchedAt) || a.id.localeCompare(b.id),
    );
  }

  private batchGet(
    what: string,
    itemKeys: Record<string, string>[],
    options: { projection?: string; consistent?: boolean } = {},
  ): Promise<Record<string, unknown>[]> {
    return this.table.batchGet(what, itemKeys, { ...options, concurrency: this.batchConcurrency });
  }

  private batchWrite(what: string, items: Record<string, unknown>[]): Promise<void> {
    return this.table.batchWrite(what, items, this.batchConcurrency);
  }
}
