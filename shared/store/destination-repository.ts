import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DestinationRoute } from '../alerts/channels/chat-channel';
import type { DestinationConfig } from '../alerts/channels/destination-channel';
import { DESTINATION_PARTITION, KEY_SCHEMA, destinationKeys } from './key-schema';
import { Table } from './table';

/** A destination as stored: its channel configuration, and who added it when. */
export interface StoredDestination extends DestinationConfig {
  /** ISO time it was added or last replaced. */
  when: string;
  /** Who added it: the AWS caller identity or the OS user. */
  who: string;
  /** How its deliveries went, as the delivery stage recorded them. @default none yet */
  health?: DestinationHealth;
}

/**
 * How a destination's deliveries went: written by the delivery stage after each run that had
 * something for it, read by `destinations list`. Reset when the destination is replaced.
 */
export interface DestinationHealth {
  /** ISO time of the last message it took. */
  lastOkAt?: string;
  /** ISO time of the first failure since it last took everything of a run. */
  failingSince?: string;
  /** Failures since then (after the channel's own retries), dead letters included. */
  failures?: number;
  /** The last failure's reason (one line, never the URL). */
  lastError?: string;
  /** ISO time of the last failure. */
  lastFailureAt?: string;
  /** Messages given up to the dead-letter queue, in all. */
  deadLetters?: number;
}

/** One destination's part of a delivery run. */
export interface DestinationOutcome {
  id: string;
  sent: number;
  failed: number;
  deadLettered: number;
  lastError?: string;
}

const HEALTH_FIELDS = [
  'lastOkAt',
  'failingSince',
  'failures',
  'lastError',
  'lastFailureAt',
  'deadLetters',
] as const;

/**
 * Alert destinations in the single table (keys in {@link destinationKeys}), kept apart from
 * the versioned `CONFIG` partition: they hold secrets (webhook URLs, signing secrets), which
 * a version trail would keep for ever.
 */
export class DestinationRepository {
  private readonly table: Table;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new Table(client, tableName);
  }

  /** Every destination, by id. */
  async list(): Promise<StoredDestination[]> {
    const items = await this.table.queryAll('list the destinations', {
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': KEY_SCHEMA.partitionKey, '#sk': KEY_SCHEMA.sortKey },
      ExpressionAttributeValues: { ':pk': DESTINATION_PARTITION, ':prefix': destinationKeys.prefix },
      ConsistentRead: true,
    });
    return items.map(fromItem);
  }

  /** One destination. */
  async get(id: string): Promise<StoredDestination | undefined> {
    const item = await this.table.get(`read destination ${id}`, destinationKeys.item(id));
    return item ? fromItem(item) : undefined;
  }

  /** Adds a destination, or replaces the one with its id; true when one was replaced. */
  async put(destination: StoredDestination): Promise<boolean> {
    // The SDK's messages name keys, never values: a failure never shows the URL or secret.
    const out = await this.table.call(`write destination ${destination.id}`, () =>
      this.table.doc.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...toItem(destination), ...destinationKeys.item(destination.id), type: 'destination' },
          ReturnValues: 'ALL_OLD',
        }),
      ),
    );
    return out.Attributes !== undefined;
  }

  /**
   * Records how a delivery run went for one destination. A run with no failure clears the
   * failing state; a failing run starts it (or adds to it). A destination removed meanwhile
   * is not written back (false).
   */
  async recordOutcome(outcome: DestinationOutcome, at: Date): Promise<boolean> {
    const failures = outcome.failed + outcome.deadLettered;
    const values: Record<string, unknown> = { ':at': at.toISOString() };
    const set: string[] = [];
    const add: string[] = [];
    if (outcome.sent > 0) set.push('lastOkAt = :at');
    if (failures === 0) {
      set.push('failures = :zero');
      values[':zero'] = 0;
    } else {
      set.push(
        'lastFailureAt = :at',
        'failingSince = if_not_exists(failingSince, :at)',
        'lastError = :error',
      );
      add.push('failures :n');
      values[':n'] = failures;
      values[':error'] = outcome.lastError ?? 'failed';
      if (outcome.deadLettered > 0) {
        add.push('deadLetters :dead');
        values[':dead'] = outcome.deadLettered;
      }
    }
    const update = [
      `SET ${set.join(', ')}`,
      add.length ? ` ADD ${add.join(', ')}` : '',
      failures === 0 ? ' REMOVE failingSince, lastError' : '',
    ].join('');
    return this.table.conditional(`record the deliveries of destination ${outcome.id}`, () =>
      this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: destinationKeys.item(outcome.id),
          UpdateExpression: update,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  /** Removes a destination; the removed one, or undefined when there was none. */
  async remove(id: string): Promise<StoredDestination | undefined> {
    const out = await this.table.call(`remove destination ${id}`, () =>
      this.table.doc.send(
        new DeleteCommand({
          TableName: this.table.name,
          Key: destinationKeys.item(id),
          ReturnValues: 'ALL_OLD',
        }),
      ),
    );
    return out.Attributes ? fromItem(out.Attributes) : undefined;
  }
}

function toItem(d: StoredDestination): Record<string, unknown> {
  return { id: d.id, kind: d.kind, url: d.url, secret: d.secret, route: d.route, when: d.when, who: d.who };
}

function fromItem(item: Record<string, unknown>): StoredDestination {
  const route = (item.route ?? undefined) as DestinationRoute | undefined;
  const health: DestinationHealth = {};
  for (const field of HEALTH_FIELDS)
    if (item[field] !== undefined) (health as Record<string, unknown>)[field] = item[field];
  return {
    id: String(item.id),
    kind: item.kind as StoredDestination['kind'],
    url: String(item.url),
    ...(typeof item.secret === 'string' ? { secret: item.secret } : {}),
    ...(route ? { route } : {}),
    when: String(item.when),
    who: String(item.who),
    ...(Object.keys(health).length ? { health } : {}),
  };
}
