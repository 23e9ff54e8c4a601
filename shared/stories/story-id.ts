import { createHash } from 'node:crypto';

/** What a story's identity is made of, in order of preference. */
export interface StoryIdentity {
  /** The feed's own id for the item (RSS guid, Atom id, JSON Feed id). */
  guid?: string;
  /** The canonical link (see canonicalUrl). */
  link?: string;
  title?: string;
  summary?: string;
}

/**
 * A story's stable id: the GUID, else the canonical link, else title and summary (Miniflux's
 * order), hashed together with the feed id because GUIDs are only unique within one feed.
 * 32 hex characters.
 */
export function storyId(feedId: string, item: StoryIdentity): string {
  const identity = item.guid?.trim() || item.link?.trim() || `${item.title ?? ''}\n${item.summary ?? ''}`;
  return createHash('sha256').update(`${feedId}\n${identity}`).digest('hex').slice(0, 32);
}
