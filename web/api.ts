import { accessToken, apiBase, signIn } from './auth';

/** An API error: the server's one-line message, and the watchlist problems when it lists them. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly problems: string[] = [],
  ) {
    super(message);
  }
}

/** Calls the console API: JSON in, JSON out; errors as {@link ApiError}. */
export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  const token = accessToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${apiBase()}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  let body: { error?: string; problems?: string[] } & Record<string, unknown>;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(`${res.status} ${res.statusText}: ${text.slice(0, 200)}`, res.status);
  }
  if (res.status === 401) void signIn();
  if (!res.ok) throw new ApiError(body.error ?? `${res.status}`, res.status, body.problems);
  return body as T;
}

/** A query string from the set values. */
export function query(values: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
