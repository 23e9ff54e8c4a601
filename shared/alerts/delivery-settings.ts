import { ConfigError } from '../errors';
import { readSettings, wholeNumber, wholeNumberOrOff } from '../config/setting';
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
   * High-priority alerts with an SMS part per clock hour, all watchlists together. Up to it a
   * high alert always gets its SMS, even when the caps above are used up (it counts against
   * them); past it, it is capped like any other. The ceiling bounds what high alerts spend.
   * @default 10
   */
  smsHighHourlyCeiling: number;
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

/**
 * The delivery settings ops can set: CDK context key, environment variable, range, default
 * and doc line, read by the stack (`deliveryEnvironment`), the functions and the local run
 * ({@link readDeliverySettings}) and checked against the docs table in docs/alerts.md.
 */
export const DELIVERY_SETTINGS = {
  smsSegments: wholeNumber({
    key: 'smsSegments',
    env: 'SMS_SEGMENTS',
    default: 1,
    min: 1,
    max: MAX_SMS_SEGMENTS,
    doc: 'segments per SMS',
  }),
  smsHourlyCap: wholeNumber({
    key: 'smsHourlyCap',
    env: 'SMS_HOURLY_CAP',
    default: 10,
    min: 0,
    max: 100_000,
    doc: 'all watchlists together, per hour',
  }),
  smsHourlyCapPerWatchlist: wholeNumber({
    key: 'smsHourlyCapPerWatchlist',
    env: 'SMS_HOURLY_CAP_PER_WATCHLIST',
    default: 5,
    min: 0,
    max: 100_000,
    doc: 'one watchlist, per hour',
  }),
  smsHighHourlyCeiling: wholeNumber({
    key: 'smsHighHourlyCeiling',
    env: 'SMS_HIGH_HOURLY_CEILING',
    default: 10,
    min: 0,
    max: 100_000,
    doc: 'high-priority alerts, all watchlists, per hour (the ceiling)',
  }),
  dailyDigestHour: wholeNumberOrOff({
    key: 'dailyDigestHour',
    env: 'DAILY_DIGEST_HOUR',
    default: 7,
    min: 0,
    max: 23,
    doc: 'daily e-mail digest from (UTC hour, or `off`)',
  }),
} as const;

/** The environment variables that set {@link DeliverySettings} (the CDK stack sets them on notify and digest). */
export const DELIVERY_ENV = {
  smsSegments: DELIVERY_SETTINGS.smsSegments.env,
  smsHourlyCap: DELIVERY_SETTINGS.smsHourlyCap.env,
  smsHourlyCapPerWatchlist: DELIVERY_SETTINGS.smsHourlyCapPerWatchlist.env,
  smsHighHourlyCeiling: DELIVERY_SETTINGS.smsHighHourlyCeiling.env,
  dailyDigestHour: DELIVERY_SETTINGS.dailyDigestHour.env,
} as const;

/** The defaults, for the docs and the stack. */
export const DEFAULT_DELIVERY_SETTINGS: DeliverySettings = {
  smsSegments: DELIVERY_SETTINGS.smsSegments.default,
  smsHourlyCap: DELIVERY_SETTINGS.smsHourlyCap.default,
  smsHourlyCapPerWatchlist: DELIVERY_SETTINGS.smsHourlyCapPerWatchlist.default,
  smsHighHourlyCeiling: DELIVERY_SETTINGS.smsHighHourlyCeiling.default,
  dailyDigestHour: DELIVERY_SETTINGS.dailyDigestHour.default,
  claimLeaseMs: 120_000,
  sweepAfterMinutes: 10,
};

/**
 * Reads the settings from environment variables (see {@link DELIVERY_SETTINGS});
 * `DAILY_DIGEST_HOUR=off` turns the daily digest off. Throws a ConfigError naming the variable.
 */
export function readDeliverySettings(
  env: Record<string, string | undefined> = process.env,
): DeliverySettings {
  return {
    ...DEFAULT_DELIVERY_SETTINGS,
    ...readSettings(DELIVERY_SETTINGS, env, (message) => new ConfigError(message)),
  };
}
