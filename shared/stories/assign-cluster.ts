import { createHash } from 'node:crypto';
import type { ClusterSettings } from './cluster-settings';
import { hammingDistance } from './simhash';
import type { StoryCluster } from './story-cluster';
import { round, type SparseVector, type StoryFeatures } from './story-features';

const SPEAKER_ASYMMETRY = 0.85;
const NOTHING: ReadonlySet<string> = new Set();
const TIME_FADE_PER_DAY = 0.1;

/** Where a story goes, and what changes. */
export type ClusterDecision =
  | {
      kind: 'open';
      /** The new cluster, to be written only if no item with its id exists. */
      cluster: StoryCluster;
    }
  | {
      kind: 'join';
      /** The cluster with the story added, to be written only if its version is still `version - 1`. */
      cluster: StoryCluster;
      /** True when the story raises the cluster's priority: send an update alert. */
      raisesPriority: boolean;
      /** Why it joined: a reprint (SimHash) or a similar report (score over the threshold). */
      reason: 'reprint' | 'similar';
      score: number;
    }
  | {
      /** The story is already a member (a rerun): nothing to write, nothing to send. */
      kind: 'known';
      cluster: StoryCluster;
    };

/** How a story compares with one candidate cluster (for explanations and tuning). */
export interface ClusterScore {
  clusterId: string;
  score: number;
  /** Why the cluster may not take the story whatever the score, if so. */
  veto?: string;
  reprint: boolean;
}

/**
 * Places one story: it joins the candidate it is most similar to, if that is above the
 * threshold and nothing vetoes it, else it opens a cluster. Pure and deterministic: the same
 * features and candidates always give the same decision, and a story already in a candidate
 * is `known`, so a rerun changes nothing. `candidates` are the clusters an index lookup found
 * ({@link clusterLookupKeys}); those outside the window or of another watchlist are ignored.
 */
export function assignCluster(
  story: StoryFeatures,
  candidates: readonly StoryCluster[],
  settings: ClusterSettings,
): ClusterDecision {
  const own = candidates.filter((c) => c.watchlistId === story.watchlistId);
  const known = own.find((c) => c.storyIds.includes(story.storyId));
  if (known) return { kind: 'known', cluster: known };
  let best: { cluster: StoryCluster; s: ClusterScore } | undefined;
  for (const cluster of [...own].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const s = scoreCluster(story, cluster, settings);
    if (s.veto) continue;
    if (!s.reprint && s.score < settings.threshold) continue;
    const rank = (x: ClusterScore) => (x.reprint ? 2 : 0) + x.score;
    if (!best || rank(s) > rank(best.s)) best = { cluster, s };
  }
  if (!best) return { kind: 'open', cluster: openCluster(story, settings) };
  const raisesPriority = story.priority === 'high' && best.cluster.priority !== 'high';
  return {
    kind: 'join',
    cluster: joinCluster(best.cluster, story, settings),
    raisesPriority,
    reason: best.s.reprint ? 'reprint' : 'similar',
    score: best.s.score,
  };
}

/**
 * The similarity of a story to a cluster, and what vetoes the join. The score is Miranda et
 * al.'s nearest-centroid similarity over sub-vectors: the language-independent one (actors,
 * places, concepts, numbers, dates) always, averaged with the bag of words when the cluster
 * has members in the story's language and that raises it. Vetoes keep near-twins apart:
 * different people quoted, an announcement beside an outcome, day 1 beside day 2, other
 * weekdays or dates, or a time outside the window.
 */
export function scoreCluster(
  story: StoryFeatures,
  cluster: StoryCluster,
  settings: ClusterSettings,
): ClusterScore {
  const reprint = cluster.simhashes.some((h) => hammingDistance(h, story.simhash) <= settings.reprintBits);
  // Two reports quoting one person are the same development only if they say the same thing:
  // compare what was said, not who said it.
  const shared = new Set(story.speakers.filter((p) => cluster.speakers.includes(p)).map((p) => `a:${p}`));
  const neutral = cosine(story.neutral, cluster.neutral, shared);
  const bag = cluster.tokens[story.lang];
  const raw = bag ? Math.max(neutral, (neutral + cosine(story.tokens, bag)) / 2) : neutral;
  // A quoted statement beside a plain report (Trump on the meeting, the meeting itself) is
  // more often a new development than another outlet's report of the same one.
  const asymmetric = story.speakers.length > 0 !== cluster.speakers.length > 0;
  // Time is one of Miranda et al.'s features: reports of one development come mostly within
  // hours, so similarity fades a little with the distance to the nearest member's time
  // (-10% a day), never enough to keep a report a day or two late out.
  const hours =
    Math.min(
      Math.abs(story.at - Date.parse(cluster.openedAt)),
      Math.abs(story.at - Date.parse(cluster.lastAt)),
    ) / 3_600_000;
  const fade = 1 - TIME_FADE_PER_DAY * Math.min(hours / 24, 2);
  const score = round((asymmetric ? raw * SPEAKER_ASYMMETRY : raw) * fade);
  const result: ClusterScore = { clusterId: cluster.id, score, reprint };
  const veto = vetoOf(story, cluster, settings, reprint);
  if (veto) result.veto = veto;
  return result;
}

