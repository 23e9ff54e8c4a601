import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { clusterBucket } from '../stories/cluster-keys';
import { DEFAULT_CLUSTER_SETTINGS } from '../stories/cluster-settings';
import type { ClusterStore, MatchKey, MatchPlacements, StoredCluster } from '../stories/cluster-store';
import { KEY_SCHEMA, keys } from './key-schema';
import { Table, type Item } from './table';

/** How long cluster items are kept. */
export interface ClusterStoreOptions {
  /**
   * Hours after a cluster opened that DynamoDB's TTL may delete it (and its pointer): the
   * clustering window, in which it still takes reports, plus a margin for late reports,
   * backfills and `clusters show` on last month's alerts. A report that comes after its
   * development expired opens a cluster of its own: one alert more, never one hidden.
   * @default 48 h window + 30 days
   */
  keepHours?: number;
}

/** Days a cluster is kept past its window. */
export const CLUSTER_KEEP_MARGIN_DAYS = 30;

/** An abandoned lease (its worker died holding it) is deleted by TTL this long after it lapsed. */
const LEASE_KEEP_SECONDS = 86_400;

/**
 * Clusters on the single table:
 * - cluster: pk `CLUSTERS#<watchlistId>#<day opened>`, sk `CLUSTER#<id>` (the lookup reads a
 *   few such partitions, consistently); gsi1pk `CLUSTERS#<watchlistId>`, gsi1sk `<openedAt>#<id>`
 *   (a watchlist's clusters in time order, for `clusters list`)
 * - pointer: pk `CLUSTER#<id>`, sk `CLUSTER`, holding the cluster's partition (`clusters show`)
 * - lease: pk `CLUSTERLOCK#<watchlistId>`, sk `LOCK` (owner, until)
 * All three carry the TTL attribute. Conditional writes only, so dynalite serves locally.
 */
export class DynamoClusterStore implements ClusterStore, MatchPlacements {
  private readonly table: Table;
  private readonly keepSeconds: number;

  constructor(client: DynamoDBClient, tableName: string, options: ClusterStoreOptions = {}) {
    this.table = new Table(client, tableName);
    this.keepSeconds =
      (options.keepHours ?? DEFAULT_CLUSTER_SETTINGS.windowHours + CLUSTER_KEEP_MARGIN_DAYS * 24) * 3600;
  }

  /** The table's name, for messages. */
  get tableName(): string {
    return this.table.name;
  }

