import { ConfigConflictError, ConfigError, describeError, NewsAlertError, WatchlistError } from '../errors';
import {
  AddFeedBody,
  ApplyBody,
  FeedIdSchema,
  MatchesQuery,
  parseInput,
  PreviewBody,
  RollbackBody,
  since,
  ValidateBody,
  WatchlistIdSchema,
} from './api-input';
import { atomFeed } from './atom-feed';
import type { ConsoleData } from './console-data';

/** The Cognito groups of the console, and what each may do. */
export const GROUPS = { viewers: 'viewers', editors: 'editors' } as const;

/** Who calls: the signed-in user and their groups; absent when the request has no valid token. */
export interface Caller {
  /** Recorded as the author of changes. */
  name: string;
  groups: readonly string[];
}

/** A request as both servers (the local one and the Lambda) hand it over. */
export interface ConsoleRequest {
  method: string;
  /** The path without the query, e.g. `/api/watchlists/ukraine-peace`. */
  path: string;
  query: Record<string, string | undefined>;
  body?: string;
  caller?: Caller;
  /** Scheme and host the request came to (for the Atom feed's links). */
  origin: string;
}

/** A response: JSON for the API, Atom XML for feeds. */
export interface ConsoleResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

type Need = 'read' | 'edit';
type Handler = (req: ConsoleRequest, params: string[], data: ConsoleData) => Promise<unknown>;
interface Route {
  method: string;
  pattern: RegExp;
  need: Need;
  handle: Handler;
}

/** A watchlist or feed id from the path, checked with the schema's id rule. */
const wid = (p: string[]) => parseInput(WatchlistIdSchema, decodeURIComponent(p[0]!), 'path');
const fid = (p: string[]) => parseInput(FeedIdSchema, decodeURIComponent(p[0]!), 'path');
const who = (req: ConsoleRequest) => req.caller!.name;

function json(body: string | undefined): unknown {
  if (!body) return {};
  try {
    return JSON.parse(body);
  } catch {
    throw new ConfigError('request body: not JSON');
  }
}

