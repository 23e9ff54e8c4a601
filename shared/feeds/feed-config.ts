import { z } from 'zod';
import { withKnownFields } from '../config/known-fields';
import { FEED_ID, FEED_ID_MESSAGE, FEED_URL_MESSAGE } from './feed-fields';

/**
 * One feed as configured in feeds.yaml. An unknown field is refused with the closest known
 * one; `x-` fields (ops' own) are kept.
 */
export const FeedConfigSchema = withKnownFields(
  z.looseObject({
    /** Stable id, used in keys and logs. */
    id: z.string().regex(FEED_ID, FEED_ID_MESSAGE),
    /** http(s) URL of an RSS or Atom feed. */
    url: z.url({ protocol: /^https?$/, error: FEED_URL_MESSAGE }),
    /** Display name; defaults to the id. */
    name: z.string().optional(),
    /** Language of the feed (BCP 47), when the feed does not say. */
    lang: z.string().optional(),
  }),
);
export type FeedConfig = z.infer<typeof FeedConfigSchema>;

/** The shape of feeds.yaml. */
export const FeedsFileSchema = z.object({ feeds: z.array(FeedConfigSchema) }).superRefine((file, ctx) => {
  const seen = new Set<string>();
  file.feeds.forEach((feed, i) => {
    if (seen.has(feed.id))
      ctx.addIssue({ code: 'custom', path: ['feeds', i, 'id'], message: `duplicate feed id "${feed.id}"` });
    seen.add(feed.id);
  });
});
