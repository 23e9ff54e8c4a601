import { FeedFetchError } from '../errors';
import { AddressRefusedError, type AddressPolicy } from './address-guard';
import { BodyTooLargeError, ConnectTimeoutError, httpGet, type HttpResponse } from './http-get';

/** Options for {@link fetchFeed}. */
export interface FetchFeedOptions extends AddressPolicy {
  /**
   * Total time allowed for the whole request (redirects and body), in milliseconds.
   * @default 20000
   */
  timeoutMs?: number;
  /**
   * Time allowed to open a TCP connection, in milliseconds.
   * @default 10000
   */
  connectTimeoutMs?: number;
  /**
   * Largest body accepted, in bytes, compressed or not; a larger body is refused while streaming.
   * @default 10485760 (10 MiB)
   */
  maxBytes?: number;
  /**
   * Redirects followed (relative Location headers included) before giving up.
   * @default 5
   */
  maxRedirects?: number;
  /**
   * The User-Agent header.
   * @default {@link DEFAULT_USER_AGENT}
   */
  userAgent?: string;
}

/** Conditional-GET validators remembered from the previous poll of a feed. */
export interface FeedValidators {
  etag?: string;
  lastModified?: string;
}

/** What the publisher said about when to come back (raw headers; see poll-schedule). */
export interface CacheHints {
  /** The Cache-Control header, if any. */
  cacheControl?: string;
}

/** What a poll got: nothing new (304), or a body to parse. */
export type FetchFeedResult =
  | ({ status: 'not-modified'; finalUrl: string; etag?: string; lastModified?: string } & CacheHints)
  | ({
      status: 'ok';
      body: Uint8Array;
      contentType?: string;
      etag?: string;
      lastModified?: string;
      finalUrl: string;
    } & CacheHints);

/** Names the project and where to read about it, so publishers can reach its operators. */
export const DEFAULT_USER_AGENT = 'newsalert/0.1 (+https://github.com/newsalert/newsalert)';
const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Fetches a feed politely and safely: a conditional GET with the validators of the last poll
 * (a 304 means nothing to do), gzip/deflate/br, at most `maxRedirects` redirects (each target
 * checked by the SSRF guard again), connect and total timeouts, and a body cap enforced while
 * streaming. Throws FeedFetchError naming the URL; on 429 and 503 it carries Retry-After.
 */
export async function fetchFeed(
  url: string,
  validators: FeedValidators = {},
  options: FetchFeedOptions = {},
): Promise<FetchFeedResult> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  const headers: Record<string, string> = {
    'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
    accept: ACCEPT,
    'accept-encoding': 'gzip, deflate, br',
  };
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  const signal = AbortSignal.timeout(timeoutMs);
  const fail = (reason: string, extra?: { cause?: unknown; status?: number; retryAfter?: string }) =>
    new FeedFetchError(url, reason, extra);

  let current = parseHttpUrl(url);
  if (!current) throw fail('only http and https URLs can be fetched');
  for (let redirects = 0; ; redirects++) {
    let response: HttpResponse;
    try {
      response = await httpGet(current, {
        headers,
        policy: options,
        connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
        signal,
      });
    } catch (cause) {
      throw fail(requestFailure(cause, signal, timeoutMs, current, url), { cause });
    }
    const { status, headers: h } = response;
    const hints = {
      cacheControl: header(h['cache-control']),
      etag: header(h.etag),
      lastModified: header(h['last-modified']),
    };
    if (REDIRECTS.has(status) && h.location) {
      response.discard();
      if (redirects >= maxRedirects) throw fail(`more than ${maxRedirects} redirects`);
      const next = parseHttpUrl(h.location, current);
      if (!next) throw fail(`redirected to ${h.location}, which is not an http(s) URL`);
      current = next;
      continue;
    }
    if (status === 304) {
      response.discard();
      return { status: 'not-modified', finalUrl: current.toString(), ...hints };
    }
    if (status < 200 || status > 299) {
      response.discard();
      const retryAfter = status === 429 || status === 503 ? header(h['retry-after']) : undefined;
      const statusText = response.statusText ? ` ${response.statusText}` : '';
      throw fail(`HTTP ${status}${statusText}${retryAfter ? ` (Retry-After: ${retryAfter})` : ''}`, {
        status,
        retryAfter,
      });
    }
    let body: Buffer;
    try {
      body = await response.body(maxBytes);
    } catch (cause) {
      throw fail(requestFailure(cause, signal, timeoutMs, current, url), { cause });
    }
    return {
      status: 'ok',
      body,
      contentType: header(h['content-type']),
      finalUrl: current.toString(),
      ...hints,
    };
  }
}

function parseHttpUrl(location: string, base?: URL): URL | undefined {
  try {
    const url = new URL(location.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** One line for a failed request: refusals, timeouts and the network error's code. */
function requestFailure(
  cause: unknown,
  signal: AbortSignal,
  timeoutMs: number,
  current: URL,
  original: string,
): string {
  const via = current.toString() === original ? '' : ` (redirected to ${current})`;
  if (cause instanceof AddressRefusedError) return `${cause.message}${via}`;
  if (cause instanceof BodyTooLargeError) return cause.message;
  if (signal.aborted) return `timed out after ${timeoutMs} ms${via}`;
  if (cause instanceof ConnectTimeoutError) return `${cause.message}${via}`;
  return `${networkReason(cause)}${via}`;
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPROTO: 'TLS handshake failed',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate is for another host',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate cannot be verified',
  HPE_INVALID_CONSTANT: 'malformed HTTP response',
  HPE_HEADER_OVERFLOW: 'HTTP headers too large',
};

function networkReason(cause: unknown): string {
  const err = cause as NodeJS.ErrnoException;
  if (err.code) {
    if (err.code === 'ECONNRESET' && /socket hang up/i.test(err.message))
      return 'connection closed by the server (ECONNRESET)';
    return `${NETWORK_ERRORS[err.code] ?? err.message} (${err.code})`;
  }
  return err.message ?? String(cause);
}
