import { backoffSeconds, parseMaxAge, parseRetryAfter, type ScheduleOptions } from './poll-schedule';

/**
 * How often each feed is polled, after Miniflux's entry-frequency scheduler: the recent rate
 * of new entries sets the interval, bounded by a minimum and a maximum. A wire that publishes
 * every few minutes is polled every minute or two; a blog that posts twice a day, hourly.
 */
export interface IntervalOptions {
  /**
   * Shortest interval: what the busiest feed gets. The dispatch schedule's rate (1 minute) is
   * the floor of any interval anyway.
   * @default 60
   */
  minIntervalSeconds?: number;
  /**
   * Longest interval of a working feed, whatever it or its publisher says (Cache-Control,
   * `<ttl>`): no feed goes unchecked longer than this. Failing feeds back off beyond it.
   * @default 3600
   */
  maxIntervalSeconds?: number;
  /**
   * Polls per expected new entry. Miniflux uses 1 (poll as often as a new entry is
   * expected); 2 halves the wait for a story at twice the polls of the busy feeds only, as
   * quiet feeds sit at the maximum either way.
   * @default 2
   */
  entryFrequencyFactor?: number;
  /**
   * How far back entries count, in seconds (Miniflux counts the entries of the last week).
   * @default 604800
   */
  windowSeconds?: number;
  /**
   * Shortest stretch of time a rate is measured over, so one entry published a minute ago
   * does not make a quiet feed look like a wire.
   * @default 3600
   */
  minSpanSeconds?: number;
  /**
   * Interval of a feed whose hub pushes its updates (WebSub): polling is only the safety net.
   * @default 3600
   */
  pushedIntervalSeconds?: number;
}

/** The defaults of {@link IntervalOptions}. */
export const DEFAULT_INTERVALS: Required<IntervalOptions> = {
  minIntervalSeconds: 60,
  maxIntervalSeconds: 3600,
  entryFrequencyFactor: 2,
  windowSeconds: 7 * 86_400,
  minSpanSeconds: 3600,
  pushedIntervalSeconds: 3600,
};

/** What the interval is computed from. */
export interface IntervalInput {
  now: Date;
  /**
   * Publication times (ISO) of the entries in the feed's last body that carry a date of their
   * own. Entries without one are not evidence of a rate (they all look brand new).
   */
  entryDates?: readonly string[];
  /**
   * For feeds without dated entries: how many new entries the last poll found, and the
   * interval it had; the interval then halves on news and grows by half without.
   */
  observed?: { newEntries: number; previousSeconds?: number };
  /** Response headers and feed fields the publisher asks pollers to wait by. */
  cacheControl?: string;
  ttlMinutes?: number;
  /** A WebSub hub pushes this feed's updates. */
  pushed?: boolean;
  /** Set after a failed poll: consecutive failures (this one included) and the Retry-After header. */
  failure?: { errorCount: number; retryAfter?: string };
}

/** An interval and, for `feeds status`, the reason in a few words. */
export interface PollInterval {
  seconds: number;
  why: string;
}

/**
 * The wait until a feed's next poll. After a success: the entry rate (entries in the window
 * per second of the span they cover, Miniflux's weekly count generalised to bodies that hold
 * less than a week) times the factor, bounded by the minimum and maximum; a longer
 * Cache-Control max-age or `<ttl>` wins, up to the maximum. After a failure: the error
 * backoff, or Retry-After when longer.
 */
export function pollInterval(
  input: IntervalInput,
  options: IntervalOptions = {},
  schedule: ScheduleOptions = {},
): PollInterval {
  const o = { ...DEFAULT_INTERVALS, ...options };
  if (input.failure) return failureInterval(input.failure, input.now, schedule);
  const base = input.pushed
    ? { seconds: o.pushedIntervalSeconds, why: 'pushed by its WebSub hub; polled as a safety net' }
    : rateInterval(input, o);
  let { seconds, why } = base;
  const asked = askedSeconds(input);
  if (asked && asked.seconds > seconds) ({ seconds, why } = asked);
  if (seconds > o.maxIntervalSeconds) {
    seconds = o.maxIntervalSeconds;
    why += `; capped at the maximum ${formatSeconds(o.maxIntervalSeconds)}`;
  } else if (seconds < o.minIntervalSeconds) {
    seconds = o.minIntervalSeconds;
    why += `; raised to the minimum ${formatSeconds(o.minIntervalSeconds)}`;
  }
  return { seconds: Math.round(seconds), why };
}

