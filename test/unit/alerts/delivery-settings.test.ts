import { DEFAULT_DELIVERY_SETTINGS, readDeliverySettings } from '../../../shared/alerts/delivery-settings';
import { ConfigError } from '../../../shared/errors';

describe('readDeliverySettings', () => {
  it('uses the defaults when nothing is set, and reads each variable', () => {
    expect(readDeliverySettings({})).toEqual(DEFAULT_DELIVERY_SETTINGS);
    expect(
      readDeliverySettings({
        SMS_SEGMENTS: '2',
        SMS_HOURLY_CAP: '0',
        SMS_HOURLY_CAP_PER_WATCHLIST: '3',
        DAILY_DIGEST_HOUR: 'off',
      }),
    ).toMatchObject({
      smsSegments: 2,
      smsHourlyCap: 0,
      smsHourlyCapPerWatchlist: 3,
      dailyDigestHour: undefined,
    });
  });

  it('names the variable and the allowed range of a bad value', () => {
    expect(() => readDeliverySettings({ SMS_SEGMENTS: '11' })).toThrow(
      new ConfigError('SMS_SEGMENTS=11: expected a whole number from 1 to 10'),
    );
    expect(() => readDeliverySettings({ DAILY_DIGEST_HOUR: '7am' })).toThrow(
      'DAILY_DIGEST_HOUR=7am: expected a whole number from 0 to 23',
    );
  });
});
