import type { AlertMatch } from '../alerts/alert-match';
import { keys } from '../store/key-schema';
import { clusterMatches } from './cluster-matches';
import { deliverAlerts, type DeliveryDeps, type DeliveryReport } from './deliver-alerts';
import type { NewMatch } from './new-matches';

/**
 * Alerts on newly stored matches, each exactly once. In AWS the table stream calls this with
 * the new match items (owner: the stream record); locally the cycle calls it with the
 * matches it just stored (owner: the local data folder). With clustering on, each match
 * first joins or opens a development: only openings and priority updates alert.
 * @param owner the claim owner of each match
 */
export async function notifyMatches(
  matches: readonly AlertMatch[],
  deps: DeliveryDeps,
  owner: string | ((match: AlertMatch, index: number) => string),
): Promise<DeliveryReport> {
  const ownerOf = new Map<string, string>();
  matches.forEach((m, i) => ownerOf.set(matchId(m), typeof owner === 'string' ? owner : owner(m, i)));
  let toAlert: readonly AlertMatch[] = matches;
  let folded = 0;
  if (deps.clustering) {
    const placed = await clusterMatches(matches, deps.clustering);
    toAlert = placed.alert;
    folded = placed.folded.length;
  }
  const report = await deliverAlerts(
    toAlert.map((match) => ({
      kind: 'match' as const,
      key: keys.match(match.story.id, match.watchlistId),
      match,
      owner: ownerOf.get(matchId(match))!,
    })),
    deps,
  );
  return { ...report, folded: (report.folded ?? 0) + folded };
}

/** The notify stage, in AWS and locally: the new-matches source's matches, each claimed by its owner. */
export function notifyNewMatches(matches: readonly NewMatch[], deps: DeliveryDeps): Promise<DeliveryReport> {
  return notifyMatches(
    matches.map((m) => m.match),
    deps,
    (_match, i) => matches[i]!.owner,
  );
}

function matchId(match: AlertMatch): string {
  return `${match.story.id}\n${match.watchlistId}`;
}
