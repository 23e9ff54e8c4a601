import type { StoryCluster } from './story-cluster';

/** One report of a development, as alerts list it (`sources` in the outbox, the webhook, Slack). */
export interface ClusterSource {
  feedId: string;
  storyId: string;
  title: string;
  link: string;
  /** BCP 47 when the feed or story gives it. */
  lang?: string;
  /** The story's (capped) published time, ISO 8601. */
  at: string;
}

/** A cluster as the store keeps it: the decision state, its reports and the stories that alerted. */
export interface StoredCluster extends StoryCluster {
  /** The reports in the order they joined (the opener first), at most {@link MAX_CLUSTER_SOURCES}. */
  sources: ClusterSource[];
  /** Stories that joined and raised the cluster's priority: each sent an update alert. */
  raisedBy: string[];
}

/** Reports listed on a stored cluster; a development with more still counts them in `storyIds`. */
export const MAX_CLUSTER_SOURCES = 50;

/**
 * Where clusters live (the table in AWS and locally). Placing a story reads the candidate
 * clusters of a few index partitions, consistently, under a short per-watchlist lease, so
 * two workers placing reports of one development at once cannot both open a cluster.
 */
export interface ClusterStore {
  /** Takes the watchlist's clustering lease for `owner` until `now + leaseMs`; false while another holds it. */
  lock(watchlistId: string, owner: string, leaseMs: number, now: Date): Promise<boolean>;
  /** Gives the lease back (only when `owner` still holds it). */
  unlock(watchlistId: string, owner: string): Promise<void>;
  /** Every cluster listed under these partitions ({@link clusterLookupKeys}), read consistently. */
  clustersIn(buckets: readonly string[]): Promise<StoredCluster[]>;
  /**
   * Writes a cluster: a new one only if its id is not stored, a changed one only if the stored
   * version is `cluster.version - 1`. False when that condition failed (then place again).
   */
  saveCluster(cluster: StoredCluster): Promise<boolean>;
  /** A cluster by id, or undefined. */
  getCluster(id: string): Promise<StoredCluster | undefined>;
  /** A watchlist's clusters opened at or after `since` (ISO), newest first. */
  listClusters(watchlistId: string, since: string): Promise<StoredCluster[]>;
}

/** The table key of a stored match, which the clustering stage marks with its cluster. */
export interface MatchKey {
  pk: string;
  sk: string;
}

/** Records on stored matches where clustering placed them. */
export interface MatchPlacements {
  /**
   * Sets the match's `clusterId`. A folded match (joined, no update) is also marked done, so
   * it leaves the pending index and no retry or sweep alerts it; false when it was sent before.
   */
  placeMatch(key: MatchKey, placement: { clusterId: string; folded: boolean; at: Date }): Promise<boolean>;
}
