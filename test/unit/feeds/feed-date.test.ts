import { parseFeedDate } from '../../../shared/feeds/feed-date';

describe('parseFeedDate', () => {
  it('reads RFC 822 and ISO 8601 dates to ISO UTC', () => {
    expect(parseFeedDate('Tue, 02 Dec 2025 08:15:00 +0200')).toBe('2025-12-02T06:15:00.000Z');
    expect(parseFeedDate('Tue, 02 Dec 2025 08:15:00 EST')).toBe('2025-12-02T13:15:00.000Z');
    expect(parseFeedDate('2025-12-02T08:15:00+01:00')).toBe('2025-12-02T07:15:00.000Z');
    expect(parseFeedDate(' 2025-12-02T08:15:00Z ')).toBe('2025-12-02T08:15:00.000Z');
  });

  it('reads a date without a zone as UTC, whatever the machine zone', () => {
    expect(parseFeedDate('2025-12-02 08:15')).toBe('2025-12-02T08:15:00.000Z');
    expect(parseFeedDate('2025-12-02')).toBe('2025-12-02T00:00:00.000Z');
    expect(parseFeedDate('Tue, 02 Dec 2025 08:15:00')).toBe('2025-12-02T08:15:00.000Z');
  });

  it('gives undefined for what is not a date', () => {
    expect(parseFeedDate('yesterday')).toBeUndefined();
    expect(parseFeedDate('')).toBeUndefined();
    expect(parseFeedDate(undefined)).toBeUndefined();
    expect(parseFeedDate('0001-01-01T00:00:00Z')).toBeUndefined();
  });
});
