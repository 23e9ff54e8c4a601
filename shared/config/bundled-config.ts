import { ConfigError } from '../errors';
import type { AppConfig } from './app-config';

/**
 * Reads the configuration baked into a Lambda bundle at synth (`NEWSALERT_CONFIG`).
 *
 * The synth already validated it with the full zod schemas (`loadConfig`), so this checks
 * only its outline: the fields the functions read. Not zod on purpose: zod's classic API
 * cannot be tree-shaken and was 454 KB of a 619 KB poll bundle, three quarters of its
 * load time at every cold start (see bench/bundle.bench.ts).
 * @param source names the value in error messages
 * @throws ConfigError naming the source and the first bad field
 */
export function readBundledConfig(json: string | undefined, source = 'NEWSALERT_CONFIG'): AppConfig {
  if (!json) throw new ConfigError(`${source}: not set (the stack bakes config/ into the function bundle)`);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (cause) {
    throw new ConfigError(`${source}: not valid JSON`, { cause });
  }
  const fail = (path: string, expected: string): never => {
    throw new ConfigError(`${source}: ${path}: expected ${expected}`);
  };
  if (!isObject(value)) return fail('(root)', 'an object with feeds and watchlists');
  const { feeds, watchlists } = value;
  if (!Array.isArray(feeds)) return fail('feeds', 'an array');
  if (!Array.isArray(watchlists)) return fail('watchlists', 'an array');
  feeds.forEach((feed, i) => {
    if (!isObject(feed) || typeof feed.id !== 'string' || typeof feed.url !== 'string') fail(`feeds.${i}`, 'an object with string id and url');
  });
  watchlists.forEach((list, i) => {
    // A watchlist has keywords (the default rule) or a rule of its own.
    if (!isObject(list) || typeof list.id !== 'string' || !Array.isArray(list.actors) || !(Array.isArray(list.keywords) || typeof list.rule === 'string')) {
      fail(`watchlists.${i}`, 'an object with an id, actors and keywords or a rule');
    }
  });
  return value as unknown as AppConfig;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
