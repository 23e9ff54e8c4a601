import type { Alert, AlertPublisher } from '../alerts/alert';
import type { AlertMatch } from '../alerts/alert-match';
import type { Channel, Notice } from '../alerts/channel';
import { SnsChannel } from '../alerts/channels/sns-channel';
import type { DeadLetter, DeadLetterSink } from '../alerts/dead-letters';
import type { DeliveryLedger, PendingDelivery } from '../alerts/delivery-ledger';
import { DEFAULT_DELIVERY_SETTINGS } from '../alerts/delivery-settings';
import { alertId, priorityOf } from '../alerts/alert-match';
import { factsOfAlert, matchFacts } from '../alerts/routing';
import type { SmsBudget } from '../alerts/sms-budget';
import { describeError } from '../errors';
import { mapLimit } from '../util/map-limit';
import type { ClusteringDeps } from './cluster-matches';

/** One delivery to make, with the worker that claims it. */
export type OwnedDelivery = (Pick<PendingDelivery, 'key'> &
  ({ kind: 'match'; match: AlertMatch } | { kind: 'digest'; alert: Alert })) & {
  /**
   * Who claims it. A retried stream batch must reuse its record's owner (`stream:<eventID>`)
   * so it can take over its own claim at once; a local run uses one owner for the data folder.
   */
  owner: string;
};

/** What the deliverer needs. */
export interface DeliveryDeps {
  ledger: DeliveryLedger;
  /** The channels that are on (see `openChannels`), each recorded apart in the ledger. */
  channels?: readonly Channel[];
  /**
   * Shorthand for one SNS-shaped channel named `sns` that sends through this publisher
   * (tests, benches); ignored when `channels` is given.
   */
  publisher?: AlertPublisher;
  /** The SMS cost guard; without one every alert carries its SMS. @default none */
  smsBudget?: SmsBudget;
  /** @default DEFAULT_DELIVERY_SETTINGS' smsSegments (1) and claimLeaseMs (120 s) */
  settings?: { smsSegments?: number; claimLeaseMs?: number };
  /** The clock (tests pass a fake one). @default () => new Date() */
  now?: () => Date;
  /** Brings `channels` up to date before a delivery (the stored destinations). @default none */
  refresh?: () => Promise<void>;
  /**
   * The clustering stage: when given, new matches join or open a development first and
   * only openings and priority updates alert. @default off (every match alerts)
   */
  clustering?: ClusteringDeps;
  /**
   * Where notices a channel refused for good (or that kept failing past `giveUpAfterMs`) go.
   * With a sink such a notice is dead-lettered and counts as done for that channel alone;
   * without one it stays pending and is retried like any other failure. @default none
   */
  deadLetters?: DeadLetterSink;
  /**
   * Age of a match (from `matchedAt`) after which a channel still failing on it gives it up to
   * the dead letters instead of keeping it pending. @default 86400000 (24 hours)
   */
  giveUpAfterMs?: number;
  /** Told each channel's outcome of a delivery run (destination status, metrics). @default none */
  health?: { record(outcomes: readonly ChannelOutcome[]): Promise<void> };
}

/** What one channel did in one delivery run. */
export interface ChannelOutcome {
  /** The ledger's name of the channel (`slack:desk`). */
  channel: string;
  /** Messages it took. */
  sent: number;
  /** Messages that failed and stay pending for it. */
  failed: number;
  /** Messages given up to the dead letters. */
  deadLettered: number;
  /** The last failure's reason (one line, no URL). */
  lastError?: string;
}

/** What one delivery run did. */
export interface DeliveryReport {
  /** Delivered now on every channel that is on. */
  published: Notice[];
  /** Skipped: sent before (a redelivered record, a rerun). */
  alreadySent: number;
  /** Skipped: another worker holds the claim. */
  busy: number;
  /** Published for e-mail only: the SMS went over a cap and waits for the SMS digest. */
  smsDeferred: number;
  /** Not delivered on `channel`; released for the next attempt (channels that took it are not asked again). */
  failed: { alert: Notice; channel: string; reason: string }[];
  /** Matches folded into a development that alerted already (clustering on). @default 0 */
  folded?: number;
  /** Given up on `channel` and dead-lettered (refused for good, or too old); done for that channel. */
  deadLettered: { alert: Notice; channel: string; reason: string }[];
  /** Per channel that had something to send: what it did. */
  channels: ChannelOutcome[];
}