function vetoOf(
  story: StoryFeatures,
  c: StoryCluster,
  settings: ClusterSettings,
  reprint: boolean,
): string | undefined {
  const window = settings.windowHours * 3_600_000;
  const opened = Date.parse(c.openedAt);
  if (story.at > opened + window || story.at < opened - window) return 'outside the window';
  if (reprint) return undefined;
  if (
    story.speakers.length > 0 &&
    c.speakers.length > 0 &&
    !story.speakers.some((s) => c.speakers.includes(s))
  )
    return `quotes ${story.speakers.join(', ')}, the cluster ${c.speakers.join(', ')}`;
  // The same envoys meeting two delegations in one city on one day: each report's headline
  // names someone the other never mentions.
  const absent = (persons: readonly string[], v: SparseVector) =>
    persons.some((p) => v[`a:${p}`] === undefined);
  if (absent(story.headlinePersons, c.neutral) && absent(c.headlinePersons, story.neutral))
    return 'each names in its headline someone the other never mentions';
  if (story.phase !== c.phase) return `${story.phase}, the cluster ${c.phase}`;
  if (story.ordinals.join() !== c.ordinals.join()) return 'another ordinal in the headline (day 1, day 2)';
  if (disjoint(story.weekdays, c.weekdays)) return 'other weekdays';
  if (disjoint(story.dates, c.dates)) return 'other dates';
  return undefined;
}

function disjoint(a: readonly string[], b: readonly string[]): boolean {
  return a.length > 0 && b.length > 0 && !a.some((x) => b.includes(x));
}

function cosine(a: SparseVector, b: SparseVector, ignored: ReadonlySet<string> = NOTHING): number {
  // for...in, not Object.entries: this runs for every candidate of every story.
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const k in a) {
    if (ignored.size > 0 && ignored.has(k)) continue;
    const w = a[k]!;
    na += w * w;
    const o = b[k];
    if (o !== undefined) dot += w * o;
  }
  for (const k in b) {
    if (ignored.size > 0 && ignored.has(k)) continue;
    const w = b[k]!;
    nb += w * w;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** The id of the cluster a story opens: the same story always opens the same id. */
export function clusterIdOf(watchlistId: string, storyId: string): string {
  return `cl-${createHash('sha256').update(`${watchlistId}\n${storyId}`).digest('hex').slice(0, 20)}`;
}

function openCluster(story: StoryFeatures, settings: ClusterSettings): StoryCluster {
  const at = new Date(story.at).toISOString();
  return {
    id: clusterIdOf(story.watchlistId, story.storyId),
    watchlistId: story.watchlistId,
    openedBy: story.storyId,
    openedAt: at,
    lastAt: at,
    storyIds: [story.storyId],
    priority: story.priority,
    phase: story.phase,
    speakers: [...story.speakers],
    headlinePersons: [...story.headlinePersons],
    ordinals: [...story.ordinals],
    weekdays: [...story.weekdays],
    dates: [...story.dates],
    simhashes: [story.simhash],
    neutral: top(story.neutral, settings.centroidSize),
    tokens: { [story.lang]: top(story.tokens, settings.centroidSize) },
    version: 1,
  };
}

function joinCluster(c: StoryCluster, story: StoryFeatures, settings: ClusterSettings): StoryCluster {
  const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])].sort();
  return {
    ...c,
    lastAt: new Date(Math.max(Date.parse(c.lastAt), story.at)).toISOString(),
    storyIds: [...c.storyIds, story.storyId],
    priority: story.priority === 'high' ? 'high' : c.priority,
    speakers: union(c.speakers, story.speakers),
    headlinePersons: union(c.headlinePersons, story.headlinePersons),
    weekdays: union(c.weekdays, story.weekdays),
    dates: union(c.dates, story.dates),
    simhashes: c.simhashes.length < settings.simhashes ? [...c.simhashes, story.simhash] : c.simhashes,
    neutral: top(add(c.neutral, story.neutral), settings.centroidSize),
    tokens: {
      ...c.tokens,
      [story.lang]: top(add(c.tokens[story.lang] ?? {}, story.tokens), settings.centroidSize),
    },
    version: c.version + 1,
  };
}

function add(a: SparseVector, b: SparseVector): SparseVector {
  const out: SparseVector = { ...a };
  for (const [k, w] of Object.entries(b)) out[k] = round((out[k] ?? 0) + w);
  return out;
}

/** The `n` strongest features, ties by name, in name order (a stored vector reads the same every time). */
function top(v: SparseVector, n: number): SparseVector {
  const kept = Object.entries(v)
    .sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : 1))
    .slice(0, n)
    .sort(([ka], [kb]) => (ka < kb ? -1 : 1));
  return Object.fromEntries(kept);
}
