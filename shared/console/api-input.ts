import { z } from 'zod';
import { PRIORITIES } from '../alerts/alert-match';
import { ConfigError } from '../errors';
import { FEED_ID, FEED_ID_MESSAGE } from '../feeds/feed-fields';
import { ID, ID_MESSAGE } from '../watchlists/watchlist-fields';
import { parseSince } from '../../cli/since';

// The console's inputs. What the CLI validates is validated here by the same code: a watchlist
// text by WatchlistSchema (in ConsoleData.validate), a feed by FeedConfigSchema (in addFeed),
// a period by `--since`'s parser, ids by the id rules of the schemas. These schemas only add
// the envelope of each request.

/** A period as `--since` takes it (24h, 7d, an ISO date); `what` names the field in errors. */
export function since(value: string | undefined, fallback: string, what = 'since'): Date {
  try {
    return parseSince(value ?? fallback);
  } catch (err) {
    throw new ConfigError(`${what}: ${(err as Error).message.replace(/^--since /, '')}`);
  }
}

export const WatchlistIdSchema = z.string().regex(ID, `watchlist id: ${ID_MESSAGE}`);
export const FeedIdSchema = z.string().regex(FEED_ID, `feed id: ${FEED_ID_MESSAGE}`);

/** A watchlist's YAML as edited (the largest watchlists are a few hundred KB at most). */
const Source = z.string().max(1_000_000, 'at most 1 MB of YAML');

export const ValidateBody = z.strictObject({ source: Source, id: WatchlistIdSchema.optional() });
export const PreviewBody = z.strictObject({
  source: Source,
  id: WatchlistIdSchema.optional(),
  since: z.string().max(40).optional(),
});
export const ApplyBody = z.strictObject({
  source: Source,
  id: WatchlistIdSchema.optional(),
  baseVersion: z.number().int().min(1).optional(),
});
export const RollbackBody = z.strictObject({ to: z.number().int().min(1, 'to: give a version number') });
/** The envelope of `feeds add`; the fields themselves are FeedConfigSchema's. */
export const AddFeedBody = z.looseObject({ id: FeedIdSchema, url: z.string() });

export const MatchesQuery = z.object({
  watchlist: WatchlistIdSchema.optional(),
  actor: z.string().regex(ID, `actor id: ${ID_MESSAGE}`).optional(),
  priority: z.enum(PRIORITIES).optional(),
  lang: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'lang: a language code such as en or uk')
    .optional(),
  since: z.string().max(40).optional(),
});

/**
 * Parses an input with a schema; every problem in one line.
 * @throws ConfigError `what: problem; problem`
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) =>
    i.path.length && !i.message.startsWith(`${String(i.path[0])}:`)
      ? `${i.path.join('.')}: ${i.message}`
      : i.message,
  );
  throw new ConfigError(`${what}: ${problems.join('; ')}`);
}
