import {
  afterFailure,
  afterSuccess,
  backoffSeconds,
  isDue,
  parseMaxAge,
  parseRetryAfter,
} from '../../../shared/feeds/poll-schedule';
import { initialFeedState, type FeedState } from '../../../shared/feeds/feed-state';

// A fake clock: every expectation is exact.
const T0 = new Date('2025-12-02T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const iso = (seconds: number) => at(seconds).toISOString();

describe('parsing what publishers say', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120', T0)).toBe(120);
    expect(parseRetryAfter('Tue, 02 Dec 2025 10:05:00 GMT', T0)).toBe(300);
    expect(parseRetryAfter('Tue, 02 Dec 2025 09:00:00 GMT', T0)).toBe(0);
    expect(parseRetryAfter('soon', T0)).toBeUndefined();
    expect(parseRetryAfter(undefined, T0)).toBeUndefined();
  });

  it('reads Cache-Control max-age; no-cache and no-store mean 0', () => {
    expect(parseMaxAge('public, max-age=600')).toBe(600);
    expect(parseMaxAge('max-age="300", must-revalidate')).toBe(300);
    expect(parseMaxAge('s-maxage=900')).toBeUndefined();
    expect(parseMaxAge('no-store')).toBe(0);
    expect(parseMaxAge(undefined)).toBeUndefined();
  });
});

describe('next check after a success', () => {
  const state = initialFeedState('f');

  it('is the next cycle when the publisher says nothing', () => {
    expect(afterSuccess(state, T0, {})).toMatchObject({
      nextCheckAt: iso(0),
      status: 'ok',
      errorCount: 0,
      lastSuccessAt: iso(0),
      lastCheckedAt: iso(0),
    });
  });

  it('honours Cache-Control max-age and RSS <ttl>, the longer of the two, within the cap', () => {
    expect(afterSuccess(state, T0, { cacheControl: 'max-age=600' }).nextCheckAt).toBe(iso(600));
    expect(afterSuccess(state, T0, { ttlMinutes: 30 }).nextCheckAt).toBe(iso(1800));
    expect(afterSuccess(state, T0, { cacheControl: 'max-age=600', ttlMinutes: 30 }).nextCheckAt).toBe(
      iso(1800),
    );
    expect(afterSuccess(state, T0, { cacheControl: 'max-age=31536000' }).nextCheckAt).toBe(iso(86_400));
    expect(afterSuccess(state, T0, { ttlMinutes: 60 }, { maxIntervalSeconds: 900 }).nextCheckAt).toBe(
      iso(900),
    );
    expect(afterSuccess(state, T0, {}, { minIntervalSeconds: 120 }).nextCheckAt).toBe(iso(120));
  });

  it('clears the errors of a failing feed', () => {
    const failing: FeedState = {
      ...state,
      errorCount: 4,
      status: 'failing',
      lastError: 'x',
      lastErrorAt: iso(-60),
    };
    expect(afterSuccess(failing, T0, {})).toMatchObject({
      errorCount: 0,
      status: 'ok',
      lastError: undefined,
      lastErrorAt: undefined,
    });
  });
});

describe('backoff after failures', () => {
  it('retries the first failure at the next cycle, then doubles from 5 minutes up to a day', () => {
    expect([1, 2, 3, 4, 5, 10, 11, 12, 40].map((n) => backoffSeconds(n))).toEqual([
      0, 300, 600, 1200, 2400, 76_800, 86_400, 86_400, 86_400,
    ]);
    expect(backoffSeconds(3, { backoffBaseSeconds: 60, maxBackoffSeconds: 100 })).toBe(100);
  });

  it('counts consecutive failures, keeps the reason, and backs off', () => {
    let state = initialFeedState('f');
    const seen: [number, string, string][] = [];
    for (let i = 0; i < 4; i++) {
      state = afterFailure(state, T0, 'HTTP 500 Internal Server Error', undefined);
      seen.push([state.errorCount, state.status, state.nextCheckAt!]);
    }
    expect(seen).toEqual([
      [1, 'failing', iso(0)],
      [2, 'failing', iso(300)],
      [3, 'failing', iso(600)],
      [4, 'failing', iso(1200)],
    ]);
    expect(state).toMatchObject({
      lastError: 'HTTP 500 Internal Server Error',
      lastErrorAt: iso(0),
      lastCheckedAt: iso(0),
    });
  });

  it('waits for Retry-After when it is longer than the backoff, within the cap', () => {
    const once = afterFailure(initialFeedState('f'), T0, 'HTTP 429', '120');
    expect(once.nextCheckAt).toBe(iso(120));
    const thrice = afterFailure({ ...once, errorCount: 2 }, T0, 'HTTP 503', '60');
    expect(thrice.nextCheckAt).toBe(iso(600));
    expect(afterFailure(initialFeedState('f'), T0, 'HTTP 429', String(7 * 86_400)).nextCheckAt).toBe(
      iso(86_400),
    );
  });

  it('disables a feed after too many failures: polled once a day until it answers', () => {
    const state = afterFailure(
      { ...initialFeedState('f'), errorCount: 9, status: 'failing' },
      T0,
      'host not found',
      undefined,
    );
    expect(state).toMatchObject({ errorCount: 10, status: 'disabled', nextCheckAt: iso(86_400) });
    expect(afterFailure(initialFeedState('f'), T0, 'x', undefined, { disableAfterErrors: 1 }).status).toBe(
      'disabled',
    );
    expect(afterSuccess(state, at(86_400), {}).status).toBe('ok');
  });
});

describe('isDue', () => {
  it('is due when never polled, or once the next check has come', () => {
    expect(isDue(undefined, T0)).toBe(true);
    expect(isDue({ nextCheckAt: undefined }, T0)).toBe(true);
    expect(isDue({ nextCheckAt: iso(60) }, T0)).toBe(false);
    expect(isDue({ nextCheckAt: iso(60) }, at(60))).toBe(true);
    expect(isDue({ nextCheckAt: 'garbage' }, T0)).toBe(true);
  });
});
