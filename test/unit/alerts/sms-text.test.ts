import { fitSms, isGsm7, smsLength, smsSegments } from '../../../shared/alerts/sms-text';

const LINK = 'https://news.example.org/a/1';

describe('SMS length and segments', () => {
  it('counts GSM-7 extension characters twice', () => {
    expect(smsLength('a€')).toBe(3);
    expect(isGsm7('Zelensky: 100€ [talks]')).toBe(true);
  });

  it('one Cyrillic letter makes the whole text UCS-2: 70 per segment, 67 per part after that', () => {
    expect(smsSegments('a'.repeat(160))).toBe(1);
    expect(smsSegments('a'.repeat(161))).toBe(2);
    expect(smsSegments('я'.repeat(70))).toBe(1);
    expect(smsSegments(`${'a'.repeat(70)}я`)).toBe(2);
    expect(smsSegments('я'.repeat(135))).toBe(3);
  });
});

describe('fitSms', () => {
  it('Latin: keeps a headline that fits whole, link included', () => {
    expect(fitSms('Putin to meet Witkoff', LINK)).toBe(`Putin to meet Witkoff ${LINK}`);
  });

  it('Latin: cuts a long headline on a word boundary into 160 GSM-7 characters, keeping the link', () => {
    const sms = fitSms(
      'Witkoff and Kushner arrive in Moscow for talks with Putin on the revised twenty-point peace plan after meetings with Ukrainian negotiators in Florida and Geneva',
      LINK,
    );
    expect(isGsm7(sms)).toBe(true);
    expect(smsLength(sms)).toBeLessThanOrEqual(160);
    expect(sms).toBe(
      `Witkoff and Kushner arrive in Moscow for talks with Putin on the revised twenty-point peace plan after meetings with Ukrainian... ${LINK}`,
    );
  });

  it('Latin: a curly apostrophe or dash does not push the SMS into UCS-2 (70 characters, 3x the cost)', () => {
    const sms = fitSms(
      'Kremlin’s aide Ushakov — talks “constructive”, no compromise on territory yet; next round expected in Moscow after the envoy’s return',
      LINK,
    );
    expect(isGsm7(sms)).toBe(true);
    expect(smsSegments(sms)).toBe(1);
    expect(sms.startsWith(`Kremlin's aide Ushakov - talks "constructive"`)).toBe(true);
  });

  it('Cyrillic: fits 70 UCS-2 characters, cut on a word without dangling punctuation', () => {
    const sms = fitSms(
      'Пєсков: зустріч Путіна і Віткоффа запланована на другу половину дня',
      'https://kyiv.example.org/n/1',
    );
    expect(sms).toBe('Пєсков: зустріч Путіна і Віткоффа... https://kyiv.example.org/n/1');
    expect(smsSegments(sms)).toBe(1);
  });

  it('Cyrillic: a budget of 2 segments allows 134 characters, still cut on a word', () => {
    const lead =
      'Ушаков: розмова Путіна з Віткоффом і Кушнером тривала п’ять годин, компромісу щодо територій поки немає, але сторони домовилися продовжити контакти';
    const sms = fitSms(lead, 'https://kyiv.example.org/n/2', { segments: 2 });
    expect(sms.length).toBeLessThanOrEqual(134);
    expect(sms.length).toBeGreaterThan(70);
    expect(smsSegments(sms)).toBe(2);
    expect(sms).toMatch(/[^\s]\.\.\. https:\/\/kyiv\.example\.org\/n\/2$/);
    expect(lead.startsWith(sms.replace(/\.\.\. https.*$/, '').replace(/'/g, '’'))).toBe(true);
  });

  it('keeps the link alone when nothing else fits', () => {
    const link = `https://example.org/${'x'.repeat(150)}`;
    expect(fitSms('Putin meets Witkoff', link)).toBe(link);
  });
});