const ID = '([^/]+)';
const routes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/api\/me$/,
    need: 'read',
    handle: async (req) => ({
      name: req.caller!.name,
      groups: req.caller!.groups,
      canEdit: req.caller!.groups.includes(GROUPS.editors),
    }),
  },
  {
    method: 'GET',
    pattern: /^\/api\/matches$/,
    need: 'read',
    handle: async (req, _, data) => {
      const q = parseInput(MatchesQuery, req.query, 'matches');
      return { matches: await data.matches({ ...q, since: since(q.since, '24h') }) };
    },
  },
  { method: 'GET', pattern: /^\/api\/watchlists$/, need: 'read', handle: (_, __, d) => d.watchlists() },
  {
    method: 'POST',
    pattern: /^\/api\/watchlists\/validate$/,
    need: 'read',
    handle: async (req, _, data) => {
      const body = parseInput(ValidateBody, json(req.body), 'validate');
      const { watchlist, problems } = data.validate(body.source, body.id);
      return { valid: problems.length === 0, id: watchlist?.id, problems };
    },
  },
  {
    method: 'POST',
    pattern: /^\/api\/watchlists\/preview$/,
    need: 'read',
    handle: async (req, _, data) => {
      const body = parseInput(PreviewBody, json(req.body), 'preview');
      return data.preview(body.source, since(body.since, '7d'), body.id);
    },
  },
  {
    method: 'POST',
    pattern: /^\/api\/watchlists\/apply$/,
    need: 'edit',
    handle: async (req, _, data) => {
      const body = parseInput(ApplyBody, json(req.body), 'apply');
      return data.apply(body.source, who(req), body.baseVersion, body.id);
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/api/watchlists/${ID}$`),
    need: 'read',
    handle: (_, p, d) => d.watchlist(wid(p)),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/api/watchlists/${ID}/history$`),
    need: 'read',
    handle: (_, p, d) => d.history(wid(p)),
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/api/watchlists/${ID}/rollback$`),
    need: 'edit',
    handle: (req, p, d) =>
      d.rollback(wid(p), parseInput(RollbackBody, json(req.body), 'rollback').to, who(req)),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/api/watchlists/${ID}/feed-url$`),
    need: 'read',
    handle: async (req, p, d) => ({ path: feedPath(wid(p), await d.feedToken(wid(p), who(req))) }),
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/api/watchlists/${ID}/feed-url/rotate$`),
    need: 'edit',
    handle: async (req, p, d) => ({ path: feedPath(wid(p), await d.feedToken(wid(p), who(req), true)) }),
  },
  { method: 'GET', pattern: /^\/api\/feeds$/, need: 'read', handle: (_, __, d) => d.feeds() },
  {
    method: 'POST',
    pattern: /^\/api\/feeds$/,
    need: 'edit',
    handle: (req, _, d) => d.addFeed(parseInput(AddFeedBody, json(req.body), 'feed'), who(req)),
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/api/feeds/${ID}/disable$`),
    need: 'edit',
    handle: (req, p, d) => d.disableFeed(fid(p), who(req)),
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/api/feeds/${ID}/check$`),
    need: 'edit',
    handle: (_, p, d) => d.checkFeed(fid(p)),
  },
  {
    method: 'GET',
    pattern: /^\/api\/subscribers$/,
    need: 'read',
    handle: async (_, __, d) =>
      (await d.subscribers()).map((s) => ({
        id: s.id,
        protocol: s.protocol,
        endpoint: s.endpoint,
        status: s.status,
        filterPolicy: s.filterPolicy ?? null,
      })),
  },
];

/** The path of a watchlist's Atom feed with its token. */
export function feedPath(watchlistId: string, token: string): string {
  return `/feeds/${encodeURIComponent(watchlistId)}.atom?token=${encodeURIComponent(token)}`;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

/** A one-line JSON error. */
export function errorResponse(status: number, message: string, extra: object = {}): ConsoleResponse {
  return { status, headers: JSON_HEADERS, body: JSON.stringify({ error: message, ...extra }) };
}

function statusOf(err: unknown): number {
  if (err instanceof ConfigConflictError) return 409;
  if (err instanceof ConfigError) return /: not found in table /.test(err.message) ? 404 : 400;
  return 500;
}

const NOT_FOUND = errorResponse(404, 'not found');

/**
 * The console's API and Atom feeds, for the local server and the Lambda alike: routing,
 * authorization (viewers read, editors change) and errors as one line of JSON. Business
 * rules stay in {@link ConsoleData} and the use cases it calls.
 */
export async function handleConsoleRequest(req: ConsoleRequest, data: ConsoleData): Promise<ConsoleResponse> {
  try {
    const atom = /^\/feeds\/([^/]+)\.atom$/.exec(req.path);
    if (atom) return await atomResponse(req, decodeURIComponent(atom[1]!), data);
    const matching = routes.filter((r) => r.pattern.test(req.path));
    if (matching.length === 0) return NOT_FOUND;
    const route = matching.find((r) => r.method === req.method);
    if (!route)
      return errorResponse(
        405,
        `${req.method} ${req.path}: not allowed (use ${matching.map((r) => r.method).join(' or ')})`,
      );
    if (!req.caller) return errorResponse(401, 'sign in: this request carries no valid token');
    const allowed =
      route.need === 'read'
        ? req.caller.groups.includes(GROUPS.viewers) || req.caller.groups.includes(GROUPS.editors)
        : req.caller.groups.includes(GROUPS.editors);
    if (!allowed)
      return errorResponse(
        403,
        `${req.caller.name}: ${route.need === 'edit' ? 'changes need the editors group' : 'reading needs the viewers or editors group'}`,
      );
    const params = route.pattern.exec(req.path)!.slice(1);
    const result = await route.handle(req, params, data);
    return { status: 200, headers: JSON_HEADERS, body: JSON.stringify(result) };
  } catch (err) {
    const status = statusOf(err);
    // Multi-line messages (every problem of a watchlist) travel as a list beside a one-line summary.
    const lines = describeError(err).split('\n');
    if (status === 500 && !(err instanceof NewsAlertError))
      return errorResponse(500, `internal error: ${lines[0]}`);
    return errorResponse(status, lines.length > 1 ? `${lines.length} problems: ${lines[0]}` : lines[0]!, {
      ...(err instanceof WatchlistError && lines.length > 1 ? { problems: lines } : {}),
    });
  }
}

async function atomResponse(req: ConsoleRequest, id: string, data: ConsoleData): Promise<ConsoleResponse> {
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return errorResponse(405, `${req.method} ${req.path}: feeds are GET only`);
  if (!WatchlistIdSchema.safeParse(id).success) return NOT_FOUND;
  const found = await data.atomGroups(id, req.query.token, since(req.query.since, '7d'));
  // A wrong token, a missing one and an unknown watchlist look the same: 404.
  if (!found) return NOT_FOUND;
  const body = atomFeed(
    {
      watchlistId: id,
      watchlistName: found.name,
      selfUrl: `${req.origin}/feeds/${encodeURIComponent(id)}.atom`,
      consoleUrl: `${req.origin}/`,
      now: new Date(),
    },
    found.groups,
  );
  return {
    status: 200,
    headers: {
      'content-type': 'application/atom+xml; charset=utf-8',
      // Feed readers poll; a minute's cache spares the table. Private: the URL holds a secret.
      'cache-control': 'private, max-age=60',
    },
    body,
  };
}
