/**
 * The single-table key schema, defined once. The CDK stack and the local bootstrap both
 * build the table from these constants, so the two cannot drift.
 *
 * Items:
 * - feed state:  pk `FEED#<feedId>`,   sk `STATE`
 * - story:       pk `STORY#<storyId>`, sk `STORY`
 * - match:       pk `STORY#<storyId>`, sk `MATCH#<watchlistId>`;
 *                gsi1pk `WATCHLIST#<watchlistId>`, gsi1sk `<matchedAt>#<storyId>` (matches by watchlist, newest last);
 *                gsi2pk `PENDING` while its alert is not sent, `SMS-DIGEST` while it waits for the SMS digest
 * - digest:      pk `DIGEST#<sms|email>#<period>`, sk `WATCHLIST#<watchlistId>`; gsi2pk `PENDING` until sent
 * - SMS counter: pk `SMSCAP#<yyyy-mm-ddThh>`, sk `ALL` or `WATCHLIST#<watchlistId>` (expires with TTL)
 * - destination: pk `DESTINATIONS`, sk `DESTINATION#<id>` (Slack, Teams, webhook; holds secrets)
 */
export const KEY_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Matches of one watchlist in time order. */
  byWatchlistIndex: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /**
   * Work still to do, sparse: only items carrying gsi2pk are in it. `PENDING` holds every
   * stored match (and digest) whose alert is not sent yet, oldest first, so a run that died
   * mid-cycle finds them; `SMS-DIGEST` holds alerts that went over the SMS cap. A sent alert
   * drops out, so the index stays as small as the backlog.
   */
  pendingIndex: { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  /** Epoch seconds after which DynamoDB's TTL may delete the item (stories, SMS counters, clusters). */
  ttlAttribute: 'expiresAt',
} as const;

/** Default table name for the local store. */
export const LOCAL_TABLE_NAME = 'newsalert';

/** Key builders: the only place the prefixes are spelled. */
export const keys = {
  feedState: (feedId: string) => ({ pk: `FEED#${feedId}`, sk: 'STATE' }),
  story: (storyId: string) => ({ pk: `STORY#${storyId}`, sk: 'STORY' }),
  match: (storyId: string, watchlistId: string) => ({ pk: `STORY#${storyId}`, sk: `MATCH#${watchlistId}` }),
  matchIndex: (watchlistId: string, matchedAt: string, storyId: string) => ({
    gsi1pk: `WATCHLIST#${watchlistId}`,
    gsi1sk: `${matchedAt}#${storyId}`,
  }),
  watchlistPartition: (watchlistId: string) => `WATCHLIST#${watchlistId}`,
  /** Index keys of an item whose alert is still to be sent (since: ISO time it became pending). */
  pending: (since: string) => ({ gsi2pk: PENDING_PARTITION, gsi2sk: since }),
  /** Index keys of a sent alert whose SMS went over the cap and waits for the SMS digest. */
  smsBacklog: (deferredAt: string) => ({ gsi2pk: SMS_DIGEST_PARTITION, gsi2sk: deferredAt }),
  digest: (kind: 'sms' | 'email', period: string, watchlistId: string) => ({
    pk: `DIGEST#${kind}#${period}`,
    sk: `WATCHLIST#${watchlistId}`,
  }),
  smsCounter: (hour: string, scope: string) => ({ pk: `SMSCAP#${hour}`, sk: scope }),
} as const;

/** gsi2 partition of unsent alerts and digests. */
export const PENDING_PARTITION = 'PENDING';
/** gsi2 partition of alerts waiting for the SMS digest. */
export const SMS_DIGEST_PARTITION = 'SMS-DIGEST';

/** Sort-key prefix of match items; the stream filter of the notify function uses it. */
export const MATCH_SK_PREFIX = 'MATCH#';

/** The kinds of run-time configuration kept in the table. */
export type ConfigKind = 'watchlist' | 'feed';

/** Partition holding the current version (the "head") of every config entry. */
export const CONFIG_PARTITION = 'CONFIG';

/**
 * Keys of run-time configuration (watchlists, feeds), versioned:
 * - head (what runs): pk `CONFIG`, sk `<KIND>#<id>`; one Query of the `CONFIG` partition
 *   reads the whole running configuration
 * - version N:        pk `CONFIG#<KIND>#<id>`, sk `V#<N, 10 digits>`; never changed once written,
 *   so the versions are the trail (history) and rollback targets
 */
export const configKeys = {
  head: (kind: ConfigKind, id: string) => ({ pk: CONFIG_PARTITION, sk: `${kind.toUpperCase()}#${id}` }),
  headPrefix: (kind: ConfigKind) => `${kind.toUpperCase()}#`,
  historyPartition: (kind: ConfigKind, id: string) => `${CONFIG_PARTITION}#${kind.toUpperCase()}#${id}`,
  version: (kind: ConfigKind, id: string, version: number) => ({
    pk: configKeys.historyPartition(kind, id),
    sk: `V#${String(version).padStart(10, '0')}`,
  }),
} as const;

/** Partition holding every alert destination (Slack, Teams, webhook): one Query reads them all. */
export const DESTINATION_PARTITION = 'DESTINATIONS';

/** Keys of an alert destination: pk `DESTINATIONS`, sk `DESTINATION#<id>`. */
export const destinationKeys = {
  item: (id: string) => ({ pk: DESTINATION_PARTITION, sk: `DESTINATION#${id}` }),
  prefix: 'DESTINATION#',
} as const;
