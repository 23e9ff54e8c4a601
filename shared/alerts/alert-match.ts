import type { StoryMatch } from '../watchlists/story-match';
import { RUSSIAN_ONLY, UKRAINIAN_ONLY } from './transliterate';

/** Alert priorities, lowest first; `--min-priority` selects a level and everything above it. */
export const PRIORITIES = ['low', 'normal', 'high'] as const;
export type Priority = (typeof PRIORITIES)[number];

/**
 * A stored match as the alert formatter reads it. The matcher may add `priority`, `score`
 * and a `snippet` with the hits marked, the feed stage a story `lang` and the clustering
 * stage the other sources: all optional here, so the formatter works with and without them.
 */
export type AlertMatch = Omit<StoryMatch, 'terms' | 'story'> & {
  /** Terms as plain strings or as `{ text }` / `{ term }` objects (with offsets). */
  terms: readonly unknown[];
  story: StoryMatch['story'] & { lang?: string; feedName?: string };
  priority?: string;
  score?: number;
  snippet?: string;
  /** Other feeds that carried the same story. */
  alsoReportedBy?: readonly string[];
  /** The development the clustering stage placed the story in. */
  clusterId?: string;
  /** The development's reports known when it alerted. */
  sources?: readonly { feedId: string; storyId: string; title: string; link: string }[];
  /** An update alert: the story raised its development's priority. */
  update?: boolean;
};

/** The delivery id of a match: one watchlist alerts one story once. */
export function alertId(storyId: string, watchlistId: string): string {
  return `${storyId}:${watchlistId}`;
}

/** The text of a matched term, whatever shape the matcher gives it. */
export function termText(term: unknown): string {
  if (typeof term === 'string') return term;
  if (term && typeof term === 'object') {
    const t = term as { text?: unknown; term?: unknown };
    if (typeof t.text === 'string') return t.text;
    if (typeof t.term === 'string') return t.term;
  }
  return String(term);
}

/** The distinct matched terms, in order. */
export function termTexts(terms: readonly unknown[]): string[] {
  return [...new Set(terms.map(termText))];
}

/** The match's priority, `normal` unless the matcher raised or lowered it. */
export function priorityOf(match: Pick<AlertMatch, 'priority'>): Priority {
  return (PRIORITIES as readonly string[]).includes(match.priority ?? '')
    ? (match.priority as Priority)
    : 'normal';
}

/**
 * The story's language: the feed's when it gives one, else a guess from the script
 * (`uk` or `ru` for Cyrillic with letters only one of them uses, `en` for plain ASCII),
 * else `und` (BCP 47 "undetermined").
 */
export function langOf(story: { lang?: string; title: string; summary: string }): string {
  if (story.lang) return story.lang.toLowerCase();
  const text = `${story.title} ${story.summary}`;
  if (UKRAINIAN_ONLY.test(text)) return 'uk';
  if (RUSSIAN_ONLY.test(text)) return 'ru';
  if (/\p{Script=Cyrillic}/u.test(text)) return 'und';
  if (!/[^\p{ASCII}]/u.test(text) && /[a-z]/i.test(text)) return 'en';
  return 'und';
}
