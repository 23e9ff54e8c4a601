import type { Alert } from './alert';
import type { AlertMatch } from './alert-match';

/** The table key of an item that carries a delivery (a match or a digest). */
export interface ItemKey {
  pk: string;
  sk: string;
}

/** Why a claim was or was not granted. */
export type ClaimOutcome =
  /** The caller may publish now. */
  | 'claimed'
  /** Sent already: a redelivered record; nothing to do. */
  | 'sent'
  /** Another worker holds an unexpired claim; it will send (or its claim expires and a sweep does). */
  | 'busy'
  /** No such item. */
  | 'missing';

/** A claim, with what earlier attempts already did. */
export interface DeliveryClaim {
  outcome: ClaimOutcome;
  /** Channels that took the item before (an attempt on which another channel failed). */
  sentChannels: string[];
  /** An earlier attempt sent it by e-mail only (SMS over the cap). */
  smsDeferred: boolean;
}

/** An item whose alert is owed: a stored match, or a digest with its message rendered. */
export type PendingDelivery = { key: ItemKey; since: string } & (
  { kind: 'match'; match: AlertMatch } | { kind: 'digest'; alert: Alert }
);

/**
 * The alert-sent marker, as conditional writes on the item itself (no transactions, so it
 * works on dynalite too). A delivery is claimed for a lease, published, then marked sent;
 * the claim keeps two workers from publishing at once, the mark keeps a redelivered stream
 * record from publishing again.
 */
export interface DeliveryLedger {
  /**
   * Claims the item for `owner` until `now + leaseMs`. The same owner may claim again (a
   * retried stream batch carries the same record ids), anyone may take an expired claim.
   */
  claim(key: ItemKey, owner: string, leaseMs: number, now: Date): Promise<ClaimOutcome>;
  /** {@link claim}, also answering which channels took the item on earlier attempts. */
  claimDelivery(key: ItemKey, owner: string, leaseMs: number, now: Date): Promise<DeliveryClaim>;
  /**
   * Marks the item sent on every channel (and, when its SMS went over the cap, queues it for
   * the SMS digest): it leaves the pending index.
   * @param sent.channels the channels that took it, recorded with it @default none recorded
   */
  markSent(
    key: ItemKey,
    sent: { at: Date; messageId?: string; smsDeferred?: boolean; channels?: readonly string[] },
  ): Promise<void>;
  /**
   * Records channels that took the item while another failed: the item stays pending, and
   * the next attempt sends it only on the channels that have not.
   */
  markChannelsSent(key: ItemKey, sent: { channels: readonly string[]; smsDeferred?: boolean }): Promise<void>;
  /** Gives a claim back after a failed publish, so a retry need not wait for the lease. */
  release(key: ItemKey, owner: string): Promise<void>;
  /** Items whose alert is owed, oldest first. */
  listPending(): Promise<PendingDelivery[]>;
}

/** Hourly SMS counters (conditional increments, so concurrent workers cannot overshoot a cap). */
export interface SmsCounter {
  /** Adds one to the counter unless it has reached `cap`; true when added. */
  reserve(hour: string, scope: string, cap: number): Promise<boolean>;
  /** Takes one back (a reservation whose SMS was not sent). */
  giveBack(hour: string, scope: string): Promise<void>;
  /** Adds one whatever the cap (digests: sent in any case, but they use up the hour's room). */
  add(hour: string, scope: string): Promise<void>;
}

/** An alert whose SMS went over the cap, waiting for the SMS digest. */
export interface SmsBacklogEntry {
  key: ItemKey;
  deferredAt: string;
  match: AlertMatch;
}

/** What the digest use cases need from the store. */
export interface DigestStore {
  /** Alerts deferred from SMS before `before` (ISO), oldest first. */
  listSmsBacklog(before: string): Promise<SmsBacklogEntry[]>;
  /**
   * Stores a digest (pending, so the deliverer sends it) unless one with its key exists.
   * Returns the member keys of the digest that is stored now: the new one or the earlier one.
   */
  createDigest(
    key: ItemKey,
    alert: Alert,
    members: ItemKey[],
    now: Date,
  ): Promise<{ created: boolean; members: ItemKey[] }>;
  /** Takes members out of the SMS backlog (once they are in a stored digest). */
  clearSmsBacklog(members: ItemKey[], digestId: string): Promise<void>;
  digestExists(key: ItemKey): Promise<boolean>;
  /** Matches of a watchlist made in [from, to). */
  listMatchesBetween(watchlistId: string, from: string, to: string): Promise<AlertMatch[]>;
}
