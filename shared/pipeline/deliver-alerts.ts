import type { Alert, AlertPublisher } from '../alerts/alert';
import type { AlertMatch } from '../alerts/alert-match';
import type { DeliveryLedger, PendingDelivery } from '../alerts/delivery-ledger';
import { DEFAULT_DELIVERY_SETTINGS } from '../alerts/delivery-settings';
import { formatAlert } from '../alerts/format-alert';
import type { SmsBudget } from '../alerts/sms-budget';
import { mapLimit } from './map-limit';

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
  publisher: AlertPublisher;
  /** The SMS cost guard; without one every alert carries its SMS. @default none */
  smsBudget?: SmsBudget;
  /** @default DEFAULT_DELIVERY_SETTINGS' smsSegments (1) and claimLeaseMs (120 s) */
  settings?: { smsSegments?: number; claimLeaseMs?: number };
  /** The clock (tests pass a fake one). @default () => new Date() */
  now?: () => Date;
}

/** What one delivery run did. */
export interface DeliveryReport {
  /** Published now. */
  published: Alert[];
  /** Skipped: sent before (a redelivered record, a rerun). */
  alreadySent: number;
  /** Skipped: another worker holds the claim. */
  busy: number;
  /** Published for e-mail only: the SMS went over a cap and waits for the SMS digest. */
  smsDeferred: number;
  /** Not published; released for the next attempt. */
  failed: { alert: Alert; reason: string }[];
}

/**
 * Delivers each item exactly once: claim it (a conditional write: already sent or held by a
 * live worker means skip), render it, publish everything claimed in batches, then mark each
 * published item sent and release each failed one. A crash between publishing and marking is
 * the only window in which an alert can go out twice; SNS cannot close it, the local outbox does.
 */
export async function deliverAlerts(
  items: readonly OwnedDelivery[],
  deps: DeliveryDeps,
): Promise<DeliveryReport> {
  const now = deps.now ?? (() => new Date());
  const leaseMs = deps.settings?.claimLeaseMs ?? DEFAULT_DELIVERY_SETTINGS.claimLeaseMs;
  const report: DeliveryReport = { published: [], alreadySent: 0, busy: 0, smsDeferred: 0, failed: [] };
  const outcomes = await mapLimit(items, 8, (item) =>
    deps.ledger.claim(item.key, item.owner, leaseMs, now()),
  );
  const claimed: { item: OwnedDelivery; alert: Alert; smsSlot: boolean }[] = [];
  for (const [i, item] of items.entries()) {
    const outcome = outcomes[i];
    if (outcome === 'sent') report.alreadySent++;
    else if (outcome === 'busy') report.busy++;
    if (outcome !== 'claimed') continue;
    if (item.kind === 'digest') {
      if (item.alert.kind === 'sms-digest') await deps.smsBudget?.count(item.alert.watchlist, now());
      claimed.push({ item, alert: item.alert, smsSlot: false });
      continue;
    }
    const smsSlot = deps.smsBudget ? await deps.smsBudget.take(item.match.watchlistId, now()) : true;
    const alert = formatAlert(item.match, {
      smsSegments: deps.settings?.smsSegments,
      delivery: smsSlot ? ['email', 'sms'] : ['email'],
    });
    claimed.push({ item, alert, smsSlot });
  }
  if (claimed.length === 0) return report;

  const result = await deps.publisher.publish(claimed.map((c) => c.alert));
  const byAlert = new Map(claimed.map((c) => [c.alert, c]));
  // Marks are independent writes: in parallel, since the whole batch waits on the slowest.
  await mapLimit(result.published, 8, async ({ alert, messageId }) => {
    const { item, smsSlot } = byAlert.get(alert)!;
    await deps.ledger.markSent(item.key, {
      at: now(),
      messageId,
      smsDeferred: item.kind === 'match' && !smsSlot,
    });
  });
  for (const { alert } of result.published) {
    const { item, smsSlot } = byAlert.get(alert)!;
    report.published.push(alert);
    if (item.kind === 'match' && !smsSlot) report.smsDeferred++;
  }
  for (const failure of result.failed) {
    const { item, smsSlot } = byAlert.get(failure.alert)!;
    await deps.ledger.release(item.key, item.owner);
    if (item.kind === 'match' && smsSlot) await deps.smsBudget?.giveBack(item.match.watchlistId, now());
    report.failed.push(failure);
  }
  return report;
}
