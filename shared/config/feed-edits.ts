import { ConfigError } from '../errors';
import { feedUrlRefusal, type AddressPolicy } from '../feeds/address-guard';
import { FeedConfigSchema, type FeedConfig } from '../feeds/feed-config';
import { redactUrl } from '../redact';
import type { ConfigRepository } from '../store/config-repository';
import { systemClock, type Clock } from './clock';
import { diffConfig } from './config-diff';
import type { EditResult } from './watchlist-edits';

/**
 * Adds a feed (or brings back a removed one) as a new version.
 * @param addressPolicy what the poller that reads this store may fetch: a URL it would refuse
 *   (private, link-local, metadata, non-http) is refused here, before anything is written.
 *   The CLI passes its target's (loopback only for the local store); without one, no check.
 * @throws ConfigError naming the feed when a field is invalid, the poller would refuse the
 *   URL, or the id is taken by another URL
 */
export async function addFeed(
  repo: ConfigRepository,
  fields: Record<string, unknown>,
  who: string,
  now: Clock = systemClock,
  addressPolicy?: AddressPolicy,
): Promise<EditResult> {
  const parsed = FeedConfigSchema.safeParse(fields);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'feed'}: ${i.message}`);
    throw new ConfigError(`feed ${String(fields.id ?? '')}: ${problems.join('; ')}`);
  }
  const feed: FeedConfig = parsed.data;
  const refusal = addressPolicy && (await feedUrlRefusal(feed.url, addressPolicy));
  if (refusal)
    throw new ConfigError(
      `feed ${feed.id}: ${redactUrl(feed.url)}: ${refusal}; the poller would never fetch it, give a public http(s) URL`,
    );
  const previous = await repo.latest('feed', feed.id);
  if (previous && !previous.removed) {
    if (diffConfig(previous.body, feed).length === 0) return { previous };
    throw new ConfigError(
      `feed ${feed.id}: already exists with URL ${String(previous.body.url)}; remove it first (\`newsalert feeds remove ${feed.id}\`) or choose another id`,
    );
  }
  const written = await repo.commit({
    kind: 'feed',
    id: feed.id,
    version: (previous?.version ?? 0) + 1,
    body: feed,
    when: now().toISOString(),
    who,
    action: 'add',
    changes: previous ? ['restored', ...diffConfig(previous.body, feed)] : [`added ${feed.url}`],
  });
  return { written, previous };
}

/**
 * Removes a feed: a tombstone version, so the trail stays and a later seed from config/
 * does not bring it back.
 * @throws ConfigError when no such feed runs
 */
export async function removeFeed(
  repo: ConfigRepository,
  id: string,
  who: string,
  now: Clock = systemClock,
): Promise<EditResult> {
  const previous = await repo.latest('feed', id);
  if (!previous || previous.removed)
    throw new ConfigError(
      `feed ${id}: not found in table ${repo.tableName} (\`newsalert feeds list\` shows the ids)`,
    );
  const written = await repo.commit({
    kind: 'feed',
    id,
    version: previous.version + 1,
    body: previous.body,
    removed: true,
    when: now().toISOString(),
    who,
    action: 'remove',
    changes: [`removed ${String(previous.body.url)}`],
  });
  return { written, previous };
}