interface Claimed {
  item: OwnedDelivery;
  notice: Notice;
  /** Channels still to send it on. */
  pending: Channel[];
  /** Channels done before this run. */
  sentBefore: string[];
  smsSlot: boolean;
  smsDeferred: boolean;
  sentNow: string[];
  messageId?: string;
  failedOn: string[];
}

/**
 * Delivers each item at least once per channel: claim it (a conditional write: already sent
 * or held by a live worker means skip), render it for each channel that has not sent it,
 * send each channel's batch, then mark each item sent where every channel took it and record
 * the channels that did (and release the claim) where one failed. An alert goes out twice
 * only after a crash between sending and marking, or when a send's answer is lost after the
 * channel accepted it (docs/alerts.md); SNS cannot close either, the local outbox does.
 */
export async function deliverAlerts(
  items: readonly OwnedDelivery[],
  deps: DeliveryDeps,
): Promise<DeliveryReport> {
  const now = deps.now ?? (() => new Date());
  const leaseMs = deps.settings?.claimLeaseMs ?? DEFAULT_DELIVERY_SETTINGS.claimLeaseMs;
  if (items.length > 0) await deps.refresh?.();
  const channels = deliveryChannels(deps);
  const giveUpAfterMs = deps.giveUpAfterMs ?? 24 * 3600_000;
  const report: DeliveryReport = {
    published: [],
    alreadySent: 0,
    busy: 0,
    smsDeferred: 0,
    failed: [],
    deadLettered: [],
    channels: [],
  };
  const claims = await mapLimit(items, 8, (item) =>
    deps.ledger.claimDelivery(item.key, item.owner, leaseMs, now()),
  );
  const claimed: Claimed[] = [];
  for (const [i, item] of items.entries()) {
    const claim = claims[i]!;
    if (claim.outcome === 'sent') report.alreadySent++;
    else if (claim.outcome === 'busy') report.busy++;
    if (claim.outcome !== 'claimed') continue;
    const pending = channels.filter((c) => !claim.sentChannels.includes(c.name));
    const smsChannelPending = pending.some((c) => c.sendsSms);
    let smsSlot = false;
    if (item.kind === 'digest') {
      if (item.alert.kind === 'sms-digest' && smsChannelPending)
        await deps.smsBudget?.count(item.alert.watchlist, now());
    } else if (smsChannelPending) {
      smsSlot = deps.smsBudget
        ? await deps.smsBudget.take(item.match.watchlistId, now(), priorityOf(item.match))
        : true;
    }
    const smsDeferred = claim.smsDeferred || (item.kind === 'match' && smsChannelPending && !smsSlot);
    claimed.push({
      item,
      notice: noticeOf(item, smsDeferred),
      pending,
      sentBefore: claim.sentChannels,
      smsSlot,
      smsDeferred,
      sentNow: [],
      failedOn: [],
    });
  }
  if (claimed.length === 0) return report;

  for (const channel of channels) {
    const outcome: ChannelOutcome = { channel: channel.name, sent: 0, failed: 0, deadLettered: 0 };
    const rendered: { claim: Claimed; message: unknown }[] = [];
    for (const claim of claimed) {
      if (!claim.pending.includes(channel)) continue;
      const message = channel.render(claim.notice);
      // Nothing to send on this channel (no destination routed): delivered as far as it goes.
      if (message === undefined) claim.sentNow.push(channel.name);
      else rendered.push({ claim, message });
    }
    if (rendered.length === 0) continue;
    report.channels.push(outcome);
    const byMessage = new Map(rendered.map((r) => [r.message, r.claim]));
    const result = await channel.send(rendered.map((r) => r.message));
    for (const { message, messageId } of result.sent) {
      const claim = byMessage.get(message)!;
      claim.sentNow.push(channel.name);
      claim.messageId ??= messageId;
      outcome.sent++;
    }
    const givenUp: { claim: Claimed; letter: DeadLetter }[] = [];
    for (const { message, reason, retryable } of result.failed) {
      const claim = byMessage.get(message)!;
      outcome.lastError = reason;
      const cause =
        retryable === false ? 'refused' : tooOld(claim.item, now(), giveUpAfterMs) ? 'expired' : undefined;
      if (cause && deps.deadLetters) {
        givenUp.push({ claim, letter: deadLetter(channel, message, claim.notice, reason, cause, now()) });
        continue;
      }
      claim.failedOn.push(channel.name);
      report.failed.push({ alert: claim.notice, channel: channel.name, reason });
      outcome.failed++;
    }
    if (givenUp.length === 0) continue;
    try {
      // Stored before the item is marked: a crash here sends a letter twice, never loses one.
      await deps.deadLetters!.put(givenUp.map((g) => g.letter));
      for (const { claim, letter } of givenUp) {
        claim.sentNow.push(channel.name);
        report.deadLettered.push({ alert: claim.notice, channel: channel.name, reason: letter.reason });
        outcome.deadLettered++;
      }
    } catch (err) {
      for (const { claim, letter } of givenUp) {
        const reason = `${letter.reason}; and it could not be dead-lettered: ${describeError(err)}`;
        claim.failedOn.push(channel.name);
        report.failed.push({ alert: claim.notice, channel: channel.name, reason });
        outcome.failed++;
      }
    }
  }

  // Marks are independent writes: in parallel, since the whole batch waits on the slowest.
  const done = await mapLimit(claimed, 8, async (claim) => {
    const { item } = claim;
    if (claim.failedOn.length === 0) {
      await deps.ledger.markSent(item.key, {
        at: now(),
        messageId: claim.messageId,
        smsDeferred: claim.smsDeferred,
        channels: [...claim.sentBefore, ...claim.sentNow],
      });
      return true;
    }
    const smsFailed = claim.pending.some((c) => c.sendsSms && claim.failedOn.includes(c.name));
    if (claim.sentNow.length > 0)
      await deps.ledger.markChannelsSent(item.key, {
        channels: claim.sentNow,
        smsDeferred: claim.smsDeferred && !smsFailed,
      });
    await deps.ledger.release(item.key, item.owner);
    if (item.kind === 'match' && claim.smsSlot && smsFailed)
      await deps.smsBudget?.giveBack(item.match.watchlistId, now(), priorityOf(item.match));
    return false;
  });
  await deps.health?.record(report.channels);
  for (const [i, claim] of claimed.entries()) {
    if (!done[i]) continue;
    report.published.push(claim.notice);
    if (claim.smsDeferred && claim.item.kind === 'match' && claim.pending.some((c) => c.sendsSms))
      report.smsDeferred++;
  }
  return report;
}

