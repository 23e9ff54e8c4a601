import { ConfigError } from '../shared/errors';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * The time a `--since` value names: a duration back from `now` (`30m`, `24h`, `7d`, `2w`)
 * or an ISO date or time (`2025-12-01`, `2025-12-01T08:00:00Z`).
 * @throws ConfigError naming the value and the accepted forms
 */
export function parseSince(value: string, now: Date = new Date()): Date {
  const duration = /^(\d+)\s*([smhdw])$/.exec(value.trim());
  if (duration) return new Date(now.getTime() - Number(duration[1]) * UNIT_MS[duration[2]!]!);
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new ConfigError(
    `--since ${value}: give a duration such as 24h or 7d, or an ISO date such as 2025-12-01`,
  );
}
