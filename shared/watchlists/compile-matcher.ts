import type { Story } from '../stories/story';
import { compileWatchlists } from './compile-watchlists';
import { describeMatch } from './describe-match';
import { RuleEvaluator } from './evaluate-rule';
import { explainWatchlist, type Explanation } from './explain';
import type { SnippetOptions } from './snippet';
import { atomTables, StoryScanner } from './story-hits';
import type { WatchlistHit } from './story-match';
import type { Watchlist } from './watchlist';

/** The text of a story the matcher reads. */
export type StoryText = Pick<Story, 'title' | 'summary'>;

/** Finds which watchlists a story matches, and says why. */
export interface Matcher {
  /** One hit per matched watchlist, in the watchlists' order. */
  match(story: StoryText): WatchlistHit[];
  /** Every watchlist's rule evaluated on the story, part by part (matched or not). */
  explain(story: StoryText): Explanation[];
  /** Size of the compiled matcher. */
  readonly stats: { watchlists: number; patterns: number; states: number };
}

/** Options of {@link compileMatcher}. */
export interface MatcherOptions {
  /** Compile disabled watchlists too (for `watchlists test`). @default false */
  includeDisabled?: boolean;
  /** How snippets are cut and marked. */
  snippet?: SnippetOptions;
}

/**
 * Compiles watchlists into a matcher: every alias and term of every enabled watchlist goes
 * into one Aho-Corasick automaton, so a story is scanned once whatever the number of
 * watchlists; each watchlist's rule is then evaluated on the hits it got.
 *
 * @throws WatchlistError when a watchlist's rule does not compile
 */
export function compileMatcher(watchlists: readonly Watchlist[], options: MatcherOptions = {}): Matcher {
  const set = compileWatchlists(watchlists, { includeDisabled: options.includeDisabled });
  const scanner = new StoryScanner(set);
  return {
    match(story) {
      const found = scanner.scan(story.title, story.summary);
      const hits: WatchlistHit[] = [];
      if (found.triggered.length === 0) return hits;
      const triggered = [...found.triggered];
      const tables = atomTables(set, found, triggered);
      for (const wi of triggered) {
        const cw = set.watchlists[wi]!;
        const ev = new RuleEvaluator(found.texts, tables[wi]!);
        if (ev.test(cw.rule.root)) hits.push(describeMatch(cw, ev, found.texts, options.snippet).hit);
      }
      return hits;
    },
    explain(story) {
      const found = scanner.scan(story.title, story.summary);
      const tables = atomTables(
        set,
        found,
        set.watchlists.map((_, wi) => wi),
      );
      return set.watchlists.map((cw, wi) =>
        explainWatchlist(cw, new RuleEvaluator(found.texts, tables[wi]!), found.texts),
      );
    },
    stats: { watchlists: set.watchlists.length, patterns: set.patterns.length, states: set.automaton.states },
  };
}
