import { QuerySyntaxError } from '../errors';
import { FEED_ID, FEED_ID_MESSAGE, FEED_URL_MESSAGE, isHttpUrl } from '../feeds/feed-fields';
import { checkWatchlist, ruleSyntaxProblem, type IssueSink } from '../watchlists/check-watchlist';
import { parseTerm } from '../watchlists/term';
import {
  ACTOR_KINDS,
  GROUP_NAME,
  GROUP_NAME_MESSAGE,
  ID,
  ID_MESSAGE,
  PRIORITY_IN,
} from '../watchlists/watchlist-fields';

// Every entry in the table was validated with the full zod schemas when it was written
// (`watchlists apply`, `feeds add`, the deploy's seed). The functions check it again when they
// read it, so that one written under an older schema, or edited by hand in the console, is
// skipped and named instead of failing every poll. Not with zod: its classic API cannot be
// tree-shaken and was a quarter of the poll and dispatch bundles and of their load time
// (docs/bundles.md). test/unit/config/stored-config-check.test.ts keeps this check and the zod
// schemas agreeing, on the repo's config and on a list of broken entries.

type Json = Record<string, unknown>;

/** Thrown inside the checks to stop at the first problem; never leaves this file. */
class Problem extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

const fail = (path: (string | number)[], message: string): never => {
  throw new Problem(path.join('.'), message);
};

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstProblem(check: () => void): string | undefined {
  try {
    check();
    return undefined;
  } catch (err) {
    if (!(err instanceof Problem)) throw err;
    return err.path ? `${err.path}: ${err.message}` : err.message;
  }
}

/**
 * The first problem with a stored feed, as `field: message` (zod's wording), or undefined.
 * @param body the feed as read from the table
 */
export function storedFeedProblem(body: unknown): string | undefined {
  return firstProblem(() => {
    if (!isObject(body)) fail([], 'expected an object');
    const feed = body as Json;
    if (typeof feed.id !== 'string' || !FEED_ID.test(feed.id)) fail(['id'], FEED_ID_MESSAGE);
    if (typeof feed.url !== 'string' || !isHttpUrl(feed.url)) fail(['url'], FEED_URL_MESSAGE);
    optionalString(feed, 'name', []);
    optionalString(feed, 'lang', []);
  });
}

/**
 * The first problem with a stored watchlist, as `field: message`, or undefined: its structure,
 * every term and rule parsed, and the checks across fields the schema makes (actor and group
 * references, a rule that needs a positive term).
 * @param body the watchlist as read from the table (the zod schema's output when applied)
 */
export function storedWatchlistProblem(body: unknown): string | undefined {
  return firstProblem(() => {
    if (!isObject(body)) fail([], 'expected an object');
    const w = body as Json;
    if (typeof w.id !== 'string' || !ID.test(w.id)) fail(['id'], ID_MESSAGE);
    nonEmptyString(w, 'name', []);
    optionalString(w, 'description', []);
    if (w.enabled !== undefined && typeof w.enabled !== 'boolean') fail(['enabled'], 'expected a boolean');
    if (w.actors !== undefined) {
      if (!Array.isArray(w.actors)) fail(['actors'], 'expected an array');
      (w.actors as unknown[]).forEach((actor, i) => checkActor(actor, ['actors', i]));
    }
    if (w.keywords !== undefined) terms(w.keywords, ['keywords'], false);
    if (w.themes !== undefined) {
      if (!isObject(w.themes)) fail(['themes'], 'expected an object');
      for (const [name, list] of Object.entries(w.themes as Json)) {
        if (!GROUP_NAME.test(name)) fail(['themes', name], GROUP_NAME_MESSAGE);
        terms(list, ['themes', name], true);
      }
    }
    if (w.rule !== undefined) rule(w.rule, ['rule']);
    if (w.priority !== undefined) {
      if (!Array.isArray(w.priority)) fail(['priority'], 'expected an array');
      (w.priority as unknown[]).forEach((p, i) => checkPriority(p, ['priority', i]));
    }
    const sink: IssueSink = { addIssue: (issue) => fail(issue.path ?? [], issue.message) };
    checkWatchlist(w as Parameters<typeof checkWatchlist>[0], sink);
  });
}

function checkActor(actor: unknown, path: (string | number)[]): void {
  if (!isObject(actor)) fail(path, 'expected an object');
  const a = actor as Json;
  if (typeof a.id !== 'string' || !ID.test(a.id)) fail([...path, 'id'], ID_MESSAGE);
  nonEmptyString(a, 'name', path);
  oneOf(a, 'kind', ACTOR_KINDS, path);
  terms(a.aliases, [...path, 'aliases'], true, 'give at least one alias');
}

function checkPriority(priority: unknown, path: (string | number)[]): void {
  if (!isObject(priority)) fail(path, 'expected an object');
  const p = priority as Json;
  optionalString(p, 'name', path);
  if (p.rule !== undefined) rule(p.rule, [...path, 'rule']);
  if (p.minActors !== undefined && !(Number.isInteger(p.minActors) && (p.minActors as number) >= 1))
    fail([...path, 'minActors'], 'expected a whole number of at least 1');
  oneOf(p, 'in', PRIORITY_IN, path);
  oneOf(p, 'kind', ACTOR_KINDS, path);
}

function terms(
  value: unknown,
  path: (string | number)[],
  nonEmpty: boolean,
  emptyMessage = 'give at least one term',
): void {
  if (!Array.isArray(value)) fail(path, 'expected an array');
  const list = value as unknown[];
  if (nonEmpty && list.length === 0) fail(path, emptyMessage);
  list.forEach((term, i) => {
    if (typeof term !== 'string' || term.trim() === '') fail([...path, i], 'must not be empty');
    try {
      parseTerm((term as string).trim());
    } catch (err) {
      if (!(err instanceof QuerySyntaxError)) throw err;
      fail([...path, i], err.message);
    }
  });
}

function rule(value: unknown, path: (string | number)[]): void {
  if (typeof value !== 'string' || value === '') fail(path, 'must not be empty');
  const problem = ruleSyntaxProblem(value as string);
  if (problem) fail(path, problem.message);
}

function nonEmptyString(object: Json, key: string, path: (string | number)[]): void {
  if (typeof object[key] !== 'string' || object[key] === '')
    fail([...path, key], 'expected a non-empty string');
}

function optionalString(object: Json, key: string, path: (string | number)[]): void {
  if (object[key] !== undefined && typeof object[key] !== 'string') fail([...path, key], 'expected a string');
}

function oneOf(object: Json, key: string, allowed: readonly string[], path: (string | number)[]): void {
  const value = object[key];
  if (value !== undefined && !allowed.includes(value as string))
    fail([...path, key], `expected one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
}
