import { assignCluster, type ClusterDecision } from './assign-cluster';
import { clusterBucket, clusterLookupKeys } from './cluster-keys';
import { clusterSettings, type ClusterSettings } from './cluster-settings';
import type { StoryCluster } from './story-cluster';
import type { StoryFeatures } from './story-features';

/** One story's place after {@link clusterStories}. */
export interface ClusteredStory {
  storyId: string;
  clusterId: string;
  /** True for the story that opened its cluster: the one that alerted. */
  opened: boolean;
  /** True when the story joined and raised the cluster's priority (an update alert). */
  update: boolean;
  decision: ClusterDecision['kind'];
  reason?: 'reprint' | 'similar';
  score?: number;
}

/**
 * Clusters stories the way the pipeline does, one at a time in time order (ties by story
 * id), each placed by {@link assignCluster} among the clusters its index lookup finds, with
 * an in-memory index standing in for the table. For `newsalert cluster` and the benchmark.
 */
export function clusterStories(
  stories: readonly StoryFeatures[],
  partial: Partial<ClusterSettings> = {},
): { placed: ClusteredStory[]; clusters: StoryCluster[] } {
  const settings = clusterSettings(partial);
  const index = new Map<string, Map<string, StoryCluster>>();
  const placed: ClusteredStory[] = [];
  const ordered = [...stories].sort(
    (a, b) => a.at - b.at || (a.storyId < b.storyId ? -1 : a.storyId > b.storyId ? 1 : 0),
  );
  for (const story of ordered) {
    const candidates = clusterLookupKeys(story.watchlistId, story.at, settings).flatMap((k) => [
      ...(index.get(k)?.values() ?? []),
    ]);
    const decision = assignCluster(story, candidates, settings);
    const cluster = decision.cluster;
    const bucket = clusterBucket(cluster);
    if (!index.has(bucket)) index.set(bucket, new Map());
    index.get(bucket)!.set(cluster.id, cluster);
    placed.push({
      storyId: story.storyId,
      clusterId: cluster.id,
      opened: decision.kind === 'open' || (decision.kind === 'known' && cluster.openedBy === story.storyId),
      update: decision.kind === 'join' && decision.raisesPriority,
      decision: decision.kind,
      ...(decision.kind === 'join' ? { reason: decision.reason, score: decision.score } : {}),
    });
  }
  return { placed, clusters: [...index.values()].flatMap((m) => [...m.values()]) };
}
