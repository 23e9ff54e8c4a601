import type { Command } from 'commander';
import { ConfigError } from '../../shared/errors';
import { commandGroup } from '../command-group';
import { Output } from '../output';
import { parseSince } from '../since';
import { formatTable, printJson, shortTime } from '../table';
import { addTargetOptions, withTarget, type TargetOptions } from '../target';
import type { JsonOption } from './watchlists-ops';

/** Options of `matches list`. */
export interface MatchesListOptions extends TargetOptions, JsonOption {
  /** Only this watchlist's matches. @default every watchlist */
  watchlist?: string;
  /** Matches made since: a duration or an ISO date. @default "24h" */
  since: string;
  /** At most this many, newest first. @default "100" */
  limit: string;
}

/** `matches list [--watchlist ID] [--since 24h] [--json]`: stored matches, newest first. */
export async function listMatchesCommand(options: MatchesListOptions, out = new Output()): Promise<void> {
  const since = parseSince(options.since);
  const limit = Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new ConfigError(`--limit ${options.limit}: give a whole number above 0`);
  await withTarget(options, async (target) => {
    // Watchlists disabled or removed since keep their matches: list those too.
    const ids = options.watchlist
      ? [options.watchlist]
      : (await target.config.listHeads('watchlist')).map((e) => e.id);
    const matches = (await Promise.all(ids.map((id) => target.repository.listMatchesSince(id, since, limit))))
      .flat()
      .sort((a, b) => b.matchedAt.localeCompare(a.matchedAt))
      .slice(0, limit);
    const rows = matches.map((m) => ({
      matchedAt: m.matchedAt,
      watchlistId: m.watchlistId,
      storyId: m.story.id,
      feedId: m.story.feedId,
      title: m.story.title,
      link: m.story.link,
      publishedAt: m.story.publishedAt,
      actors: m.actors,
      terms: m.terms,
      ...((m as { clusterId?: string }).clusterId
        ? { clusterId: (m as { clusterId?: string }).clusterId }
        : {}),
    }));
    if (options.json) return printJson(rows);
    if (rows.length === 0) return out.line(`no matches since ${since.toISOString()} in ${target.label}`);
    for (const line of formatTable([
      ['MATCHED', 'WATCHLIST', 'FEED', 'ACTORS', 'TITLE'],
      ...rows.map((r) => [shortTime(r.matchedAt), r.watchlistId, r.feedId, r.actors.join(','), r.title]),
    ]))
      out.line(line);
  });
}

/** Adds `matches list` to the CLI. */
export function registerMatches(program: Command): void {
  const group = commandGroup(program, 'matches', 'stored matches');
  addTargetOptions(
    group
      .command('list')
      .description('stored matches, newest first')
      .option('--watchlist <id>', 'only this watchlist')
      .option('--since <when>', 'matched since: a duration (24h, 7d) or an ISO date', '24h')
      .option('--limit <n>', 'at most this many', '100')
      .option('--json', 'print JSON'),
  ).action((options: MatchesListOptions) => listMatchesCommand(options));
}
