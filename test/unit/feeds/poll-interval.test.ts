import { formatSeconds, pollInterval } from '../../../shared/feeds/poll-interval';

const NOW = new Date('2026-03-02T12:00:00.000Z');
/** ISO times `minutes` before NOW. */
const ago = (...minutes: number[]) => minutes.map((m) => new Date(NOW.getTime() - m * 60_000).toISOString());
/** Entries published every `gap` minutes, newest `gap` minutes ago. */
const every = (gap: number, count: number) => ago(...Array.from({ length: count }, (_, i) => (i + 1) * gap));

describe('the entry-frequency interval', () => {
  it('polls a wire that publishes every 4 minutes every 2 minutes (twice per expected entry)', () => {
    const interval = pollInterval({ now: NOW, entryDates: every(4, 30) });
    expect(interval.seconds).toBe(120);
    expect(interval.why).toBe('15 entries an hour recently');
  });

  it('sits a feed of a few entries a day at the maximum of an hour', () => {
    const interval = pollInterval({ now: NOW, entryDates: ago(90, 400, 800, 1300) });
    expect(interval.seconds).toBe(3600);
    expect(interval.why).toMatch(/entries a day recently; capped at the maximum 60 min$/);
  });

  it('puts an hourly feed between the bounds', () => {
    expect(pollInterval({ now: NOW, entryDates: every(60, 20) }).seconds).toBe(1800);
  });

  it('never goes below the minimum, however busy the feed', () => {
    const interval = pollInterval({ now: NOW, entryDates: every(0.25, 50) });
    expect(interval.seconds).toBe(60);
    expect(interval.why).toMatch(/raised to the minimum 60 s$/);
  });

  it('treats a single fresh entry of a quiet feed as one entry an hour, not as a wire', () => {
    expect(pollInterval({ now: NOW, entryDates: ago(1) }).seconds).toBe(1800);
  });

  it('counts only the window: entries older than a week are no evidence', () => {
    const interval = pollInterval({ now: NOW, entryDates: ago(8 * 1440, 9 * 1440, 10 * 1440) });
    expect(interval).toEqual({ seconds: 3600, why: 'no entry in the last 7 d' });
  });

  it('uses the configured bounds, factor and window', () => {
    const options = { minIntervalSeconds: 300, maxIntervalSeconds: 7200, entryFrequencyFactor: 1 };
    expect(pollInterval({ now: NOW, entryDates: every(4, 30) }, options).seconds).toBe(300);
    expect(pollInterval({ now: NOW, entryDates: every(100, 14) }, options).seconds).toBe(6000);
    expect(pollInterval({ now: NOW, entryDates: [] }, options).seconds).toBe(7200);
  });

  it('halves the interval of an undated feed on news and grows it without', () => {
    expect(pollInterval({ now: NOW, observed: { newEntries: 3, previousSeconds: 1200 } })).toEqual({
      seconds: 600,
      why: 'undated entries, 3 new: halved',
    });
    expect(pollInterval({ now: NOW, observed: { newEntries: 0, previousSeconds: 1200 } }).seconds).toBe(1800);
    expect(pollInterval({ now: NOW, observed: { newEntries: 0, previousSeconds: 3000 } }).seconds).toBe(3600);
  });
});

describe("the publisher's hints and failures", () => {
  it('waits longer when Cache-Control max-age or <ttl> asks for it', () => {
    const busy = every(2, 30);
    expect(pollInterval({ now: NOW, entryDates: busy, cacheControl: 'max-age=600' })).toEqual({
      seconds: 600,
      why: 'the publisher asks for it (Cache-Control max-age=600)',
    });
    expect(pollInterval({ now: NOW, entryDates: busy, ttlMinutes: 15 })).toEqual({
      seconds: 900,
      why: 'the publisher asks for it (<ttl>15</ttl>)',
    });
  });

  it('never lets a hint push a working feed past the maximum', () => {
    const interval = pollInterval({ now: NOW, entryDates: every(2, 30), ttlMinutes: 1440 });
    expect(interval.seconds).toBe(3600);
    expect(interval.why).toBe('the publisher asks for it (<ttl>1440</ttl>); capped at the maximum 60 min');
  });

  it('ignores a shorter hint: a max-age of 60 does not make a quiet feed busy', () => {
    expect(pollInterval({ now: NOW, entryDates: every(60, 20), cacheControl: 'max-age=60' }).seconds).toBe(
      1800,
    );
  });

  it('polls a pushed feed rarely, as a safety net', () => {
    expect(pollInterval({ now: NOW, entryDates: every(2, 30), pushed: true })).toEqual({
      seconds: 3600,
      why: 'pushed by its WebSub hub; polled as a safety net',
    });
  });

  it('backs off after failures, or waits for Retry-After when longer', () => {
    expect(pollInterval({ now: NOW, failure: { errorCount: 1 } })).toEqual({
      seconds: 0,
      why: '1st failure: retried at the next run',
    });
    expect(pollInterval({ now: NOW, failure: { errorCount: 3 } })).toEqual({
      seconds: 600,
      why: '3rd failure in a row: backing off',
    });
    expect(pollInterval({ now: NOW, failure: { errorCount: 2, retryAfter: '7200' } })).toEqual({
      seconds: 7200,
      why: '2nd failure in a row; the publisher asks for it (Retry-After: 7200)',
    });
    expect(pollInterval({ now: NOW, failure: { errorCount: 12 } }).why).toBe(
      '12th failure in a row: backing off',
    );
  });
});

it('formats intervals the way feeds status shows them', () => {
  expect([59, 90, 600, 3600, 7200, 86_400 * 3].map(formatSeconds)).toEqual([
    '59 s',
    '90 s',
    '10 min',
    '60 min',
    '2 h',
    '3 d',
  ]);
});
