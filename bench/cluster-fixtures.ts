import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWatchlists } from '../shared/config/load-config';
import { clusterStories } from '../shared/stories/cluster-stories';
import type { ClusterSettings } from '../shared/stories/cluster-settings';
import { entityExtractor } from '../shared/stories/entity-extractor';
import { storyFeatures } from '../shared/stories/story-features';

/** One story of the labelled set (test/fixtures/clusters/*.jsonl). */
export interface LabelledStory {
  id: string;
  feedId: string;
  lang: string;
  publishedAt: string;
  fetchedAt?: string;
  title: string;
  summary: string;
  link: string;
  watchlist: string;
  /** The development the story reports: stories with one label belong in one cluster. */
  development: string;
}

const ROOT = join(__dirname, '..');

/** The two parts of the labelled set: `tuning` (thresholds were set on it) and `held-out` (never tuned on). */
export type LabelledPart = 'tuning' | 'held-out';

/** Reads one part of the labelled set. */
export function labelledStories(part: LabelledPart): LabelledStory[] {
  return readFileSync(join(ROOT, 'test', 'fixtures', 'clusters', `${part}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as LabelledStory);
}

/** Clusters labelled stories with our clustering and the project's watchlists; story id to cluster id, and the openers. */
export function clusterLabelled(stories: readonly LabelledStory[], settings: Partial<ClusterSettings> = {}) {
  const entities = entityExtractor(loadWatchlists(join(ROOT, 'config', 'watchlists')));
  const features = stories.map((s) => storyFeatures({ ...s, watchlistId: s.watchlist }, entities));
  const { placed, clusters } = clusterStories(features, settings);
  return {
    clusterOf: new Map(placed.map((p) => [p.storyId, p.clusterId])),
    openers: new Set(placed.filter((p) => p.opened).map((p) => p.storyId)),
    placed,
    clusters,
    features,
  };
}
