import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkLiteralHost, guardedLookup, type AddressPolicy } from '../../feeds/address-guard';
import { scrubUrl } from './redact-url';

/** Options of {@link postWithRetries}. */
export interface HttpDeliveryOptions {
  /**
   * Time one attempt may take, from connecting to the last byte of the answer, in milliseconds.
   * @default 10000
   */
  timeoutMs?: number;
  /**
   * Time allowed to open the TCP connection, in milliseconds.
   * @default 3000
   */
  connectTimeoutMs?: number;
  /**
   * Attempts in all, the first one included.
   * @default 3
   */
  attempts?: number;
  /**
   * Wait before the first retry, in milliseconds; doubled for each further retry, with jitter.
   * @default 1000
   */
  backoffMs?: number;
  /**
   * Longest wait before a retry, in milliseconds. A `Retry-After` asking for longer ends the
   * attempts with a retryable failure that carries the wait, so the caller can retry later
   * instead of holding a Lambda for it.
   * @default 30000
   */
  maxWaitMs?: number;
  /**
   * Which addresses the destination may resolve to (the SSRF guard feeds use).
   * @default loopback allowed only when NEWSALERT_ALLOW_LOOPBACK=true
   */
  policy?: AddressPolicy;
  /**
   * Called with each answer the destination gives (status and up to 2 KiB of its body), e.g. to
   * show a receiver's answer to a test message.
   * @default none
   */
  onAnswer?: (answer: { status: number; text: string }) => void;
}

/** One JSON POST to a destination. */
export interface HttpPost {
  /** The destination URL: a secret, never shown in results or errors. */
  url: string;
  body: string;
  /** The request's headers, asked for again before every attempt (a signature carries the time it was made). */
  headers?: () => Record<string, string>;
}

/** What a destination did with one POST. */
export type HttpDeliveryResult =
  | { ok: true; status: number; attempts: number; response: string }
  | {
      ok: false;
      /** The last HTTP status, when the destination answered. */
      status?: number;
      attempts: number;
      /** One line; never holds the URL. */
      reason: string;
      /** True when sending the same message later may succeed (429, 5xx, network, timeout). */
      retryable: boolean;
      /** The destination's `Retry-After` when it asked for more than `maxWaitMs`. */
      retryAfterMs?: number;
    };

/** The part of an answer's body kept for results, in bytes. */
const RESPONSE_MAX = 2048;

/**
 * POSTs `request.body` as JSON, retrying 429 and 5xx answers, timeouts and network errors with
 * exponential backoff, honouring `Retry-After` up to `maxWaitMs`. Never throws: every outcome
 * is a result whose texts never contain the destination URL.
 */
export async function postWithRetries(
  request: HttpPost,
  options: HttpDeliveryOptions = {},
): Promise<HttpDeliveryResult> {
  const attempts = Math.max(1, options.attempts ?? 3);
  const backoffMs = options.backoffMs ?? 1000;
  const maxWaitMs = options.maxWaitMs ?? 30000;
  const policy = options.policy ?? { allowLoopback: process.env.NEWSALERT_ALLOW_LOOPBACK === 'true' };
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return { ok: false, attempts: 0, reason: 'the destination URL is not a valid URL', retryable: false };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, attempts: 0, reason: `unsupported scheme ${url.protocol}`, retryable: false };
  try {
    checkLiteralHost(url, policy);
  } catch (err) {
    return { ok: false, attempts: 0, reason: (err as Error).message, retryable: false };
  }

  let last: Extract<HttpDeliveryResult, { ok: false }> = {
    ok: false,
    attempts: 0,
    reason: 'not sent',
    retryable: true,
  };
  for (let n = 1; n <= attempts; n++) {
    let waitMs = Math.min(maxWaitMs, backoffMs * 2 ** (n - 1) * (0.5 + Math.random() / 2));
    try {
      const answer = await postOnce(url, request, policy, options);
      options.onAnswer?.({ status: answer.status, text: answer.text });
      if (answer.status >= 200 && answer.status < 300)
        return { ok: true, status: answer.status, attempts: n, response: answer.text };
      const retryable = answer.status === 429 || answer.status === 408 || answer.status >= 500;
      const detail = answer.text.replace(/\s+/g, ' ').trim().slice(0, 200);
      last = {
        ok: false,
        status: answer.status,
        attempts: n,
        reason: scrubUrl(`HTTP ${answer.status}${detail ? `: ${detail}` : ''}`, request.url),
        retryable,
      };
      if (!retryable) return last;
      const retryAfter = retryAfterMs(answer.headers['retry-after']);
      if (retryAfter !== undefined) {
        if (retryAfter > maxWaitMs) return { ...last, retryAfterMs: retryAfter };
        waitMs = retryAfter;
      }
    } catch (err) {
      const refused = (err as Error).name === 'AddressRefusedError';
      last = {
        ok: false,
        attempts: n,
        reason: scrubUrl(describeNetworkError(err), request.url),
        retryable: !refused,
      };
      if (refused) return last;
    }
    if (n < attempts) await sleep(waitMs);
  }
  return last;
}