/** True when a match is older than the give-up age (digests are never given up for age). */
function tooOld(item: OwnedDelivery, now: Date, giveUpAfterMs: number): boolean {
  if (item.kind !== 'match') return false;
  const matchedAt = Date.parse(item.match.matchedAt);
  return !Number.isNaN(matchedAt) && now.getTime() - matchedAt > giveUpAfterMs;
}

function deadLetter(
  channel: Channel,
  message: unknown,
  notice: Notice,
  reason: string,
  cause: DeadLetter['cause'],
  at: Date,
): DeadLetter {
  const body = channel.deadLetterBody?.(message);
  return {
    version: 1,
    channel: channel.name,
    noticeId: notice.id,
    kind: notice.kind,
    watchlist: notice.watchlist,
    reason,
    cause,
    at: at.toISOString(),
    ...(body !== undefined ? { body } : {}),
  };
}

/** The channels of a delivery: those given, else one SNS-shaped channel around the publisher. */
export function deliveryChannels(deps: Pick<DeliveryDeps, 'channels' | 'publisher' | 'settings'>): Channel[] {
  if (deps.channels) return [...deps.channels];
  if (deps.publisher) return [new SnsChannel(deps.publisher, { smsSegments: deps.settings?.smsSegments })];
  return [];
}

function noticeOf(item: OwnedDelivery, smsDeferred: boolean): Notice {
  if (item.kind === 'digest') {
    const { alert } = item;
    const kind = alert.kind === 'alert' ? 'email-digest' : alert.kind;
    return {
      id: alert.id,
      kind,
      watchlist: alert.watchlist,
      storyId: alert.storyId,
      facts: factsOfAlert(alert),
      digest: alert,
    };
  }
  const { match } = item;
  return {
    id: alertId(match.story.id, match.watchlistId),
    kind: 'alert',
    watchlist: match.watchlistId,
    storyId: match.story.id,
    facts: matchFacts(match, smsDeferred ? ['email'] : ['email', 'sms']),
    match,
  };
}
