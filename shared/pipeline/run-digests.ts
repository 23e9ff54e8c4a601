import type { DeliveryLedger, DigestStore } from '../alerts/delivery-ledger';
import type { DeliveryDeps, DeliveryReport } from './deliver-alerts';
import { deliverPending } from './deliver-pending';
import { buildDailyDigests, buildSmsDigests } from './send-digests';

/** Options of {@link runDigests}. */
export interface RunDigestsOptions {
  /** Claim owner of this run. */
  owner: string;
  /** Watchlists for the daily e-mail digest. @default [] (no daily digest) */
  watchlists?: readonly { id: string }[];
  /** UTC hour from which yesterday's e-mail digest is sent; undefined: none. @default undefined */
  dailyDigestHour?: number;
  /** Only alerts pending at least this long are swept (younger ones belong to the stream). @default 0 */
  sweepAfterMinutes?: number;
}

/** What a digest run did. */
export interface DigestRunReport {
  smsDigests: number;
  dailyDigests: number;
  delivery: DeliveryReport;
}

/**
 * The scheduled digest run: SMS digests of the last hour's alerts over the cap, the daily
 * e-mail digests when due, then everything pending is delivered (the new digests, and alerts
 * the stream left behind).
 */
export async function runDigests(
  deps: DeliveryDeps & { store: DigestStore & DeliveryLedger },
  options: RunDigestsOptions,
): Promise<DigestRunReport> {
  const now = deps.now ?? (() => new Date());
  const smsDigests = await buildSmsDigests({
    store: deps.store,
    now,
    smsSegments: deps.settings?.smsSegments,
  });
  const dailyDigests =
    options.dailyDigestHour === undefined || !options.watchlists?.length
      ? 0
      : await buildDailyDigests({
          store: deps.store,
          now,
          watchlists: options.watchlists,
          hour: options.dailyDigestHour,
        });
  const olderThan = new Date(now().getTime() - (options.sweepAfterMinutes ?? 0) * 60_000);
  const delivery = await deliverPending({ ...deps, ledger: deps.store }, { owner: options.owner, olderThan });
  return { smsDigests, dailyDigests, delivery };
}
