import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DELIVERY_SETTINGS } from '../../../shared/alerts/delivery-settings';
import { wholeNumberOrOff } from '../../../shared/config/setting';

describe('the delivery settings table', () => {
  it('is the table docs/alerts.md shows: doc line, variable, context key and default of each setting', () => {
    const docs = readFileSync(join(__dirname, '../../../docs/alerts.md'), 'utf8');
    for (const s of Object.values(DELIVERY_SETTINGS))
      expect(docs).toContain(`| ${s.doc} | \`${s.env}\` | \`${s.key}\` | ${s.default ?? 'off'} |`);
  });

  it('parses context values and environment strings alike, and tells "off" from a bad value', () => {
    const hour = wholeNumberOrOff({ key: 'h', env: 'H', default: 7, min: 0, max: 23, doc: 'hour' });
    expect([
      hour.parse('off'),
      hour.parse(false),
      hour.parse(' 5 '),
      hour.parse(23),
      hour.parse('24'),
    ]).toEqual([{ value: undefined }, { value: undefined }, { value: 5 }, { value: 23 }, undefined]);
    expect(hour.format(undefined)).toBe('off');
    expect(DELIVERY_SETTINGS.smsSegments.parse(2.5)).toBeUndefined();
  });
});
