import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { StoreError } from '../errors';
import { clusterBucket } from '../stories/cluster-keys';
import type { ClusterStore, MatchKey, MatchPlacements, StoredCluster } from '../stories/cluster-store';
import { KEY_SCHEMA, keys } from './key-schema';

/**
 * Clusters on the single table:
 * - cluster: pk `CLUSTERS#<watchlistId>#<day opened>`, sk `CLUSTER#<id>` (the lookup reads a
 *   few such partitions, consistently); gsi1pk `CLUSTERS#<watchlistId>`, gsi1sk `<openedAt>#<id>`
 *   (a watchlist's clusters in time order, for `clusters list`)
 * - pointer: pk `CLUSTER#<id>`, sk `CLUSTER`, holding the cluster's partition (`clusters show`)
 * - lease: pk `CLUSTERLOCK#<watchlistId>`, sk `LOCK` (owner, until)
 * Conditional writes only, so dynalite serves locally.
 */
export class DynamoClusterStore implements ClusterStore, MatchPlacements {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async lock(watchlistId: string, owner: string, leaseMs: number, now: Date): Promise<boolean> {
    return this.conditional(`take the clustering lease of ${watchlistId}`, () =>
      this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...lockKey(watchlistId), type: 'cluster-lock', owner, until: now.getTime() + leaseMs },
          ConditionExpression: 'attribute_not_exists(pk) OR #owner = :owner OR #until < :now',
          ExpressionAttributeNames: { '#owner': 'owner', '#until': 'until' },
          ExpressionAttributeValues: { ':owner': owner, ':now': now.getTime() },
        }),
      ),
    );
  }

  async unlock(watchlistId: string, owner: string): Promise<void> {
    await this.conditional(`give back the clustering lease of ${watchlistId}`, () =>
      this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
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
        this.queryAll(`read the clusters of ${bucket}`, {
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
    if (cluster.version === 1)
      await this.call(`store the pointer of cluster ${cluster.id}`, () =>
        this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { pk: `CLUSTER#${cluster.id}`, sk: 'CLUSTER', type: 'cluster-pointer', bucket },
          }),
        ),
      );
    const index = KEY_SCHEMA.byWatchlistIndex;
    return this.conditional(`store cluster ${cluster.id}`, () =>
      this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `CLUSTERS#${bucket}`,
            sk: `CLUSTER#${cluster.id}`,
            [index.partitionKey]: `CLUSTERS#${cluster.watchlistId}`,
            [index.sortKey]: `${cluster.openedAt}#${cluster.id}`,
            type: 'cluster',
            ...cluster,
          },
          ...(cluster.version === 1
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#version = :previous',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':previous': cluster.version - 1 },
              }),
        }),
      ),
    );
  }

  async getCluster(id: string): Promise<StoredCluster | undefined> {
    const pointer = await this.call(`read cluster ${id}`, () =>
      this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: { pk: `CLUSTER#${id}`, sk: 'CLUSTER' } }),
      ),
    );
    const bucket = pointer.Item?.bucket;
    if (typeof bucket !== 'string') return undefined;
    const out = await this.call(`read cluster ${id}`, () =>
      this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: `CLUSTERS#${bucket}`, sk: `CLUSTER#${id}` },
          ConsistentRead: true,
        }),
      ),
    );
    return out.Item ? clusterFromItem(out.Item) : undefined;
  }

  async listClusters(watchlistId: string, since: string): Promise<StoredCluster[]> {
    const index = KEY_SCHEMA.byWatchlistIndex;
    const items = await this.queryAll(`list the clusters of ${watchlistId}`, {
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
      await this.call(what, () =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
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
    return this.conditional(what, () =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
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

  private async queryAll(
    what: string,
    input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>,
  ): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.call(what, () =>
        this.doc.send(new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: startKey })),
      );
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  private async conditional(what: string, fn: () => Promise<unknown>): Promise<boolean> {
    try {
      await this.call(what, fn);
      return true;
    } catch (err) {
      if (
        err instanceof ConditionalCheckFailedException ||
        (err as Error).name === 'ConditionalCheckFailedException'
      )
        return false;
      throw err;
    }
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (
        err instanceof ConditionalCheckFailedException ||
        (err as Error).name === 'ConditionalCheckFailedException'
      )
        throw err;
      throw new StoreError(`${this.tableName}: cannot ${what}: ${(err as Error).message}`, { cause: err });
    }
  }
}

function lockKey(watchlistId: string) {
  return { pk: `CLUSTERLOCK#${watchlistId}`, sk: 'LOCK' };
}

function clusterFromItem(item: Record<string, unknown>): StoredCluster {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, type: _type, ...cluster } = item;
  const c = cluster as unknown as StoredCluster;
  c.sources ??= [];
  c.raisedBy ??= [];
  return c;
}

/** The match item key (re-exported so the stage need not know the key schema). */
export const matchKey = keys.match;
