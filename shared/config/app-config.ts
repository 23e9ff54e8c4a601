import { z } from 'zod';
import { ConfigError } from '../errors';
import { FeedConfigSchema, type FeedConfig } from '../feeds/feed-config';
import { WatchlistSchema, type Watchlist } from '../watchlists/watchlist';

/** Everything the pipeline is configured with: JSON-serialisable, so it can be bundled. */
export interface AppConfig {
  feeds: FeedConfig[];
  watchlists: Watchlist[];
}

const AppConfigSchema = z.object({ feeds: z.array(FeedConfigSchema), watchlists: z.array(WatchlistSchema) });

/**
 * Reads the configuration bundled into a Lambda function at synth time (`NEWSALERT_CONFIG`).
 * It was validated at synth; this re-checks the shape so a hand-edited value fails clearly.
 */
export function parseConfigJson(json: string | undefined, source = 'NEWSALERT_CONFIG'): AppConfig {
  if (!json) throw new ConfigError(`${source}: not set (the stack bundles config/ into the poll function)`);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (cause) {
    throw new ConfigError(`${source}: not valid JSON`, { cause });
  }
  const result = AppConfigSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    // A rule's syntax error carries where in the rule it is.
    const offset = (issue as { params?: { offset?: unknown } }).params?.offset;
    const column = typeof offset === 'number' ? ` (column ${offset + 1})` : '';
    throw new ConfigError(`${source}: ${issue.path.join('.')}: ${issue.message}${column}`);
  }
  return result.data;
}
