import type { ClusterSettings } from './cluster-settings';
import type { StoryCluster } from './story-cluster';

const DAY = 86_400_000;

/**
 * The index partition a cluster is listed under: its watchlist and the UTC day it opened
 * (`<watchlistId>#2025-12-02`). A cluster never moves: the window is measured from its
 * opening, so one partition per cluster is enough.
 */
export function clusterBucket(cluster: Pick<StoryCluster, 'watchlistId' | 'openedAt'>): string {
  return bucketOf(cluster.watchlistId, Date.parse(cluster.openedAt));
}

/**
 * The partitions to read to find every cluster a story could join: the watchlist's days from
 * `at - window` to `at + window` (a story seen late may belong to a cluster opened after its
 * published time). Five partitions for the default 48-hour window; each holds the clusters
 * opened that day, not the stories, so the lookup reads tens of small items, never a scan.
 */
export function clusterLookupKeys(
  watchlistId: string,
  at: number,
  settings: Pick<ClusterSettings, 'windowHours'>,
): string[] {
  const window = settings.windowHours * 3_600_000;
  const keys: string[] = [];
  for (let day = Math.floor((at - window) / DAY); day <= Math.floor((at + window) / DAY); day++)
    keys.push(bucketOf(watchlistId, day * DAY));
  return keys;
}

function bucketOf(watchlistId: string, at: number): string {
  return `${watchlistId}#${new Date(at).toISOString().slice(0, 10)}`;
}
