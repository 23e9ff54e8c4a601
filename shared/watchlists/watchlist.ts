import { z } from 'zod';

const term = z.string().trim().min(1, 'must not be empty');

/** A person, organisation or place watched under several spellings, in any script. */
export const ActorSchema = z.looseObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, "_" or "-"'),
  name: z.string().min(1),
  aliases: z.array(term).min(1, 'give at least one alias'),
});
export type Actor = z.infer<typeof ActorSchema>;

/**
 * A watchlist as written in config/watchlists/*.yaml. Fields may be added later; these keep
 * working. A story matches when it mentions at least one actor alias and one keyword.
 */
export const WatchlistSchema = z.looseObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, "_" or "-"'),
  name: z.string().min(1),
  actors: z.array(ActorSchema).min(1, 'give at least one actor'),
  keywords: z.array(term).min(1, 'give at least one keyword'),
});
export type Watchlist = z.infer<typeof WatchlistSchema>;
