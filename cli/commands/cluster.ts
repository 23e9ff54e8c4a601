import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { loadWatchlists } from '../../shared/config/load-config';
import { ConfigError } from '../../shared/errors';
import { clusterStories } from '../../shared/stories/cluster-stories';
import { clusterSettings, DEFAULT_CLUSTER_SETTINGS } from '../../shared/stories/cluster-settings';
import { entityExtractor } from '../../shared/stories/entity-extractor';
import { storyFeatures, type FeatureInput } from '../../shared/stories/story-features';
import { DEFAULT_CONFIG_DIR } from '../paths';

/** Options of `newsalert cluster`. */
export interface ClusterOptions {
  /** JSON lines with `id`, `title`, `summary`, `publishedAt` and optionally `feedId`, `lang`, `link`, `fetchedAt`, `watchlist`, `priority` (`-` for stdin). */
  stories: string;
  /** One JSON line per story instead of text. @default false */
  json?: boolean;
  /** Where the actor registry comes from: a watchlist file or folder. @default config/watchlists */
  watchlists?: string;
  /** The watchlist of stories without a `watchlist` field. @default "-" */
  watchlist?: string;
  /** Cluster window in hours. @default 48 */
  window?: string;
  /** Similarity threshold (0..1). @default 0.62 */
  threshold?: string;
}

interface InputStory extends FeatureInput {
  feedId: string;
  link: string;
  title: string;
}

/**
 * `newsalert cluster`: clusters stories offline as the pipeline does (in published-time
 * order, capped at `fetchedAt` when given), and prints one line per story, in input order,
 * with its cluster id and whether it opened the cluster (sent the alert) or joined one.
 */
export function clusterCommand(
  options: ClusterOptions,
  out: Writable = process.stdout,
): { stories: number; clusters: number } {
  const settings = clusterSettings({
    ...(options.window !== undefined
      ? { windowHours: numberOption('--window', options.window, 1, 24 * 30) }
      : {}),
    ...(options.threshold !== undefined
      ? { threshold: numberOption('--threshold', options.threshold, 0, 1) }
      : {}),
  });
  const stories = readStories(options.stories, options.watchlist ?? '-');
  const entities = entityExtractor(
    loadWatchlists(options.watchlists ?? join(DEFAULT_CONFIG_DIR, 'watchlists')),
  );
  const { placed, clusters } = clusterStories(
    stories.map((s) => storyFeatures(s, entities)),
    settings,
  );
  const byId = new Map(placed.map((p) => [p.storyId, p]));
  let text = '';
  for (const story of stories) {
    const p = byId.get(story.id)!;
    if (options.json)
      text += `${JSON.stringify({
        id: story.id,
        clusterId: p.clusterId,
        watchlist: story.watchlistId,
        opened: p.opened,
        update: p.update,
        ...(p.reason ? { reason: p.reason, score: p.score } : {}),
      })}\n`;
    else {
      const how = p.opened
        ? 'opened (alert)'
        : `joined (${p.reason === 'reprint' ? 'reprint' : `similar ${p.score?.toFixed(2)}`}${p.update ? ', update: priority raised' : ''})`;
      text += `${story.id}  ${p.clusterId}  ${how}  ${story.title}\n`;
    }
  }
  if (!options.json)
    text += `${stories.length} stories in ${clusters.length} clusters (${clusters.length} alerts; window ${settings.windowHours} h, threshold ${settings.threshold})\n`;
  out.write(text);
  return { stories: stories.length, clusters: clusters.length };
}

function numberOption(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new ConfigError(`${name} ${value}: give a number from ${min} to ${max}`);
  return n;
}

/** Reads every story (clustering sorts them by time, so it needs them all first). */
function readStories(file: string, defaultWatchlist: string): InputStory[] {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (give a JSON-lines file of stories, or - for stdin)`,
      { cause: err },
    );
  }
  const seen = new Set<string>();
  const stories: InputStory[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${file}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      throw new ConfigError(
        `${where}: not valid JSON (${(cause as Error).message}); give one story object per line`,
        {
          cause,
        },
      );
    }
    const story = toStory(value, where, defaultWatchlist);
    if (seen.has(story.id))
      throw new ConfigError(`${where}: id ${story.id}: given twice; give each story its own id`);
    seen.add(story.id);
    stories.push(story);
  });
  return stories;
}

function toStory(value: unknown, where: string, defaultWatchlist: string): InputStory {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ConfigError(`${where}: not a JSON object; give one story object per line`);
  const v = value as Record<string, unknown>;
  const text = (name: string): string | undefined => {
    const x = v[name];
    if (x === undefined || x === null) return undefined;
    if (typeof x !== 'string') throw new ConfigError(`${where}: ${name}: must be a string`);
    return x;
  };
  const id = typeof v.id === 'number' ? String(v.id) : text('id');
  if (!id) throw new ConfigError(`${where}: id: missing (give each story an "id" string)`);
  const title = text('title') ?? '';
  const summary = text('summary') ?? '';
  if (!title && !summary) throw new ConfigError(`${where}: give the story a "title" or a "summary"`);
  const publishedAt = text('publishedAt') ?? text('fetchedAt');
  if (!publishedAt || Number.isNaN(Date.parse(publishedAt)))
    throw new ConfigError(
      `${where}: publishedAt: ${publishedAt === undefined ? 'missing' : `"${publishedAt}" is not a date`} (give an ISO 8601 time, e.g. 2025-12-02T10:00:00Z)`,
    );
  const fetchedAt = text('fetchedAt');
  if (fetchedAt !== undefined && Number.isNaN(Date.parse(fetchedAt)))
    throw new ConfigError(`${where}: fetchedAt: "${fetchedAt}" is not a date (give an ISO 8601 time)`);
  const priority = text('priority');
  if (priority !== undefined && priority !== 'high' && priority !== 'normal')
    throw new ConfigError(`${where}: priority: "${priority}" (give high or normal)`);
  const lang = text('lang');
  return {
    id,
    title,
    summary,
    publishedAt,
    ...(fetchedAt !== undefined ? { fetchedAt } : {}),
    ...(lang !== undefined ? { lang } : {}),
    ...(priority !== undefined ? { priority } : {}),
    feedId: text('feedId') ?? '',
    link: text('link') ?? '',
    watchlistId: text('watchlist') ?? defaultWatchlist,
  };
}

/** Registers `newsalert cluster`. */
export function registerCluster(program: Command): void {
  program
    .command('cluster')
    .description(
      'cluster stories offline as the pipeline would (in publishedAt order): one line per story with its cluster id, and which story opened (alerted) each cluster',
    )
    .requiredOption(
      '--stories <file.jsonl>',
      'one JSON object per line: id, title, summary, publishedAt; also read: feedId, lang, link, fetchedAt, watchlist, priority; - for stdin',
    )
    .option(
      '--json',
      'one JSON line per story, in input order: {"id", "clusterId", "watchlist", "opened", "update", "reason", "score"}',
    )
    .option(
      '--watchlists <file-or-dir>',
      'where actor names come from (any spelling or script)',
      join(DEFAULT_CONFIG_DIR, 'watchlists'),
    )
    .option('--watchlist <id>', 'the watchlist of stories without a "watchlist" field', '-')
    .option(
      '--window <hours>',
      'how long a cluster takes new reports',
      String(DEFAULT_CLUSTER_SETTINGS.windowHours),
    )
    .option(
      '--threshold <0..1>',
      'similarity a report needs to join a cluster',
      String(DEFAULT_CLUSTER_SETTINGS.threshold),
    )
    .action((options: ClusterOptions) => {
      clusterCommand(options);
    });
}
