import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Alert } from '../alerts/alert';
import type { AlertMatch } from '../alerts/alert-match';
import type {
  ClaimOutcome,
  DeliveryClaim,
  DeliveryLedger,
  DigestStore,
  ItemKey,
  PendingDelivery,
  SmsBacklogEntry,
  SmsCounter,
} from '../alerts/delivery-ledger';
import { matchFromItem } from './item-mappers';
import { KEY_SCHEMA, keys, PENDING_PARTITION, SMS_DIGEST_PARTITION } from './key-schema';
import { isConditionFailure, Table } from './table';
import { queryWatchlistMatches } from './watchlist-matches';

/** The string set of the channels that took an item (the per-channel ledger). */
const SENT_CHANNELS = 'sentChannels';

/** SMS counters are kept two days (then TTL removes them in AWS; locally they are a few bytes an hour). */
const COUNTER_TTL_SECONDS = 2 * 86_400;

/**
 * Delivery bookkeeping on the single table: the alert-sent marker and claims on match and
 * digest items, the sparse pending index, SMS counters and digests. Conditional writes only:
 * no transactions, TTL or streams are needed at run time, so dynalite serves locally.
 */
export class DynamoDeliveryStore implements DeliveryLedger, SmsCounter, DigestStore {
  private readonly table: Table;
  private readonly doc: Table['doc'];

  constructor(
    client: DynamoDBClient,
    readonly tableName: string,
  ) {
    this.table = new Table(client, tableName);
    this.doc = this.table.doc;
  }

  async claim(key: ItemKey, owner: string, leaseMs: number, now: Date): Promise<ClaimOutcome> {
    return (await this.claimDelivery(key, owner, leaseMs, now)).outcome;
  }

