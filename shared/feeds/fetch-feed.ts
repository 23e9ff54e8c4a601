import { FeedFetchError } from '../errors';

/** Options for {@link fetchFeed}. */
export interface FetchFeedOptions {
  /**
   * Total time allowed for the request and the body, in milliseconds.
   * @default 20000
   */
  timeoutMs?: number;
  /**
   * Largest body accepted, in bytes; a larger body is refused while streaming.
   * @default 10485760 (10 MiB)
   */
  maxBytes?: number;
  /**
   * The User-Agent header.
   * @default `newsalert/<version> (+https://github.com/newsalert/newsalert)`
   */
  userAgent?: string;
  /**
   * The fetch implementation (tests may pass their own).
   * @default globalThis.fetch
   */
  fetch?: typeof fetch;
}

/** Conditional-GET validators remembered from the previous poll of a feed. */
export interface FeedValidators {
  etag?: string;
  lastModified?: string;
}

/** What a poll got: nothing new (304), or a body to parse. */
export type FetchFeedResult =
  | { status: 'not-modified' }
  | { status: 'ok'; body: Uint8Array; contentType?: string; etag?: string; lastModified?: string; finalUrl: string };

export const DEFAULT_USER_AGENT = 'newsalert/0.1 (+https://github.com/newsalert/newsalert)';
const ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

/**
 * Fetches a feed with a conditional GET: the ETag and Last-Modified of the last poll are
 * sent, and a 304 means there is nothing to do. Throws FeedFetchError naming the URL.
 */
export async function fetchFeed(url: string, validators: FeedValidators = {}, options: FetchFeedOptions = {}): Promise<FetchFeedResult> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const headers: Record<string, string> = { 'user-agent': options.userAgent ?? DEFAULT_USER_AGENT, accept: ACCEPT };
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;

  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { headers, signal, redirect: 'follow' });
  } catch (cause) {
    throw new FeedFetchError(url, signal.aborted ? `timed out after ${timeoutMs} ms` : networkReason(cause), { cause });
  }
  if (response.status === 304) {
    await response.body?.cancel();
    return { status: 'not-modified' };
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new FeedFetchError(url, `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`, { status: response.status });
  }
  const body = await readCapped(url, response, maxBytes, signal, timeoutMs);
  return {
    status: 'ok',
    body,
    contentType: response.headers.get('content-type') ?? undefined,
    etag: response.headers.get('etag') ?? undefined,
    lastModified: response.headers.get('last-modified') ?? undefined,
    finalUrl: response.url || url,
  };
}

async function readCapped(url: string, response: Response, maxBytes: number, signal: AbortSignal, timeoutMs: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new FeedFetchError(url, `body of ${declared} bytes is over the ${maxBytes}-byte limit`);
  }
  if (!response.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      // Counted while streaming: a missing or lying Content-Length must not let a body through.
      if (total > maxBytes) {
        await reader.cancel();
        throw new FeedFetchError(url, `body is over the ${maxBytes}-byte limit`);
      }
      chunks.push(value);
    }
  } catch (cause) {
    if (cause instanceof FeedFetchError) throw cause;
    throw new FeedFetchError(url, signal.aborted ? `timed out after ${timeoutMs} ms` : networkReason(cause), { cause });
  }
  return Buffer.concat(chunks);
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed by the server',
};

// undici hides the useful part ("ECONNREFUSED") in `cause`; "fetch failed" alone helps nobody.
function networkReason(cause: unknown): string {
  const err = cause as { message?: string; cause?: { code?: string; message?: string } };
  const code = err.cause?.code;
  if (code) return `${NETWORK_ERRORS[code] ?? 'network error'} (${code})`;
  return err.cause?.message ?? err.message ?? String(cause);
}