/** The wait a `Retry-After` header asks for (seconds or an HTTP date), in milliseconds. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

class AttemptTimeoutError extends Error {
  constructor(ms: number, phase: 'connect' | 'answer') {
    super(phase === 'connect' ? `connection timed out after ${ms} ms` : `no answer within ${ms} ms`);
    this.name = 'AttemptTimeoutError';
  }
}

function describeNetworkError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.name === 'AttemptTimeoutError' || e.name === 'AddressRefusedError') return e.message;
  return e.code ? `network error ${e.code}` : `network error: ${e.message}`;
}

// One keep-alive pool per policy, as for feeds: a socket opened under the local policy is
// never handed to a request made under the stricter one.
const agents = new Map<string, { http: HttpAgent; https: HttpsAgent }>();
function agentsFor(policy: AddressPolicy) {
  const key = policy.allowLoopback ? 'loopback' : 'public';
  let pair = agents.get(key);
  if (!pair) {
    const options = { keepAlive: true, maxFreeSockets: 16, lookup: guardedLookup(policy) };
    pair = { http: new HttpAgent(options), https: new HttpsAgent(options) };
    agents.set(key, pair);
  }
  return pair;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

async function postOnce(
  url: URL,
  request: HttpPost,
  policy: AddressPolicy,
  options: HttpDeliveryOptions,
): Promise<Answer> {
  try {
    return await attempt(url, request, policy, options);
  } catch (err) {
    // A kept-alive socket the destination closed meanwhile: the request never reached it.
    if (
      (err as { reusedSocket?: boolean }).reusedSocket &&
      (err as NodeJS.ErrnoException).code === 'ECONNRESET'
    )
      return attempt(url, request, policy, options);
    throw err;
  }
}

function attempt(
  url: URL,
  request: HttpPost,
  policy: AddressPolicy,
  options: HttpDeliveryOptions,
): Promise<Answer> {
  const timeoutMs = options.timeoutMs ?? 10000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 3000;
  const { http, https } = agentsFor(policy);
  const isHttps = url.protocol === 'https:';
  const body = Buffer.from(request.body, 'utf8');
  return new Promise((resolve, reject) => {
    const req = (isHttps ? httpsRequest : httpRequest)(url, {
      method: 'POST',
      agent: isHttps ? https : http,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-length': body.length,
        'user-agent': 'newsalert',
        ...(request.headers?.() ?? {}),
      },
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(total);
      fn();
    };
    const fail = (err: Error) => {
      settle(() => reject(err));
      req.destroy(err);
    };
    const total = setTimeout(() => fail(new AttemptTimeoutError(timeoutMs, 'answer')), timeoutMs);
    req.on('socket', (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(
        () => fail(new AttemptTimeoutError(connectTimeoutMs, 'connect')),
        connectTimeoutMs,
      );
      socket.once('connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    });
    req.on('error', (err) => settle(() => reject(Object.assign(err, { reusedSocket: req.reusedSocket }))));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      let tooLong = false;
      const answer = () => ({
        status: res.statusCode ?? 0,
        headers: res.headers,
        text: Buffer.concat(chunks).toString('utf8'),
      });
      res.on('data', (chunk: Buffer) => {
        if (kept < RESPONSE_MAX) chunks.push(chunk.subarray(0, RESPONSE_MAX - kept));
        kept += chunk.length;
        // A destination streaming a long answer is not worth reading: its status is enough.
        if (kept > 64 * 1024 && !tooLong) {
          tooLong = true;
          settle(() => resolve(answer()));
          res.destroy();
        }
      });
      res.on('end', () => settle(() => resolve(answer())));
      res.on('error', (err) => settle(() => reject(err)));
      res.on('close', () => settle(() => reject(new Error('the answer was cut off'))));
    });
    req.end(body);
  });
}
