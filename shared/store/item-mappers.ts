import type { Story } from '../stories/story';
import type { StoryMatch, TermHit } from '../watchlists/story-match';
import { keys } from './key-schema';

/** A story as a table item. */
export function storyToItem(story: Story, expiresAt: number): Record<string, unknown> {
  return { ...keys.story(story.id), type: 'story', ...story, expiresAt };
}

/**
 * A match as a table item. It carries a copy of the story, so the notify function can
 * format the alert from the stream record alone, without a read.
 */
export function matchToItem(match: StoryMatch): Record<string, unknown> {
  const { story, ...hit } = match;
  return {
    ...keys.match(story.id, match.watchlistId),
    ...keys.matchIndex(match.watchlistId, match.matchedAt, story.id),
    type: 'match',
    ...hit,
    story,
  };
}

/** The inverse of {@link matchToItem} (also used on unmarshalled stream images). */
export function matchFromItem(item: Record<string, unknown>): StoryMatch {
  return {
    watchlistId: String(item.watchlistId),
    watchlistName: String(item.watchlistName),
    actors: toStringArray(item.actors),
    terms: toStringArray(item.terms),
    // Matches stored before the matcher explained itself lack these; readers default them.
    ...(item.priority === 'high' || item.priority === 'normal' ? { priority: item.priority } : {}),
    ...(item.priorityReasons !== undefined ? { priorityReasons: toStringArray(item.priorityReasons) } : {}),
    ...(typeof item.score === 'number' ? { score: item.score } : {}),
    ...(typeof item.snippet === 'string' ? { snippet: item.snippet } : {}),
    ...(Array.isArray(item.hits) ? { hits: item.hits as TermHit[] } : {}),
    matchedAt: String(item.matchedAt),
    story: item.story as Story,
  };
}

function toStringArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (value instanceof Set) return [...value].map(String);
  return [];
}
