import type { Story } from '../stories/story';
import type { StoryMatch } from '../watchlists/story-match';
import type { FeedState } from '../feeds/feed-state';
import { keys } from './key-schema';

// Object.assign, not object spread: V8 (Node 20/22) builds `{ ...a, x, ...b }` on a slow path
// that costs tens of microseconds per item, which a cycle of 50,000 stories notices.

/** A feed state as a table item. */
export function feedStateToItem(state: FeedState): Record<string, unknown> {
  return Object.assign<Record<string, unknown>, object, FeedState>(
    keys.feedState(state.feedId),
    { type: 'feed-state' },
    state,
  );
}

/** The inverse of {@link feedStateToItem}. */
export function feedStateFromItem(item: Record<string, unknown>): FeedState {
  const { pk: _pk, sk: _sk, type: _type, ...state } = item;
  return state as unknown as FeedState;
}

/** A story as a table item. */
export function storyToItem(story: Story, expiresAt: number): Record<string, unknown> {
  return Object.assign<Record<string, unknown>, object, Story, object>(
    keys.story(story.id),
    { type: 'story' },
    story,
    { expiresAt },
  );
}

/**
 * A match as a table item. It carries a copy of the story, so the notify function can
 * format the alert from the stream record alone, without a read. It is born pending (in
 * the sparse pending index): the same write that stores the match records that its alert
 * is owed, so no crash can separate the two.
 */
export function matchToItem(match: StoryMatch): Record<string, unknown> {
  const { story, ...hit } = match;
  return Object.assign(
    keys.match(story.id, match.watchlistId),
    keys.matchIndex(match.watchlistId, match.matchedAt, story.id),
    keys.pending(match.matchedAt),
    { type: 'match' },
    hit,
    { story },
  );
}

/** The inverse of {@link matchToItem} (also used on unmarshalled stream images). */
export function matchFromItem(item: Record<string, unknown>): StoryMatch {
  const match: StoryMatch = {
    watchlistId: String(item.watchlistId),
    watchlistName: String(item.watchlistName),
    actors: toStringArray(item.actors),
    terms: toStringArray(item.terms),
    matchedAt: String(item.matchedAt),
    story: item.story as Story,
  };
  // What the matcher adds (priority, score, snippet, hits) travels on to the alert.
  for (const field of OPTIONAL_MATCH_FIELDS)
    if (item[field] !== undefined) Object.assign(match, { [field]: item[field] });
  return match;
}

// Matches stored before the matcher explained itself lack them; readers default them.
const OPTIONAL_MATCH_FIELDS = [
  'priority',
  'priorityReasons',
  'score',
  'snippet',
  'hits',
  'alsoReportedBy',
  'clusterId',
] as const;

function toStringArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (value instanceof Set) return [...value].map(String);
  return [];
}
