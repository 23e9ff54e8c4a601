import { ConfigError } from '../errors';
import { MAX_SMS_SEGMENTS } from './sms-text';

/** How alerts are delivered: SMS size and cost guard, digests, claims. */
export interface DeliverySettings {
  /**
   * SMS segments one alert may use (each is billed).
   * @default 1
   */
  smsSegments: number;
  /**
   * Alerts with an SMS part per clock hour (UTC), all watchlists together; over it, alerts
   * go out by e-mail only and roll into the hourly SMS digest.
   * @default 10
   */
  smsHourlyCap: number;
  /**
   * The same per watchlist, so one busy watchlist cannot use up the hour.
   * @default 5
   */
  smsHourlyCapPerWatchlist: number;
  /**
   * UTC hour (0-23) from which the daily e-mail digest of the previous day is sent;
   * undefined turns the daily digest off.
   * @default 7
   */
  dailyDigestHour: number | undefined;
  /**
   * How long a worker may hold a claimed alert before another may take it over, in ms.
   * Longer than the notify function's timeout, so a live worker is never overtaken.
   * @default 120000
   */
  claimLeaseMs: number;
  /**
   * Age (minutes) at which the scheduled sweep sends a pending alert that the stream did not
   * deliver (its record went to the DLQ, or its worker died). Younger ones are the stream's.
   * @default 10
   */
  sweepAfterMinutes: number;
}

/** The environment variables that set {@link DeliverySettings} (the CDK stack sets them on notify and digest). */
export const DELIVERY_ENV = {
  smsSegments: 'SMS_SEGMENTS',
  smsHourlyCap: 'SMS_HOURLY_CAP',
  smsHourlyCapPerWatchlist: 'SMS_HOURLY_CAP_PER_WATCHLIST',
  dailyDigestHour: 'DAILY_DIGEST_HOUR',
} as const;

/** The defaults, for the docs and the stack. */
export const DEFAULT_DELIVERY_SETTINGS: DeliverySettings = {
  smsSegments: 1,
  smsHourlyCap: 10,
  smsHourlyCapPerWatchlist: 5,
  dailyDigestHour: 7,
  claimLeaseMs: 120_000,
  sweepAfterMinutes: 10,
};

/**
 * Reads the settings from environment variables (see {@link DELIVERY_ENV});
 * `DAILY_DIGEST_HOUR=off` turns the daily digest off. Throws a ConfigError naming the variable.
 */
export function readDeliverySettings(
  env: Record<string, string | undefined> = process.env,
): DeliverySettings {
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return fallback;
    const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(n) || n < min || n > max)
      throw new ConfigError(`${name}=${raw}: expected a whole number from ${min} to ${max}`);
    return n;
  };
  const digestRaw = env[DELIVERY_ENV.dailyDigestHour]?.trim().toLowerCase();
  return {
    ...DEFAULT_DELIVERY_SETTINGS,
    smsSegments: int(DELIVERY_ENV.smsSegments, DEFAULT_DELIVERY_SETTINGS.smsSegments, 1, MAX_SMS_SEGMENTS),
    smsHourlyCap: int(DELIVERY_ENV.smsHourlyCap, DEFAULT_DELIVERY_SETTINGS.smsHourlyCap, 0, 100_000),
    smsHourlyCapPerWatchlist: int(
      DELIVERY_ENV.smsHourlyCapPerWatchlist,
      DEFAULT_DELIVERY_SETTINGS.smsHourlyCapPerWatchlist,
      0,
      100_000,
    ),
    dailyDigestHour: digestRaw === 'off' ? undefined : int(DELIVERY_ENV.dailyDigestHour, 7, 0, 23),
  };
}
