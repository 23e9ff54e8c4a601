import type { AlertMatch } from '../alerts/alert-match';
import { keys } from '../store/key-schema';
import { deliverAlerts, type DeliveryDeps, type DeliveryReport } from './deliver-alerts';
import type { NewMatch } from './new-matches';

/**
 * Alerts on newly stored matches, each exactly once. In AWS the table stream calls this with
 * the new match items (owner: the stream record); locally the cycle calls it with the
 * matches it just stored (owner: the local data folder).
 * @param owner the claim owner of each match
 */
export async function notifyMatches(
  matches: readonly AlertMatch[],
  deps: DeliveryDeps,
  owner: string | ((match: AlertMatch, index: number) => string),
): Promise<DeliveryReport> {
  return deliverAlerts(
    matches.map((match, i) => ({
      kind: 'match' as const,
      key: keys.match(match.story.id, match.watchlistId),
      match,
      owner: typeof owner === 'string' ? owner : owner(match, i),
    })),
    deps,
  );
}

/** The notify stage, in AWS and locally: the new-matches source's matches, each claimed by its owner. */
export function notifyNewMatches(matches: readonly NewMatch[], deps: DeliveryDeps): Promise<DeliveryReport> {
  return notifyMatches(
    matches.map((m) => m.match),
    deps,
    (_match, i) => matches[i]!.owner,
  );
}
