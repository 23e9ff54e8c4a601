import type { Command } from 'commander';
import { requireWatchlist } from '../../shared/config/watchlist-edits';
import { suggestTerms, type Evidence, type ProposalEffect } from '../../shared/config/watchlist-suggestions';
import type { Watchlist } from '../../shared/watchlists/watchlist';
import { Output } from '../output';
import { parseSince } from '../since';
import { printJson, shortTime } from '../table';
import { addTargetOptions, withTarget, type TargetOptions } from '../target';

/** Options of `watchlists suggest`. */
export interface SuggestCommandOptions extends TargetOptions {
  /** Stories fetched since: a duration (24h, 7d) or an ISO date. @default 7d */
  since: string;
  /** Print JSON. @default false */
  json?: boolean;
  /** Stories a proposal needs as evidence. @default 2 */
  minStories?: string;
}

const EVIDENCE_LINES = 3;

const effectLine = (e: ProposalEffect) =>
  `backtest: +${e.newlyMatching} would newly match, -${e.stopMatching} would stop` +
  (e.examples.length > 0 ? ` (e.g. ${e.examples.map((t) => `"${t}"`).join(', ')})` : '');

const evidenceLine = (e: Evidence) =>
  `${shortTime(e.fetchedAt)}  ${e.feedId}  ${e.title}${e.failed ? `  [failed: ${e.failed.replace(/\s+/g, ' ')}]` : ''}`;

/**
 * `watchlists suggest <id> [--since 7d] [--json]`: what the running watchlist may be missing,
 * read from the stored stories, for ops to review. Writes nothing.
 */
export async function suggestCommand(
  id: string,
  options: SuggestCommandOptions,
  out = new Output(),
): Promise<void> {
  const since = parseSince(options.since);
  const minStories = options.minStories === undefined ? undefined : Number(options.minStories);
  await withTarget(options, async (target) => {
    const entry = await requireWatchlist(target.config, id);
    const stories = await target.repository.scanStoriesSince(since);
    const s = suggestTerms(entry.body as Watchlist, stories, { minStories });
    if (options.json) return printJson({ ...s, since: since.toISOString(), version: entry.version });
    out.line(
      `${id} (version ${entry.version}) on ${target.label}: ${s.stories} stories since ${since.toISOString()}, ` +
        `${s.matched} matched, ${s.nearMisses} near misses (named an actor, failed the rule)`,
    );
    out.line(`names in its matches that are no actor: ${s.names.length}`);
    for (const n of s.names) {
      out.line(
        `  ${n.name}: add an actor with alias ${n.alias}${n.like ? ` (backtested wherever the rule names @${n.like})` : ''}; in ${n.matches.length} matches`,
      );
      for (const e of n.matches.slice(0, EVIDENCE_LINES)) out.line(`      ${evidenceLine(e)}`);
      out.line(`    ${effectLine(n.effect)}`);
    }
    out.line(`terms that recur in near misses: ${s.terms.length}`);
    for (const t of s.terms) {
      out.line(
        `  ${t.term}: ${t.theme ? `add to #${t.theme}` : 'no theme to add it to'}; in ${t.nearMisses.length} near misses`,
      );
      for (const e of t.nearMisses.slice(0, EVIDENCE_LINES)) out.line(`      ${evidenceLine(e)}`);
      out.line(`    ${effectLine(t.effect)}`);
    }
    out.line('nothing changed: edit the file, `newsalert watchlists backtest` it, then `watchlists apply`');
  });
}

/** Adds `watchlists suggest` to the `watchlists` group. */
export function registerWatchlistsSuggest(group: Command): void {
  addTargetOptions(
    group
      .command('suggest <id>')
      .description(
        'propose what a running watchlist may be missing, from the stored stories: names in its matches that are no actor, terms recurring in near misses; each with evidence and backtest; changes nothing',
      )
      .option('--since <when>', 'stories fetched since: a duration (24h, 7d) or an ISO date', '7d')
      .option('--min-stories <n>', 'stories a proposal needs as evidence', '2')
      .option('--json', 'print JSON'),
  ).action((id: string, options: SuggestCommandOptions) => suggestCommand(id, options));
}
