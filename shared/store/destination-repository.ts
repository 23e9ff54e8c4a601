import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DestinationRoute } from '../alerts/channels/chat-channel';
import type { DestinationConfig } from '../alerts/channels/destination-channel';
import { StoreError } from '../errors';
import { DESTINATION_PARTITION, KEY_SCHEMA, destinationKeys } from './key-schema';

/** A destination as stored: its channel configuration, and who added it when. */
export interface StoredDestination extends DestinationConfig {
  /** ISO time it was added or last replaced. */
  when: string;
  /** Who added it: the AWS caller identity or the OS user. */
  who: string;
}

/**
 * Alert destinations in the single table (keys in {@link destinationKeys}), kept apart from
 * the versioned `CONFIG` partition: they hold secrets (webhook URLs, signing secrets), which
 * a version trail would keep for ever.
 */
export class DestinationRepository {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  /** Every destination, by id. */
  async list(): Promise<StoredDestination[]> {
    const out: StoredDestination[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.call('list the destinations', () =>
        this.doc.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
            ExpressionAttributeNames: { '#pk': KEY_SCHEMA.partitionKey, '#sk': KEY_SCHEMA.sortKey },
            ExpressionAttributeValues: { ':pk': DESTINATION_PARTITION, ':prefix': destinationKeys.prefix },
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      for (const item of page.Items ?? []) out.push(fromItem(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return out;
  }

  /** One destination. */
  async get(id: string): Promise<StoredDestination | undefined> {
    return (await this.list()).find((d) => d.id === id);
  }

  /** Adds a destination, or replaces the one with its id; true when one was replaced. */
  async put(destination: StoredDestination): Promise<boolean> {
    const out = await this.call(`write destination ${destination.id}`, () =>
      this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...toItem(destination), ...destinationKeys.item(destination.id), type: 'destination' },
          ReturnValues: 'ALL_OLD',
        }),
      ),
    );
    return out.Attributes !== undefined;
  }

  /** Removes a destination; the removed one, or undefined when there was none. */
  async remove(id: string): Promise<StoredDestination | undefined> {
    const out = await this.call(`remove destination ${id}`, () =>
      this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: destinationKeys.item(id),
          ReturnValues: 'ALL_OLD',
        }),
      ),
    );
    return out.Attributes ? fromItem(out.Attributes) : undefined;
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      // Never the destination's URL or secret: the SDK's messages name keys, not values.
      throw new StoreError(`${this.tableName}: cannot ${what}: ${(err as Error).message}`, { cause: err });
    }
  }
}

function toItem(d: StoredDestination): Record<string, unknown> {
  return { id: d.id, kind: d.kind, url: d.url, secret: d.secret, route: d.route, when: d.when, who: d.who };
}

function fromItem(item: Record<string, unknown>): StoredDestination {
  const route = (item.route ?? undefined) as DestinationRoute | undefined;
  return {
    id: String(item.id),
    kind: item.kind as StoredDestination['kind'],
    url: String(item.url),
    ...(typeof item.secret === 'string' ? { secret: item.secret } : {}),
    ...(route ? { route } : {}),
    when: String(item.when),
    who: String(item.who),
  };
}
