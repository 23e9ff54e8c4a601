import { createHash } from 'node:crypto';

/**
 * A story's stable id. Identity is the GUID, else the link, else title and summary
 * (Miniflux's order), scoped to the feed because GUIDs are only unique within one feed.
 */
export function storyId(feedId: string, item: { guid?: string; link?: string; title?: string; summary?: string }): string {
  const identity = item.guid?.trim() || item.link?.trim() || `${item.title ?? ''}\n${item.summary ?? ''}`;
  return createHash('sha256').update(`${feedId}\n${identity}`).digest('hex').slice(0, 32);
}
