/**
 * The naive clusterings ours is compared with (bench/cluster.bench.ts): what self-hosted
 * readers do today. Each returns story id to cluster id and the stories that opened a cluster,
 * processing stories in time order like ours.
 */
import type { LabelledStory } from './cluster-fixtures';

/** One anchor's clustering. */
export interface AnchorResult {
  clusterOf: Map<string, string>;
  openers: Set<string>;
}

function byTime(stories: readonly LabelledStory[]): LabelledStory[] {
  return [...stories].sort(
    (a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt) || (a.id < b.id ? -1 : 1),
  );
}

/** No clustering: every report is its own alert (the pipeline before clustering). */
export function noClustering(stories: readonly LabelledStory[]): AnchorResult {
  return { clusterOf: new Map(stories.map((s) => [s.id, s.id])), openers: new Set(stories.map((s) => s.id)) };
}

/** Reports with the same normalised title are one (FreshRSS folds identical titles). */
export function exactTitle(stories: readonly LabelledStory[]): AnchorResult {
  const first = new Map<string, string>();
  const result: AnchorResult = { clusterOf: new Map(), openers: new Set() };
  for (const s of byTime(stories)) {
    const key = `${s.watchlist}\n${s.title
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()}`;
    const opener = first.get(key);
    if (opener === undefined) {
      first.set(key, s.id);
      result.openers.add(s.id);
    }
    result.clusterOf.set(s.id, opener ?? s.id);
  }
  return result;
}

/** A report joins the cluster of the most similar report of the last 24 hours when their word sets' Jaccard is at least 0.5. */
export function tokenJaccard(stories: readonly LabelledStory[], min = 0.5, hours = 24): AnchorResult {
  const result: AnchorResult = { clusterOf: new Map(), openers: new Set() };
  const seen: { story: LabelledStory; words: Set<string>; at: number }[] = [];
  for (const s of byTime(stories)) {
    const words = new Set(`${s.title} ${s.summary}`.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
    const at = Date.parse(s.publishedAt);
    let best: { id: string; j: number } | undefined;
    for (const o of seen) {
      if (o.story.watchlist !== s.watchlist || at - o.at > hours * 3_600_000) continue;
      let common = 0;
      for (const w of words) if (o.words.has(w)) common++;
      const j = common / (words.size + o.words.size - common);
      if (j >= min && (!best || j > best.j)) best = { id: o.story.id, j };
    }
    const cluster = best ? result.clusterOf.get(best.id)! : s.id;
    if (!best) result.openers.add(s.id);
    result.clusterOf.set(s.id, cluster);
    seen.push({ story: s, words, at });
  }
  return result;
}
