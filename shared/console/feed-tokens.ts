import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { Table } from '../store/table';

/**
 * Keys of the Atom feed tokens: pk `ATOM#<watchlistId>`, sk `TOKEN`. One item per
 * watchlist, apart from the config partition so that reading the running configuration
 * never reads a secret.
 */
export const feedTokenKey = (watchlistId: string) => ({ pk: `ATOM#${watchlistId}`, sk: 'TOKEN' });

/** A watchlist's Atom feed token: whoever has it reads the feed, so it is a secret. */
export interface FeedToken {
  watchlistId: string;
  token: string;
  createdAt: string;
  createdBy: string;
}

/** 32 random bytes, base64url: unguessable, and safe in a query string. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares a presented token in constant time, so timing tells nothing about the real one. */
export function tokenMatches(expected: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Reads, creates and rotates the per-watchlist Atom feed tokens in the table. */
export class FeedTokens {
  private readonly table: Table;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new Table(client, tableName);
  }

  /** The token of a watchlist, if it has one. */
  async get(watchlistId: string): Promise<FeedToken | undefined> {
    const item = await this.table.get(
      `read the feed token of watchlist ${watchlistId}`,
      feedTokenKey(watchlistId),
    );
    return item
      ? {
          watchlistId: String(item.watchlistId),
          token: String(item.token),
          createdAt: String(item.createdAt),
          createdBy: String(item.createdBy),
        }
      : undefined;
  }

  /** The token of a watchlist, made on first use. */
  async getOrCreate(watchlistId: string, who: string): Promise<FeedToken> {
    const stored = await this.get(watchlistId);
    if (stored) return stored;
    const token = this.make(watchlistId, who);
    // Two first readers at once: the other one's token won, and it is the one to use.
    if (await this.table.putIfAbsent(`write the feed token of watchlist ${watchlistId}`, itemOf(token)))
      return token;
    return (await this.get(watchlistId))!;
  }

  /** A new token: the old URL stops working at once. */
  async rotate(watchlistId: string, who: string): Promise<FeedToken> {
    const token = this.make(watchlistId, who);
    await this.table.call(`write the feed token of watchlist ${watchlistId}`, () =>
      this.table.doc.send(new PutCommand({ TableName: this.table.name, Item: itemOf(token) })),
    );
    return token;
  }

  private make(watchlistId: string, who: string): FeedToken {
    return { watchlistId, token: newToken(), createdAt: new Date().toISOString(), createdBy: who };
  }
}

function itemOf(token: FeedToken) {
  return { ...feedTokenKey(token.watchlistId), type: 'feed-token', ...token };
}
