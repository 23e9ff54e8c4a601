import type { FeedState, FeedStatus } from './feed-state';

/** When feeds are polled again. All durations in seconds. */
export interface ScheduleOptions {
  /**
   * Shortest wait after a successful poll. 0 means "at the next cycle": the schedule's rate
   * (EventBridge, or `run --interval`) is the normal cadence.
   * @default 0
   */
  minIntervalSeconds?: number;
  /**
   * Longest wait a publisher can ask for with Cache-Control max-age, RSS <ttl> or Retry-After.
   * @default 86400 (one day, as Miniflux)
   */
  maxIntervalSeconds?: number;
  /**
   * Backoff after the second consecutive failure; it doubles with each further one.
   * The first failure is retried at the next cycle: most failures are transient.
   * @default 300
   */
  backoffBaseSeconds?: number;
  /**
   * Cap of the backoff; a disabled feed is polled this often.
   * @default 86400
   */
  maxBackoffSeconds?: number;
  /**
   * Consecutive failures after which a feed is `disabled` (and reported as such).
   * @default 10
   */
  disableAfterErrors?: number;
}

/** The defaults of {@link ScheduleOptions}. */
export const DEFAULT_SCHEDULE: Required<ScheduleOptions> = {
  minIntervalSeconds: 0,
  maxIntervalSeconds: 86_400,
  backoffBaseSeconds: 300,
  maxBackoffSeconds: 86_400,
  disableAfterErrors: 10,
};

/** True when a feed should be polled at `now` (never polled, or its next check has come). */
export function isDue(state: Pick<FeedState, 'nextCheckAt'> | undefined, now: Date): boolean {
  if (!state?.nextCheckAt) return true;
  const next = Date.parse(state.nextCheckAt);
  return Number.isNaN(next) || next <= now.getTime();
}

/** Seconds from a Retry-After header (delay-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now.getTime()) / 1000));
}

/** max-age from a Cache-Control header (0 for no-cache / no-store), or undefined. */
export function parseMaxAge(cacheControl: string | undefined): number | undefined {
  if (!cacheControl) return undefined;
  if (/(^|[,\s])(no-cache|no-store)\b/i.test(cacheControl)) return 0;
  const match = /(?:^|[,\s])max-age\s*=\s*"?(\d+)"?/i.exec(cacheControl);
  return match ? Number(match[1]) : undefined;
}

/** Capped exponential backoff after `errorCount` consecutive failures: 0, base, 2x base, 4x base... */
export function backoffSeconds(errorCount: number, options: ScheduleOptions = {}): number {
  const o = { ...DEFAULT_SCHEDULE, ...options };
  if (errorCount <= 1) return 0;
  return Math.min(o.backoffBaseSeconds * 2 ** Math.min(errorCount - 2, 30), o.maxBackoffSeconds);
}

/** What the publisher asked for on a successful poll. */
export interface SuccessHints {
  cacheControl?: string;
  ttlMinutes?: number;
}

/** The state after a successful poll (200 or 304): errors cleared, next check from the publisher's hints. */
export function afterSuccess(
  state: FeedState,
  now: Date,
  hints: SuccessHints,
  options: ScheduleOptions = {},
): FeedState {
  const o = { ...DEFAULT_SCHEDULE, ...options };
  const asked = Math.max(parseMaxAge(hints.cacheControl) ?? 0, (hints.ttlMinutes ?? 0) * 60);
  const wait = Math.max(o.minIntervalSeconds, Math.min(asked, o.maxIntervalSeconds));
  return {
    ...state,
    lastCheckedAt: now.toISOString(),
    lastSuccessAt: now.toISOString(),
    nextCheckAt: addSeconds(now, wait),
    errorCount: 0,
    lastError: undefined,
    lastErrorAt: undefined,
    status: 'ok',
  };
}

/**
 * The state after a failed poll: one more consecutive error, the next check after the
 * backoff (or the Retry-After, when longer), and `failing` or, past the threshold, `disabled`.
 */
export function afterFailure(
  state: FeedState,
  now: Date,
  error: string,
  retryAfter: string | undefined,
  options: ScheduleOptions = {},
): FeedState {
  const o = { ...DEFAULT_SCHEDULE, ...options };
  const errorCount = state.errorCount + 1;
  const status: FeedStatus = errorCount >= o.disableAfterErrors ? 'disabled' : 'failing';
  const backoff = status === 'disabled' ? o.maxBackoffSeconds : backoffSeconds(errorCount, o);
  const asked = Math.min(parseRetryAfter(retryAfter, now) ?? 0, o.maxIntervalSeconds);
  return {
    ...state,
    lastCheckedAt: now.toISOString(),
    nextCheckAt: addSeconds(now, Math.max(backoff, asked)),
    errorCount,
    lastError: error,
    lastErrorAt: now.toISOString(),
    status,
  };
}

function addSeconds(date: Date, seconds: number): string {
  return new Date(date.getTime() + seconds * 1000).toISOString();
}
