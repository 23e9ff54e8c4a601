import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { loadWatchlists } from '../../shared/config/load-config';
import { compileMatcher } from '../../shared/watchlists/compile-matcher';
import type { WatchlistHit } from '../../shared/watchlists/story-match';
import { readStoryLines } from '../read-story-lines';

/** Options of `newsalert match`. */
export interface MatchOptions {
  /** A watchlist file, or a folder of them. */
  watchlists: string;
  /** JSON lines with `id`, `title`, `summary` (`-` for stdin). */
  stories: string;
  /** One JSON line per story instead of text. @default false */
  json?: boolean;
}

/** The `--json` form of one matched watchlist (a contract other tools read: fields may be added, never changed). */
export function matchJson(hit: WatchlistHit) {
  return {
    watchlist: hit.watchlistId,
    actors: hit.actors,
    terms: hit.hits ?? [],
    priority: hit.priority ?? 'normal',
    score: hit.score ?? 0,
    snippet: hit.snippet ?? '',
  };
}

/**
 * `newsalert match`: runs watchlists over stored or exported stories (a backtest). With
 * `--json`, one line per story in input order: `{"id", "matches": [...]}`.
 */
export async function matchCommand(
  options: MatchOptions,
  out: Writable = process.stdout,
): Promise<{ stories: number; matched: number }> {
  const matcher = compileMatcher(loadWatchlists(options.watchlists));
  let buffer = '';
  const flush = async (force = false) => {
    if (buffer.length < 1 << 16 && !force) return;
    const ok = out.write(buffer);
    buffer = '';
    if (!ok) await once(out, 'drain');
  };
  let stories = 0;
  let matched = 0;
  let high = 0;
  let bytes = 0;
  const started = performance.now();
  try {
    for await (const story of readStoryLines(options.stories)) {
      stories++;
      bytes += Buffer.byteLength(story.title) + Buffer.byteLength(story.summary);
      const hits = matcher.match(story);
      if (hits.length > 0) matched++;
      if (hits.some((h) => h.priority === 'high')) high++;
      if (options.json) buffer += `${JSON.stringify({ id: story.id, matches: hits.map(matchJson) })}\n`;
      else for (const h of hits) buffer += textLines(story.id, h);
      await flush();
    }
  } catch (err) {
    // The stories before a bad line are matched and written: the error says where to resume.
    await flush(true);
    throw err;
  }
  if (!options.json) {
    const seconds = (performance.now() - started) / 1000;
    buffer += `${stories} stories (${(bytes / 1e6).toFixed(1)} MB of text) in ${seconds.toFixed(1)} s: ${matched} matched, ${high} high priority\n`;
  }
  await flush(true);
  return { stories, matched };
}

function textLines(id: string | number, h: WatchlistHit): string {
  const high = h.priority === 'high' ? ` HIGH (${(h.priorityReasons ?? []).join('; ')})` : '';
  return `${id}  ${h.watchlistId}${high}  score ${h.score}  actors: ${h.actors.join(', ') || '-'}  terms: ${h.terms.join(', ') || '-'}\n    ${h.snippet}\n`;
}

/** Adds `match` to the CLI. */
export function registerMatch(program: Command): void {
  program
    .command('match')
    .description(
      'match watchlists against stories in a JSON-lines file (a backtest): which stories each watchlist would alert on, and why',
    )
    .requiredOption('--watchlists <file-or-dir>', 'a watchlist YAML file, or a folder of them')
    .requiredOption(
      '--stories <file.jsonl>',
      'one JSON object per line with id, title, summary (other fields ignored); - for stdin',
    )
    .option(
      '--json',
      'one JSON line per story, in input order: {"id", "matches": [{"watchlist", "actors", "terms", "priority", "score", "snippet"}]}',
    )
    .action(async (options: MatchOptions) => {
      await matchCommand(options);
    });
}
