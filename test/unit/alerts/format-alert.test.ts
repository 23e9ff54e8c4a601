import { formatAlert } from '../../../shared/alerts/format-alert';
import { fitSms, isGsm7, smsLength } from '../../../shared/alerts/sms-text';
import { toAscii } from '../../../shared/alerts/transliterate';
import { seedMatch } from '../../support/story-fixture';

describe('formatAlert', () => {
  it('renders subject, e-mail, SMS, default text and SNS attributes', () => {
    const alert = formatAlert(seedMatch());
    expect(alert.watchlist).toBe('ukraine-peace-talks');
    expect(alert.subject).toBe('[Ukraine peace talks] Putin to meet US envoy Witkoff in Moscow on peace plan');
    expect(alert.email).toContain('Putin to meet US envoy Witkoff');
    expect(alert.email).toContain('published 2025-12-01 18:05:00 UTC');
    expect(alert.email).toContain('Actors: putin, witkoff');
    expect(alert.email).toContain('https://news.example.org/world/putin-witkoff-moscow');
    expect(alert.sms).toBe('Putin to meet US envoy Witkoff in Moscow on peace plan https://news.example.org/world/putin-witkoff-moscow');
    expect(alert.attributes).toEqual({
      watchlist: { DataType: 'String', StringValue: 'ukraine-peace-talks' },
      actors: { DataType: 'String.Array', StringValue: '["putin","witkoff"]' },
      priority: { DataType: 'String', StringValue: 'normal' },
    });
  });

  it('keeps the subject ASCII, on one line and under 100 characters, transliterating Cyrillic', () => {
    const title = 'Пєсков: зустріч Путіна і Віткоффа\nзапланована на другу половину дня, повідомили в Кремлі після довгих переговорів у Москві';
    const { subject } = formatAlert(seedMatch({}, { title }));
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
    expect(subject.length).toBeLessThan(100);
    expect(subject.startsWith('[Ukraine peace talks] Pieskov: zustrich Putina i Vitkoffa zaplanovana')).toBe(true);
    expect(subject.endsWith('...')).toBe(true);
  });

  it('fits the SMS in one UCS-2 segment (70) when the title is Cyrillic, cut on a word and keeping the link', () => {
    const { sms } = formatAlert(seedMatch({}, { title: 'Пєсков: зустріч Путіна і Віткоффа запланована на другу половину дня', link: 'https://kyiv.example.org/n/1' }));
    expect(isGsm7(sms)).toBe(false);
    expect(sms.length).toBeLessThanOrEqual(70);
    expect(sms.endsWith(' https://kyiv.example.org/n/1')).toBe(true);
    expect(sms).toMatch(/^Пєсков: зустріч Путіна і Віткоффа\.\.\. /);
  });
});

describe('SMS helpers', () => {
  it('counts GSM-7 extension characters twice', () => {
    expect(smsLength('a€')).toBe(3);
    expect(isGsm7('Zelensky: 100€ [talks]')).toBe(true);
  });

  it('fits a long Latin text into 160 characters', () => {
    const lead = 'word '.repeat(60).trim();
    const sms = fitSms(lead, 'https://e.org/x');
    expect(smsLength(sms)).toBeLessThanOrEqual(160);
    expect(sms).toMatch(/word\.\.\. https:\/\/e\.org\/x$/);
  });
});

describe('toAscii', () => {
  it('transliterates Ukrainian and Russian, and drops accents', () => {
    expect(toAscii('Зеленський')).toBe('Zelenskyi');
    expect(toAscii('Путин и Уиткофф: переговоры')).toBe('Putin i Uitkoff: peregovory');
    expect(toAscii('Élysée — «paix»')).toBe('Elysee - "paix"');
  });
});
