import type { DeliveryLedger } from '../alerts/delivery-ledger';
import { deliverAlerts, type DeliveryDeps, type DeliveryReport } from './deliver-alerts';
import { notifyMatches } from './notify-matches';

/** Options of {@link deliverPending}. */
export interface DeliverPendingOptions {
  /** The claim owner of this worker. */
  owner: string;
  /**
   * Only matches that became pending before this instant (digests are always taken): the
   * scheduled sweep leaves young alerts to the stream.
   * @default every pending match
   */
  olderThan?: Date;
}

/**
 * Sends every alert (and digest) that is stored but not marked sent: those of a run killed
 * mid-cycle, of a stream batch that ended in the DLQ, of a publish that failed. Each goes
 * through the same claim and marker as the stream's, so it is sent once.
 */
export async function deliverPending(
  deps: DeliveryDeps & { ledger: DeliveryLedger },
  options: DeliverPendingOptions,
): Promise<DeliveryReport> {
  const cutoff = options.olderThan?.toISOString();
  const pending = (await deps.ledger.listPending()).filter(
    (p) => p.kind === 'digest' || cutoff === undefined || p.since < cutoff,
  );
  const matches = pending.flatMap((p) => (p.kind === 'match' ? [p.match] : []));
  if (!deps.clustering || matches.length === 0)
    return deliverAlerts(
      pending.map((p) => ({ ...p, owner: options.owner })),
      deps,
    );
  // A match left pending may not have been placed yet (a crash before clustering): it goes
  // through the same stage as a new one, so a sweep never alerts a folded report.
  const digests = pending.filter((p) => p.kind === 'digest');
  const [fromMatches, fromDigests] = await Promise.all([
    notifyMatches(matches, deps, options.owner),
    deliverAlerts(
      digests.map((p) => ({ ...p, owner: options.owner })),
      deps,
    ),
  ]);
  return {
    published: [...fromMatches.published, ...fromDigests.published],
    alreadySent: fromMatches.alreadySent + fromDigests.alreadySent,
    busy: fromMatches.busy + fromDigests.busy,
    smsDeferred: fromMatches.smsDeferred + fromDigests.smsDeferred,
    failed: [...fromMatches.failed, ...fromDigests.failed],
    folded: fromMatches.folded ?? 0,
    deadLettered: [...fromMatches.deadLettered, ...fromDigests.deadLettered],
    channels: [...fromMatches.channels, ...fromDigests.channels],
  };
}