  async lock(watchlistId: string, owner: string, leaseMs: number, now: Date): Promise<boolean> {
    const until = now.getTime() + leaseMs;
    return this.table.conditional(`take the clustering lease of ${watchlistId}`, () =>
      this.table.doc.send(
        new PutCommand({
          TableName: this.table.name,
          Item: {
            ...lockKey(watchlistId),
            type: 'cluster-lock',
            owner,
            until,
            [KEY_SCHEMA.ttlAttribute]: Math.floor(until / 1000) + LEASE_KEEP_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #owner = :owner OR #until < :now',
          ExpressionAttributeNames: { '#owner': 'owner', '#until': 'until' },
          ExpressionAttributeValues: { ':owner': owner, ':now': now.getTime() },
        }),
      ),
    );
  }

  async unlock(watchlistId: string, owner: string): Promise<void> {
    await this.table.conditional(`give back the clustering lease of ${watchlistId}`, () =>
      this.table.doc.send(
        new DeleteCommand({
          TableName: this.table.name,
          Key: lockKey(watchlistId),
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      ),
    );
  }

  async clustersIn(buckets: readonly string[]): Promise<StoredCluster[]> {
    const parts = await Promise.all(
      buckets.map((bucket) =>
        this.table.queryAll(`read the clusters of ${bucket}`, {
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `CLUSTERS#${bucket}` },
          ConsistentRead: true,
        }),
      ),
    );
    return parts.flat().map(clusterFromItem);
  }

  async saveCluster(cluster: StoredCluster): Promise<boolean> {
    const bucket = clusterBucket(cluster);
    const expiresAt = { [KEY_SCHEMA.ttlAttribute]: this.expiryOf(cluster) };
    if (cluster.version === 1)
      await this.table.call(`store the pointer of cluster ${cluster.id}`, () =>
        this.table.doc.send(
          new PutCommand({
            TableName: this.table.name,
            Item: {
              pk: `CLUSTER#${cluster.id}`,
              sk: 'CLUSTER',
              type: 'cluster-pointer',
              bucket,
              ...expiresAt,
            },
          }),
        ),
      );
    const index = KEY_SCHEMA.byWatchlistIndex;
    const item: Item = {
      pk: `CLUSTERS#${bucket}`,
      sk: `CLUSTER#${cluster.id}`,
      [index.partitionKey]: `CLUSTERS#${cluster.watchlistId}`,
      [index.sortKey]: `${cluster.openedAt}#${cluster.id}`,
      type: 'cluster',
      ...cluster,
      ...expiresAt,
    };
    const what = `store cluster ${cluster.id}`;
    if (cluster.version === 1) return this.table.putIfAbsent(what, item);
    return this.table.conditional(what, () =>
      this.table.doc.send(
        new PutCommand({
          TableName: this.table.name,
          Item: item,
          ConditionExpression: '#version = :previous',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':previous': cluster.version - 1 },
        }),
      ),
    );
  }

  async getCluster(id: string): Promise<StoredCluster | undefined> {
    const pointer = await this.table.get(`read cluster ${id}`, { pk: `CLUSTER#${id}`, sk: 'CLUSTER' });
    const bucket = pointer?.bucket;
    if (typeof bucket !== 'string') return undefined;
    const item = await this.table.get(`read cluster ${id}`, {
      pk: `CLUSTERS#${bucket}`,
      sk: `CLUSTER#${id}`,
    });
    return item ? clusterFromItem(item) : undefined;
  }

  async listClusters(watchlistId: string, since: string): Promise<StoredCluster[]> {
    const index = KEY_SCHEMA.byWatchlistIndex;
    const items = await this.table.queryAll(`list the clusters of ${watchlistId}`, {
      IndexName: index.name,
      KeyConditionExpression: '#pk = :pk AND #sk >= :since',
      ExpressionAttributeNames: { '#pk': index.partitionKey, '#sk': index.sortKey },
      ExpressionAttributeValues: { ':pk': `CLUSTERS#${watchlistId}`, ':since': since },
      ScanIndexForward: false,
    });
    return items.map(clusterFromItem);
  }

  async placeMatch(
    key: MatchKey,
    placement: { clusterId: string; folded: boolean; at: Date },
  ): Promise<boolean> {
    const what = `record the cluster of ${key.pk} ${key.sk}`;
    if (!placement.folded) {
      await this.table.call(what, () =>
        this.table.doc.send(
          new UpdateCommand({
            TableName: this.table.name,
            Key: key,
            UpdateExpression: 'SET clusterId = :c',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':c': placement.clusterId },
          }),
        ),
      );
      return true;
    }
    // Folded into a development that alerted already: done, as a sent alert is (out of the
    // pending index, and a claim on it answers "sent"), with no message of its own.
    return this.table.conditional(what, () =>
      this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: key,
          UpdateExpression:
            'SET clusterId = :c, foldedInto = :c, alertSentAt = :at, alertMessageId = :none REMOVE claimOwner, claimUntil, gsi2pk, gsi2sk',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(alertSentAt)',
          ExpressionAttributeValues: {
            ':c': placement.clusterId,
            ':at': placement.at.toISOString(),
            ':none': 'none',
          },
        }),
      ),
    );
  }

  /** Epoch seconds at which the cluster may expire: counted from its opening, which never moves. */
  private expiryOf(cluster: StoredCluster): number {
    return Math.floor(Date.parse(cluster.openedAt) / 1000) + this.keepSeconds;
  }
}

function lockKey(watchlistId: string) {
  return { pk: `CLUSTERLOCK#${watchlistId}`, sk: 'LOCK' };
}

function clusterFromItem(item: Item): StoredCluster {
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _g1,
    gsi1sk: _g2,
    type: _type,
    [KEY_SCHEMA.ttlAttribute]: _expires,
    ...cluster
  } = item;
  const c = cluster as unknown as StoredCluster;
  c.sources ??= [];
  c.raisedBy ??= [];
  return c;
}

/** The match item key (re-exported so the stage need not know the key schema). */
export const matchKey = keys.match;
