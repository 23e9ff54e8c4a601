import type { StoryMatch } from '../watchlists/story-match';
import { matchFromItem } from './item-mappers';
import { KEY_SCHEMA, keys } from './key-schema';
import type { Table } from './table';

/** Which of a watchlist's matches to list. */
export interface WatchlistMatchQuery {
  /** Matches made at or after this ISO time. @default the first */
  from?: string;
  /** Matches made before this ISO time. @default no end */
  before?: string;
  /** Newest first. @default false (oldest first) */
  newestFirst?: boolean;
  /** At most this many. @default all */
  limit?: number;
}

/**
 * The one way to list a watchlist's matches: a Query of the by-watchlist index, whose sort
 * keys are `<matchedAt>#<storyId>`: an instant sorts before every key made at it, so
 * `from` is inclusive and `before` exclusive.
 */
export async function queryWatchlistMatches(
  table: Table,
  watchlistId: string,
  query: WatchlistMatchQuery = {},
): Promise<StoryMatch[]> {
  const index = KEY_SCHEMA.byWatchlistIndex;
  const { from, before } = query;
  const range =
    from !== undefined && before !== undefined
      ? ' AND #sk BETWEEN :from AND :before'
      : from !== undefined
        ? ' AND #sk >= :from'
        : before !== undefined
          ? ' AND #sk < :before'
          : '';
  const items = await table.queryAll(
    `list matches of watchlist ${watchlistId}`,
    {
      IndexName: index.name,
      KeyConditionExpression: `#pk = :pk${range}`,
      ExpressionAttributeNames: { '#pk': index.partitionKey, ...(range ? { '#sk': index.sortKey } : {}) },
      ExpressionAttributeValues: {
        ':pk': keys.watchlistPartition(watchlistId),
        ...(from !== undefined ? { ':from': from } : {}),
        ...(before !== undefined ? { ':before': before } : {}),
      },
      ScanIndexForward: !query.newestFirst,
    },
    query.limit,
  );
  return items.map((item) => matchFromItem(item));
}
