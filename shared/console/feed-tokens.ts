import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { StoreError } from '../errors';

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
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  /** The token of a watchlist, if it has one. */
  async get(watchlistId: string): Promise<FeedToken | undefined> {
    try {
      const out = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: feedTokenKey(watchlistId), ConsistentRead: true }),
      );
      return out.Item ? (out.Item as FeedToken) : undefined;
    } catch (err) {
      throw new StoreError(
        `${this.tableName}: cannot read the feed token of watchlist ${watchlistId}: ${(err as Error).message}`,
        { cause: err },
      );
    }
  }

  /** The token of a watchlist, made on first use. */
  async getOrCreate(watchlistId: string, who: string): Promise<FeedToken> {
    return (await this.get(watchlistId)) ?? this.write(watchlistId, who, true);
  }

  /** A new token: the old URL stops working at once. */
  rotate(watchlistId: string, who: string): Promise<FeedToken> {
    return this.write(watchlistId, who, false);
  }

  private async write(watchlistId: string, who: string, onlyIfAbsent: boolean): Promise<FeedToken> {
    const token: FeedToken = {
      watchlistId,
      token: newToken(),
      createdAt: new Date().toISOString(),
      createdBy: who,
    };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...feedTokenKey(watchlistId), type: 'feed-token', ...token },
          ...(onlyIfAbsent ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
        }),
      );
      return token;
    } catch (err) {
      // Two first readers at once: the other one's token won, and it is the one to use.
      if ((err as Error).name === 'ConditionalCheckFailedException') return (await this.get(watchlistId))!;
      throw new StoreError(
        `${this.tableName}: cannot write the feed token of watchlist ${watchlistId}: ${(err as Error).message}`,
        { cause: err },
      );
    }
  }
}
