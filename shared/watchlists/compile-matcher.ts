import type { Story } from '../stories/story';
import type { WatchlistHit } from './story-match';
import type { Watchlist } from './watchlist';

/** Finds which watchlists a story matches. */
export interface Matcher {
  match(story: Pick<Story, 'title' | 'summary'>): WatchlistHit[];
}

interface CompiledTerm {
  text: string;
  pattern: RegExp;
}

// Letters, combining marks and digits of every script: "Putin" must not match "Putting",
// nor "Путин" match "Путина" unless written as a separate alias.
const WORD_CHAR = '[\\p{L}\\p{M}\\p{N}_]';

/** A case-insensitive, whole-word pattern for a term in any script; spaces match any run of spaces. */
export function termPattern(term: string): RegExp {
  const body = term
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\s+');
  return new RegExp(`(?<!${WORD_CHAR})${body}(?!${WORD_CHAR})`, 'iu');
}

/**
 * Compiles watchlists into a matcher. A story matches a watchlist when its title or summary
 * mentions at least one actor alias and at least one keyword, as whole words, ignoring case.
 */
export function compileMatcher(watchlists: Watchlist[]): Matcher {
  const compiled = watchlists.map((w) => ({
    watchlist: w,
    actors: w.actors.map((a) => ({ id: a.id, aliases: a.aliases.map((text): CompiledTerm => ({ text, pattern: termPattern(text) })) })),
    keywords: w.keywords.map((text): CompiledTerm => ({ text, pattern: termPattern(text) })),
  }));
  return {
    match(story) {
      const text = `${story.title}\n${story.summary}`;
      const hits: WatchlistHit[] = [];
      for (const { watchlist, actors, keywords } of compiled) {
        const actorIds = actors.filter((a) => a.aliases.some((alias) => alias.pattern.test(text))).map((a) => a.id);
        if (actorIds.length === 0) continue;
        const terms = keywords.filter((k) => k.pattern.test(text)).map((k) => k.text);
        if (terms.length === 0) continue;
        hits.push({ watchlistId: watchlist.id, watchlistName: watchlist.name, actors: actorIds, terms });
      }
      return hits;
    },
  };
}
