/** How stories are folded into clusters. Every field has a default; pass only what differs. */
export interface ClusterSettings {
  /**
   * How long after a cluster opened a report may still join it (and how long before: a
   * report published earlier but seen later), in hours. Long enough that a report 30+ hours
   * late (a weekly round-up, a slow outlet) still folds in.
   * @default 48
   */
  windowHours: number;
  /**
   * The similarity (0..1) a story needs with a cluster's centroid to join it. High on
   * purpose: a wrongly joined report hides a development, a wrongly opened cluster only
   * sends one alert more.
   * @default 0.62
   */
  threshold: number;
  /**
   * SimHash distance (bits of 64) at or below which a story is a reprint of a member and
   * joins without further checks (Manku et al. use 3).
   * @default 3
   */
  reprintBits: number;
  /**
   * Features kept per centroid sub-vector in the stored cluster, the strongest first; a
   * cap on the cluster item's size.
   * @default 80
   */
  centroidSize: number;
  /**
   * Members whose SimHashes are kept for reprint checks.
   * @default 50
   */
  simhashes: number;
}

/** The defaults of {@link ClusterSettings}. */
export const DEFAULT_CLUSTER_SETTINGS: Readonly<ClusterSettings> = Object.freeze({
  windowHours: 48,
  threshold: 0.62,
  reprintBits: 3,
  centroidSize: 80,
  simhashes: 50,
});

/** Settings with the defaults filled in. */
export function clusterSettings(partial: Partial<ClusterSettings> = {}): ClusterSettings {
  return { ...DEFAULT_CLUSTER_SETTINGS, ...partial };
}
