import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { priorityOf, type AlertMatch } from '../alerts/alert-match';
import { StoreError } from '../errors';
import { assignCluster } from '../stories/assign-cluster';
import { clusterLookupKeys } from '../stories/cluster-keys';
import { clusterSettings, type ClusterSettings } from '../stories/cluster-settings';
import {
  MAX_CLUSTER_SOURCES,
  type ClusterSource,
  type ClusterStore,
  type MatchPlacements,
  type StoredCluster,
} from '../stories/cluster-store';
import type { EntityExtractor } from '../stories/entity-extractor';
import { storyFeatures } from '../stories/story-features';
import { keys } from '../store/key-schema';

/** What the clustering stage needs. */
export interface ClusteringDeps {
  store: ClusterStore & MatchPlacements;
  /** The actor registry of the watchlists that run (any spelling or script to one actor id). */
  entities: () => Promise<EntityExtractor>;
  /** @default DEFAULT_CLUSTER_SETTINGS */
  settings?: Partial<ClusterSettings>;
  /** Names the worker in the per-watchlist lease (each call adds its own suffix). @default 'worker' */
  owner?: string;
  /**
   * How long a lease is held at most; a worker that dies holding it delays the next
   * placement of that watchlist by this much.
   * @default 15000
   */
  leaseMs?: number;
  /** @default () => new Date() */
  now?: () => Date;
}

/** A match after clustering: what to alert, and the development it belongs to. */
export type ClusteredMatch = AlertMatch & {
  clusterId: string;
  /** The reports known now, the alerted one among them. */
  sources: ClusterSource[];
  /** True on an update alert: the story joined a development and raised its priority. */
  update?: boolean;
};

/** What the clustering stage decided for a batch of new matches. */
export interface ClusteringReport {
  /** Matches to alert: those that opened a development, and update alerts. */
  alert: ClusteredMatch[];
  /** Matches folded into a development that alerted already (no alert of their own). */
  folded: ClusteredMatch[];
}

/**
 * The clustering stage, between matching and alerting: each new match joins a development
 * (cluster) of its watchlist or opens one. Opening alerts; joining alerts only when the
 * story raises the development's priority (an update); otherwise the match is folded and
 * marked done. Matches are placed in published-time order (capped at first seen), one
 * watchlist at a time under a short lease, so two workers placing reports of one development
 * at once produce one alert. A match placed before (a retried batch, a rerun) is found in its
 * cluster and decided the same way again, so a rerun changes no cluster and sends nothing new.
 */
export async function clusterMatches(
  matches: readonly AlertMatch[],
  deps: ClusteringDeps,
): Promise<ClusteringReport> {
  const report: ClusteringReport = { alert: [], folded: [] };
  if (matches.length === 0) return report;
  const settings = clusterSettings(deps.settings);
  const now = deps.now ?? (() => new Date());
  const entities = await deps.entities();
  const owner = `${deps.owner ?? 'worker'}:${randomUUID()}`;
  const placed = matches
    .map((match) => ({
      match,
      features: storyFeatures(
        {
          id: match.story.id,
          title: match.story.title,
          summary: match.story.summary,
          publishedAt: match.story.publishedAt,
          fetchedAt: match.story.fetchedAt,
          lang: match.story.lang,
          watchlistId: match.watchlistId,
          priority: priorityOf(match) === 'high' ? 'high' : 'normal',
        },
        entities,
      ),
    }))
    .sort((a, b) => a.features.at - b.features.at || (a.match.story.id < b.match.story.id ? -1 : 1));

  for (const { match, features } of placed) {
    const { cluster, alerted, update } = await withLease(deps, owner, match.watchlistId, now, async () => {
      for (let attempt = 0; ; attempt++) {
        const candidates = await deps.store.clustersIn(
          clusterLookupKeys(match.watchlistId, features.at, settings),
        );
        const decision = assignCluster(features, candidates, settings);
        if (decision.kind === 'known') {
          const c = decision.cluster as StoredCluster;
          const isUpdate = c.raisedBy.includes(match.story.id);
          return { cluster: c, alerted: c.openedBy === match.story.id || isUpdate, update: isUpdate };
        }
        const source = sourceOf(match, features.at);
        const previous =
          decision.kind === 'join' ? (decision.cluster as unknown as StoredCluster) : undefined;
        const base = candidates.find((c) => c.id === decision.cluster.id);
        const raised = decision.kind === 'join' && decision.raisesPriority;
        const stored: StoredCluster = {
          ...decision.cluster,
          sources:
            decision.kind === 'open'
              ? [source]
              : [...(base?.sources ?? previous?.sources ?? []), source].slice(0, MAX_CLUSTER_SOURCES),
          raisedBy: [...(base?.raisedBy ?? []), ...(raised ? [match.story.id] : [])],
        };
        if (await deps.store.saveCluster(stored))
          return { cluster: stored, alerted: decision.kind === 'open' || raised, update: raised };
        // Someone changed the cluster between our read and write (a lease that expired): read again.
        if (attempt >= 5)
          throw new StoreError(
            `cluster ${stored.id} of ${match.watchlistId}: changed under every attempt to place story ${match.story.id}; the batch is retried`,
          );
      }
    });
    const clustered: ClusteredMatch = Object.assign({}, match, {
      clusterId: cluster.id,
      sources: cluster.sources,
      alsoReportedBy: otherSources(cluster.sources, match.story.id),
      ...(update ? { update: true } : {}),
    });
    const folded = !alerted;
    await deps.store.placeMatch(keys.match(match.story.id, match.watchlistId), {
      clusterId: cluster.id,
      folded,
      at: now(),
    });
    (folded ? report.folded : report.alert).push(clustered);
  }
  return report;
}

async function withLease<T>(
  deps: ClusteringDeps,
  owner: string,
  watchlistId: string,
  now: () => Date,
  fn: () => Promise<T>,
): Promise<T> {
  const leaseMs = deps.leaseMs ?? 15_000;
  const deadline = Date.now() + leaseMs * 2;
  let wait = 20;
  while (!(await deps.store.lock(watchlistId, owner, leaseMs, now()))) {
    if (Date.now() > deadline)
      throw new StoreError(
        `clustering of ${watchlistId}: another worker held the lease for over ${(leaseMs * 2) / 1000} s; the batch is retried`,
      );
    await sleep(wait);
    wait = Math.min(wait * 2, 500);
  }
  try {
    return await fn();
  } finally {
    await deps.store.unlock(watchlistId, owner);
  }
}

function sourceOf(match: AlertMatch, at: number): ClusterSource {
  const s = match.story;
  return {
    feedId: s.feedId,
    storyId: s.id,
    title: s.title,
    link: s.link,
    ...(s.lang ? { lang: s.lang } : {}),
    at: new Date(at).toISOString(),
  };
}

/** "Also reported by": the other reports' feeds, with their language when known. */
function otherSources(sources: readonly ClusterSource[], storyId: string): string[] {
  return sources
    .filter((s) => s.storyId !== storyId)
    .map((s) => (s.lang ? `${s.feedId} (${s.lang})` : s.feedId));
}
