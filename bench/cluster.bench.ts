/**
 * Story clustering on the labelled set (test/fixtures/clusters): B-cubed precision and
 * recall, alerts against developments and developments hidden, for ours and, in the same
 * run, the naive anchors (no clustering, exact normalised title, token Jaccard >= 0.5 within
 * 24 h), on the tuning part and the held-out part separately. Then the cost of the stage per
 * story: index partitions and cluster items read, items written, and its time beside the
 * matcher's on the same stories.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadWatchlists } from '../shared/config/load-config';
import { assignCluster } from '../shared/stories/assign-cluster';
import { clusterBucket, clusterLookupKeys } from '../shared/stories/cluster-keys';
import { clusterSettings } from '../shared/stories/cluster-settings';
import { entityExtractor } from '../shared/stories/entity-extractor';
import type { StoryCluster } from '../shared/stories/story-cluster';
import { storyFeatures } from '../shared/stories/story-features';
import { compileMatcher } from '../shared/watchlists/compile-matcher';
import { exactTitle, noClustering, tokenJaccard, type AnchorResult } from './cluster-anchors';
import { clusterLabelled, labelledStories, type LabelledPart, type LabelledStory } from './cluster-fixtures';
import { scoreClustering } from './cluster-metrics';

const pct = (x: number) => x.toFixed(3);

function report(part: LabelledPart): void {
  const stories = labelledStories(part);
  const developmentOf = new Map(stories.map((s) => [s.id, s.development]));
  const ours = clusterLabelled(stories);
  const rows: [string, AnchorResult][] = [
    ['ours', ours],
    ['no clustering', noClustering(stories)],
    ['exact title', exactTitle(stories)],
    ['token Jaccard>=0.5/24h', tokenJaccard(stories)],
  ];
  const devs = new Set(developmentOf.values()).size;
  console.log(`\n${part}: ${stories.length} stories, ${devs} developments`);
  console.log('  clustering                 B3 prec  B3 rec   F1     alerts  alerts/devs  hidden');
  for (const [name, r] of rows) {
    const s = scoreClustering(developmentOf, r.clusterOf, r.openers);
    const f1 = (2 * s.precision * s.recall) / (s.precision + s.recall);
    console.log(
      `  ${name.padEnd(26)} ${pct(s.precision)}    ${pct(s.recall)}    ${pct(f1)}  ${String(s.alerts).padStart(5)}   ${(s.alerts / devs).toFixed(2).padStart(6)}       ${s.hidden.length}${s.hidden.length ? ` (${s.hidden.slice(0, 3).join(', ')}${s.hidden.length > 3 ? ', ...' : ''})` : ''}`,
    );
  }
}

function cost(stories: readonly LabelledStory[]): void {
  const watchlists = loadWatchlists(join(__dirname, '..', 'config', 'watchlists'));
  const settings = clusterSettings();
  const matcher = compileMatcher(watchlists);
  const entities = entityExtractor(watchlists);
  // Repeat the set, each copy a week later, so the index holds many days.
  const copies = 40;
  const input = Array.from({ length: copies }, (_, k) =>
    stories.map((s) => ({
      ...s,
      id: `${s.id}-${k}`,
      watchlistId: s.watchlist,
      publishedAt: new Date(Date.parse(s.publishedAt) + k * 7 * 86_400_000).toISOString(),
    })),
  )
    .flat()
    .sort((a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt));
  const time = (f: () => void) => {
    const best: number[] = [];
    for (let round = 0; round < 5; round++) {
      const t = performance.now();
      f();
      best.push(performance.now() - t);
    }
    return Math.min(...best);
  };
  let partitions = 0;
  let read = 0;
  const matchMs = time(() => {
    for (const s of input) matcher.match(s);
  });
  const clusterMs = time(() => {
    partitions = 0;
    read = 0;
    const index = new Map<string, StoryCluster[]>();
    for (const s of input) {
      const f = storyFeatures(s, entities);
      const keys = clusterLookupKeys(f.watchlistId, f.at, settings);
      const candidates = keys.flatMap((k) => index.get(k) ?? []);
      partitions += keys.length;
      read += candidates.length;
      const d = assignCluster(f, candidates, settings);
      const bucket = clusterBucket(d.cluster);
      const list = (index.get(bucket) ?? []).filter((c) => c.id !== d.cluster.id);
      index.set(bucket, [...list, d.cluster]);
    }
  });
  const n = input.length;
  console.log(`\ncost per matched story (${n} stories: the two parts' dates, ${copies} weekly copies)`);
  console.log(
    `  index: ${(partitions / n).toFixed(1)} partitions queried, ${(read / n).toFixed(1)} cluster items read, 1 item written`,
  );
  console.log(
    `  time: matcher ${((matchMs * 1000) / n).toFixed(1)} us/story (baseline), features + assignment ${((clusterMs * 1000) / n).toFixed(1)} us/story = ${(clusterMs / matchMs).toFixed(1)}x the matcher`,
  );
}

/** The command a user runs, beside `newsalert match` over the same file (both load the watchlists and the CLI). */
function cli(): void {
  const bin = join(__dirname, '..', 'bin', 'newsalert.js');
  const file = join(__dirname, '..', 'test', 'fixtures', 'clusters', 'held-out.jsonl');
  const wall = (args: string[]) => {
    const times: number[] = [];
    for (let round = 0; round < 5; round++) {
      const t = performance.now();
      const run = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`newsalert ${args.join(' ')}: ${run.stderr}`);
      times.push(performance.now() - t);
    }
    return Math.min(...times);
  };
  const match = wall([
    'match',
    '--watchlists',
    join(__dirname, '..', 'config', 'watchlists'),
    '--stories',
    file,
    '--json',
  ]);
  const cluster = wall(['cluster', '--stories', file, '--json']);
  console.log(
    `\nnewsalert cluster over held-out.jsonl: ${cluster.toFixed(0)} ms; newsalert match over it (baseline): ${match.toFixed(0)} ms = ${(cluster / match).toFixed(2)}x (best of 5)`,
  );
}

report('tuning');
report('held-out');
cost([...labelledStories('tuning'), ...labelledStories('held-out')]);
cli();
