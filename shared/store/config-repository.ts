import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConfigConflictError } from '../errors';
import { CONFIG_PARTITION, KEY_SCHEMA, configKeys, type ConfigKind } from './key-schema';
import { Table } from './table';

/** What a config version did. */
export type ConfigAction = 'seed' | 'apply' | 'rollback' | 'enable' | 'disable' | 'add' | 'remove';

/** One version of a run-time config entry (a watchlist or a feed). */
export interface ConfigEntry<T extends object = Record<string, unknown>> {
  kind: ConfigKind;
  id: string;
  /** 1, 2, 3... per entry. */
  version: number;
  /** The validated object: a Watchlist or a FeedConfig. */
  body: T;
  /** The YAML text the body was read from (watchlists), shown by `show`. */
  source?: string;
  /** A removed entry is kept as a tombstone, so that seeding never brings it back. */
  removed?: boolean;
  /** ISO time the version was written. */
  when: string;
  /** Who wrote it: the AWS caller identity, the OS user, or the deployment. */
  who: string;
  action: ConfigAction;
  /** What changed against the previous version, one line per change. */
  changes: string[];
}

/**
 * Versioned run-time configuration in the single table (keys in {@link configKeys}).
 * Each write claims the next version number with a conditional put, so two people applying
 * at once cannot both win, then moves the head (what runs) forward, never backward.
 * No transactions: dynalite has none, and a crash between the two puts leaves a head one
 * version behind, which the next write to that entry moves forward.
 */
export class ConfigRepository {
  private readonly table: Table;

  constructor(
    client: DynamoDBClient,
    readonly tableName: string,
  ) {
    this.table = new Table(client, tableName);
  }

  /** The heads (current versions) of every entry, or of one kind; removed ones included. */
  async listHeads(kind?: ConfigKind): Promise<ConfigEntry[]> {
    const prefix = kind ? configKeys.headPrefix(kind) : undefined;
    return this.queryAll(`list the ${kind ?? 'config'} entries`, {
      KeyConditionExpression: prefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
      ExpressionAttributeNames: prefix
        ? { '#pk': KEY_SCHEMA.partitionKey, '#sk': KEY_SCHEMA.sortKey }
        : { '#pk': KEY_SCHEMA.partitionKey },
      ExpressionAttributeValues: prefix
        ? { ':pk': CONFIG_PARTITION, ':prefix': prefix }
        : { ':pk': CONFIG_PARTITION },
    });
  }

  /** The head of one entry: the version that runs. */
  async getHead(kind: ConfigKind, id: string): Promise<ConfigEntry | undefined> {
    return this.get(`read ${kind} ${id}`, configKeys.head(kind, id));
  }

  /** The latest version written (the truth when a head lags behind after a crash). */
  async latest(kind: ConfigKind, id: string): Promise<ConfigEntry | undefined> {
    const out = await this.table.call(`read the latest version of ${kind} ${id}`, () =>
      this.table.doc.send(
        new QueryCommand({
          ...this.historyQuery(kind, id),
          ScanIndexForward: false,
          Limit: 1,
        }),
      ),
    );
    const item = out.Items?.[0];
    return item ? fromItem(item) : undefined;
  }

  /** One version of an entry. */
  async getVersion(kind: ConfigKind, id: string, version: number): Promise<ConfigEntry | undefined> {
    return this.get(`read version ${version} of ${kind} ${id}`, configKeys.version(kind, id, version));
  }

  /** Every version of an entry, oldest first. */
  async history(kind: ConfigKind, id: string): Promise<ConfigEntry[]> {
    return this.queryAll(`read the history of ${kind} ${id}`, this.historyQuery(kind, id));
  }

  /**
   * Writes `entry` as the next version and makes it the head.
   * @throws ConfigConflictError when that version number was taken meanwhile
   */
  async commit(entry: ConfigEntry): Promise<ConfigEntry> {
    if (!(await this.putVersionIfAbsent(entry))) {
      throw new ConfigConflictError(
        `${entry.kind} ${entry.id}: version ${entry.version} was written by someone else meanwhile; nothing was written, rerun the command`,
      );
    }
    await this.advanceHead(entry);
    return entry;
  }

  /**
   * Writes version 1 unless the entry has any version: a seed never overwrites, and never
   * revives, an entry edited or removed at run time. True when it was written.
   */
  async seed(entry: ConfigEntry): Promise<boolean> {
    const written = await this.putVersionIfAbsent({ ...entry, version: 1 });
    if (written) {
      await this.advanceHead({ ...entry, version: 1 });
      return true;
    }
    // Repairs a head that a crash after the version put left missing or behind.
    const latest = await this.latest(entry.kind, entry.id);
    if (latest) await this.advanceHead(latest);
    return false;
  }

  private putVersionIfAbsent(entry: ConfigEntry): Promise<boolean> {
    return this.table.putIfAbsent(`write version ${entry.version} of ${entry.kind} ${entry.id}`, {
      ...toItem(entry),
      ...configKeys.version(entry.kind, entry.id, entry.version),
      type: 'config-version',
    });
  }

  /** Makes `entry` the head unless the head is already at that version or later. */
  private async advanceHead(entry: ConfigEntry): Promise<void> {
    // A head at that version or later already: nothing to do.
    await this.table.conditional(`make version ${entry.version} of ${entry.kind} ${entry.id} current`, () =>
      this.table.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...toItem(entry), ...configKeys.head(entry.kind, entry.id), type: 'config' },
          ConditionExpression: 'attribute_not_exists(#pk) OR #version < :version',
          ExpressionAttributeNames: { '#pk': KEY_SCHEMA.partitionKey, '#version': 'version' },
          ExpressionAttributeValues: { ':version': entry.version },
        }),
      ),
    );
  }

  private historyQuery(
    kind: ConfigKind,
    id: string,
  ): Omit<QueryCommandInput, 'TableName'> & { TableName: string } {
    return {
      TableName: this.tableName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': KEY_SCHEMA.partitionKey },
      ExpressionAttributeValues: { ':pk': configKeys.historyPartition(kind, id) },
      ConsistentRead: true,
    };
  }

  private async get(what: string, key: Record<string, string>): Promise<ConfigEntry | undefined> {
    const item = await this.table.get(what, key);
    return item ? fromItem(item) : undefined;
  }

  private async queryAll(what: string, input: Omit<QueryCommandInput, 'TableName'>): Promise<ConfigEntry[]> {
    return (await this.table.queryAll(what, { ConsistentRead: true, ...input })).map(fromItem);
  }
}

function toItem(entry: ConfigEntry): Record<string, unknown> {
  const { kind, id, version, body, source, removed, when, who, action, changes } = entry;
  return { kind, id, version, body, source, removed: removed || undefined, when, who, action, changes };
}

function fromItem(item: Record<string, unknown>): ConfigEntry {
  return {
    kind: item.kind as ConfigKind,
    id: String(item.id),
    version: Number(item.version),
    body: (item.body ?? {}) as Record<string, unknown>,
    source: typeof item.source === 'string' ? item.source : undefined,
    removed: item.removed === true ? true : undefined,
    when: String(item.when),
    who: String(item.who),
    action: item.action as ConfigAction,
    changes: Array.isArray(item.changes) ? item.changes.map(String) : [],
  };
}
