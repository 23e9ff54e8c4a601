/**
 * Scores of a clustering against labelled developments (bench/cluster.bench.ts and the
 * clustering tests share them).
 */

/** A clustering's figures over labelled stories. */
export interface ClusterScores {
  stories: number;
  developments: number;
  /** B-cubed precision: per story, the share of its cluster that is its development, averaged. */
  precision: number;
  /** B-cubed recall: per story, the share of its development that is in its cluster, averaged. */
  recall: number;
  /** Clusters opened: one alert each. */
  alerts: number;
  /** Developments none of whose reports opened a cluster: folded into another development's alert. */
  hidden: string[];
}

/**
 * B-cubed precision and recall (Bagga and Baldwin 1998; Amigó et al. 2009), alerts and hidden
 * developments. `clusterOf` and `developmentOf` map story ids; `openers` are the stories that
 * opened a cluster.
 */
export function scoreClustering(
  developmentOf: ReadonlyMap<string, string>,
  clusterOf: ReadonlyMap<string, string>,
  openers: ReadonlySet<string>,
): ClusterScores {
  const byCluster = new Map<string, string[]>();
  const byDevelopment = new Map<string, string[]>();
  for (const [id, dev] of developmentOf) {
    const c = clusterOf.get(id);
    if (c === undefined) throw new Error(`story ${id} has no cluster`);
    byCluster.set(c, [...(byCluster.get(c) ?? []), id]);
    byDevelopment.set(dev, [...(byDevelopment.get(dev) ?? []), id]);
  }
  let precision = 0;
  let recall = 0;
  for (const [id, dev] of developmentOf) {
    const cluster = byCluster.get(clusterOf.get(id)!)!;
    const same = cluster.filter((o) => developmentOf.get(o) === dev).length;
    precision += same / cluster.length;
    recall += same / byDevelopment.get(dev)!.length;
  }
  const n = developmentOf.size;
  const hidden = [...byDevelopment.entries()]
    .filter(([, ids]) => !ids.some((id) => openers.has(id)))
    .map(([dev]) => dev)
    .sort();
  return {
    stories: n,
    developments: byDevelopment.size,
    precision: precision / n,
    recall: recall / n,
    alerts: byCluster.size,
    hidden,
  };
}