  async claimDelivery(key: ItemKey, owner: string, leaseMs: number, now: Date): Promise<DeliveryClaim> {
    let attributes: Record<string, unknown> | undefined;
    const claimed = await this.table.conditional(`claim the alert of ${describe(key)}`, async () => {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET claimOwner = :owner, claimUntil = :until',
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(alertSentAt) AND (attribute_not_exists(claimOwner) OR claimOwner = :owner OR claimUntil < :now)',
          ExpressionAttributeValues: {
            ':owner': owner,
            ':until': now.getTime() + leaseMs,
            ':now': now.getTime(),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      attributes = out.Attributes;
    });
    if (claimed) {
      const sent = attributes?.[SENT_CHANNELS];
      return {
        outcome: 'claimed',
        sentChannels: sent instanceof Set ? [...(sent as Set<string>)] : [],
        smsDeferred: attributes?.smsDeferred === true,
      };
    }
    const item = await this.get(key);
    return {
      outcome: !item ? 'missing' : item.alertSentAt ? 'sent' : 'busy',
      sentChannels: [],
      smsDeferred: false,
    };
  }

  async markSent(
    key: ItemKey,
    sent: { at: Date; messageId?: string; smsDeferred?: boolean; channels?: readonly string[] },
  ): Promise<void> {
    const at = sent.at.toISOString();
    const backlog = sent.smsDeferred ? keys.smsBacklog(at) : undefined;
    const channels = sent.channels?.length ? new Set(sent.channels) : undefined;
    await this.table.conditional(`mark the alert of ${describe(key)} sent`, () =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          // Leaving PENDING drops the item from the pending index; an SMS over the cap moves
          // it to the SMS-DIGEST partition of the same index instead.
          UpdateExpression: [
            'SET alertSentAt = :at, alertMessageId = :id',
            channels ? `, ${SENT_CHANNELS} = :channels` : '',
            backlog
              ? ', smsDeferred = :true, gsi2pk = :pk, gsi2sk = :sk REMOVE claimOwner, claimUntil'
              : ' REMOVE claimOwner, claimUntil, gsi2pk, gsi2sk',
          ].join(''),
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(alertSentAt)',
          ExpressionAttributeValues: {
            ':at': at,
            ':id': sent.messageId ?? 'none',
            ...(channels ? { ':channels': channels } : {}),
            ...(backlog ? { ':true': true, ':pk': backlog.gsi2pk, ':sk': backlog.gsi2sk } : {}),
          },
        }),
      ),
    );
  }

  async markChannelsSent(
    key: ItemKey,
    sent: { channels: readonly string[]; smsDeferred?: boolean },
  ): Promise<void> {
    if (sent.channels.length === 0) return;
    await this.table.conditional(`record the channels that sent ${describe(key)}`, () =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: `ADD ${SENT_CHANNELS} :channels${sent.smsDeferred ? ' SET smsDeferred = :true' : ''}`,
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(alertSentAt)',
          ExpressionAttributeValues: {
            ':channels': new Set(sent.channels),
            ...(sent.smsDeferred ? { ':true': true } : {}),
          },
        }),
      ),
    );
  }

  async release(key: ItemKey, owner: string): Promise<void> {
    await this.table.conditional(`release the claim on ${describe(key)}`, () =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'REMOVE claimOwner, claimUntil',
          ConditionExpression: 'claimOwner = :owner',
          ExpressionAttributeValues: { ':owner': owner },
        }),
      ),
    );
  }

  async listPending(): Promise<PendingDelivery[]> {
    const items = await this.queryPendingIndex(PENDING_PARTITION);
    return items.map((item): PendingDelivery => {
      const key = { pk: String(item.pk), sk: String(item.sk) };
      const since = String(item.gsi2sk);
      if (item.type === 'digest') return { key, since, kind: 'digest', alert: item.alert as Alert };
      return { key, since, kind: 'match', match: matchFromItem(item) as AlertMatch };
    });
  }

  async reserve(hour: string, scope: string, cap: number): Promise<boolean> {
    if (cap <= 0) return false;
    return this.table.conditional(`count an SMS for ${scope} in ${hour}`, () =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.smsCounter(hour, scope),
          UpdateExpression: 'ADD #n :one SET #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(#n) OR #n < :cap',
          ExpressionAttributeNames: { '#n': 'sent', '#ttl': KEY_SCHEMA.ttlAttribute },
          ExpressionAttributeValues: { ':one': 1, ':cap': cap, ':ttl': counterExpiry(hour) },
        }),
      ),
    );
  }

  async giveBack(hour: string, scope: string): Promise<void> {
    await this.table
      .call(`give back an SMS for ${scope} in ${hour}`, () =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.smsCounter(hour, scope),
            UpdateExpression: 'ADD #n :minus',
            ConditionExpression: '#n > :zero',
            ExpressionAttributeNames: { '#n': 'sent' },
            ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
          }),
        ),
      )
      .catch((err: unknown) => {
        if (!isConditionFailure(err)) throw err;
      });
  }

  async add(hour: string, scope: string): Promise<void> {
    await this.table.call(`count an SMS for ${scope} in ${hour}`, () =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.smsCounter(hour, scope),
          UpdateExpression: 'ADD #n :one SET #ttl = :ttl',
          ExpressionAttributeNames: { '#n': 'sent', '#ttl': KEY_SCHEMA.ttlAttribute },
          ExpressionAttributeValues: { ':one': 1, ':ttl': counterExpiry(hour) },
        }),
      ),
    );
  }

  async listSmsBacklog(before: string): Promise<SmsBacklogEntry[]> {
    const items = await this.queryPendingIndex(SMS_DIGEST_PARTITION, before);
    return items.map((item) => ({
      key: { pk: String(item.pk), sk: String(item.sk) },
      deferredAt: String(item.gsi2sk),
      match: matchFromItem(item) as AlertMatch,
    }));
  }

  async createDigest(
    key: ItemKey,
    alert: Alert,
    members: ItemKey[],
    now: Date,
  ): Promise<{ created: boolean; members: ItemKey[] }> {
    const created = await this.table.conditional(`store the digest ${describe(key)}`, () =>
      this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...key,
            ...keys.pending(now.toISOString()),
            type: 'digest',
            alert,
            members,
            createdAt: now.toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    if (created) return { created, members };
    const existing = await this.get(key);
    return { created, members: (existing?.members as ItemKey[] | undefined) ?? [] };
  }

  async clearSmsBacklog(members: ItemKey[], digestId: string): Promise<void> {
    for (const key of members) {
      await this.table.conditional(`take ${describe(key)} out of the SMS backlog`, () =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key,
            UpdateExpression: 'SET smsDigest = :digest REMOVE gsi2pk, gsi2sk',
            ConditionExpression: 'gsi2pk = :backlog',
            ExpressionAttributeValues: { ':digest': digestId, ':backlog': SMS_DIGEST_PARTITION },
          }),
        ),
      );
    }
  }

  async digestExists(key: ItemKey): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  async listMatchesBetween(watchlistId: string, from: string, to: string): Promise<AlertMatch[]> {
    return (await queryWatchlistMatches(this.table, watchlistId, { from, before: to })) as AlertMatch[];
  }

  private queryPendingIndex(partition: string, before?: string): Promise<Record<string, unknown>[]> {
    const index = KEY_SCHEMA.pendingIndex;
    return this.table.queryAll(`list ${partition} items`, {
      IndexName: index.name,
      KeyConditionExpression: before ? '#pk = :pk AND #sk < :before' : '#pk = :pk',
      ExpressionAttributeNames: { '#pk': index.partitionKey, ...(before ? { '#sk': index.sortKey } : {}) },
      ExpressionAttributeValues: { ':pk': partition, ...(before ? { ':before': before } : {}) },
    });
  }

  private get(key: ItemKey): Promise<Record<string, unknown> | undefined> {
    return this.table.get(`read ${describe(key)}`, { ...key });
  }
}

function describe(key: ItemKey): string {
  return `${key.pk} ${key.sk}`;
}

function counterExpiry(hour: string): number {
  return Math.floor(Date.parse(`${hour}:00:00Z`) / 1000) + COUNTER_TTL_SECONDS;
}