function rateInterval(input: IntervalInput, o: Required<IntervalOptions>): PollInterval {
  const now = input.now.getTime();
  const from = now - o.windowSeconds * 1000;
  const times = (input.entryDates ?? [])
    .map((d) => Date.parse(d))
    .filter((t) => !Number.isNaN(t) && t > from && t <= now);
  if (times.length === 0 && input.observed) return observedInterval(input.observed, o);
  if (times.length === 0)
    return {
      seconds: o.maxIntervalSeconds,
      why: `no entry in the last ${formatSeconds(o.windowSeconds)}`,
    };
  const span = Math.max((now - Math.min(...times)) / 1000, o.minSpanSeconds);
  const perHour = (times.length * 3600) / span;
  return {
    seconds: span / times.length / o.entryFrequencyFactor,
    why: `${formatRate(perHour)} recently`,
  };
}

function observedInterval(
  observed: NonNullable<IntervalInput['observed']>,
  o: Required<IntervalOptions>,
): PollInterval {
  const previous = observed.previousSeconds ?? o.maxIntervalSeconds;
  return observed.newEntries > 0
    ? { seconds: previous / 2, why: `undated entries, ${observed.newEntries} new: halved` }
    : { seconds: previous * 1.5, why: 'undated entries, none new: grown by half' };
}

function askedSeconds(input: IntervalInput): PollInterval | undefined {
  const maxAge = parseMaxAge(input.cacheControl) ?? 0;
  const ttl = (input.ttlMinutes ?? 0) * 60;
  if (maxAge === 0 && ttl === 0) return undefined;
  return maxAge >= ttl
    ? { seconds: maxAge, why: `the publisher asks for it (Cache-Control max-age=${maxAge})` }
    : { seconds: ttl, why: `the publisher asks for it (<ttl>${input.ttlMinutes}</ttl>)` };
}

function failureInterval(
  failure: NonNullable<IntervalInput['failure']>,
  now: Date,
  schedule: ScheduleOptions,
): PollInterval {
  const backoff = backoffSeconds(failure.errorCount, schedule);
  const retryAfter = parseRetryAfter(failure.retryAfter, now);
  const cap = schedule.maxBackoffSeconds ?? 86_400;
  const nth = ordinal(failure.errorCount);
  if (retryAfter !== undefined && retryAfter > backoff)
    return {
      seconds: Math.min(retryAfter, cap),
      why: `${nth} failure in a row; the publisher asks for it (Retry-After: ${failure.retryAfter?.trim()})`,
    };
  return {
    seconds: backoff,
    why: backoff === 0 ? `${nth} failure: retried at the next run` : `${nth} failure in a row: backing off`,
  };
}

/** "90 s", "5 min", "2 h", "7 d": how `feeds status` shows intervals. */
export function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

function formatRate(perHour: number): string {
  if (perHour >= 1) return `${round(perHour)} entries an hour`;
  return `${round(perHour * 24)} entries a day`;
}

function round(n: number): string {
  return n >= 10 ? String(Math.round(n)) : String(Math.round(n * 10) / 10);
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/**
 * The intervals a feed is actually polled at, in minutes. A feed's interval is rounded down
 * to one of these, so the small drift of an entry rate from poll to poll changes nothing
 * stored: an unchanged feed costs no write. Past an hour they serve backoff and Retry-After.
 */
export const SLOT_MINUTES = [
  1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30, 40, 60, 90, 120, 180, 240, 360, 480, 720, 1440,
] as const;

/** A feed's place in the schedule: polled at every minute t (since the epoch) with t mod every = phase. */
export interface PollSlot {
  every: number;
  phase: number;
}

/**
 * The slot of a feed waiting `seconds`: the longest slot interval not above it (none above
 * the wait of a failing feed: its wait is a floor, not a ceiling). The phase of a feed that
 * keeps its interval stays, so its schedule needs no write; a new interval starts counting
 * from this minute.
 * @param atLeast round up instead (backoff, Retry-After: never earlier than asked)
 */
export function pollSlot(seconds: number, now: Date, previous?: PollSlot, atLeast = false): PollSlot {
  const minutes = Math.max(1, seconds / 60);
  const every = atLeast
    ? (SLOT_MINUTES.find((m) => m >= minutes) ?? SLOT_MINUTES[SLOT_MINUTES.length - 1]!)
    : ([...SLOT_MINUTES].reverse().find((m) => m <= minutes) ?? 1);
  if (previous?.every === every && !atLeast) return previous;
  return { every, phase: minuteOf(now) % every };
}

/** True when a feed in this slot is due in the minute of `now`. */
export function isSlotDue(slot: PollSlot, now: Date): boolean {
  return minuteOf(now) % slot.every === slot.phase;
}

/** The start of the next minute after `now` in which the slot is due. */
export function nextSlotTime(slot: PollSlot, now: Date): Date {
  const minute = minuteOf(now);
  const ahead = (slot.phase - (minute % slot.every) + slot.every) % slot.every || slot.every;
  return new Date((minute + ahead) * 60_000);
}

/** Minutes since the epoch. */
export function minuteOf(date: Date): number {
  return Math.floor(date.getTime() / 60_000);
}
