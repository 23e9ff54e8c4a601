import { attributeValues } from '../../../shared/alerts/alert';
import { formatAlert, formatSubject } from '../../../shared/alerts/format-alert';
import { isGsm7, smsLength } from '../../../shared/alerts/sms-text';
import { seedMatch } from '../../support/story-fixture';

describe('formatAlert', () => {
  it('renders subject, e-mail, SMS, default text and the SNS attributes subscribers filter on', () => {
    const alert = formatAlert(seedMatch());
    expect(alert).toMatchObject({
      id: '4285994c849aacf1dbbbd882770497b3:ukraine-peace-talks',
      kind: 'alert',
      watchlist: 'ukraine-peace-talks',
      storyId: '4285994c849aacf1dbbbd882770497b3',
    });
    expect(alert.subject).toBe(
      '[Ukraine peace talks] Putin to meet US envoy Witkoff in Moscow on peace plan',
    );
    expect(alert.sms).toBe(
      'Putin to meet US envoy Witkoff in Moscow on peace plan https://news.example.org/world/putin-witkoff-moscow',
    );
    expect(alert.default).toBe(
      'Putin to meet US envoy Witkoff in Moscow on peace plan [Ukraine peace talks] https://news.example.org/world/putin-witkoff-moscow',
    );
    expect(alert.attributes).toEqual({
      watchlist: { DataType: 'String', StringValue: 'ukraine-peace-talks' },
      actors: { DataType: 'String.Array', StringValue: '["putin","witkoff"]' },
      priority: { DataType: 'String', StringValue: 'normal' },
      lang: { DataType: 'String', StringValue: 'en' },
      delivery: { DataType: 'String.Array', StringValue: '["email","sms"]' },
    });
  });

  it('lays the e-mail out as plain text: headline, source and UTC time, actors and terms, marked snippet, link, also-reported line, footer', () => {
    const lines = formatAlert(seedMatch()).email.split('\n');
    expect(lines.slice(0, 9)).toEqual([
      'Putin to meet US envoy Witkoff in Moscow on peace plan',
      '',
      'Source:    world (news.example.org)',
      'Published: 2025-12-01 18:05 UTC',
      'Watchlist: Ukraine peace talks',
      'Actors:    putin, witkoff',
      'Terms:     peace plan',
      '',
      'Russian President Vladimir Putin will meet US special envoy Steve Witkoff in Moscow to discuss a *peace plan* to end the war in Ukraine.',
    ]);
    expect(lines.slice(9, 12)).toEqual([
      '',
      'https://news.example.org/world/putin-witkoff-moscow',
      'Also reported by: -',
    ]);
    expect(lines.at(-1)).toMatch(/unsubscribe link below stops all alerts\.$/);
    expect(lines.join('\n')).toContain('newsalert subscribe');
  });

  it('uses what a richer matcher adds when present: priority, snippet, other sources, term objects, feed language', () => {
    const match = {
      ...seedMatch({}, { title: 'Зеленський і Віткофф обговорили мирний план', lang: 'uk' } as never),
      priority: 'high',
      snippet: '*Зеленський* і *Віткофф* обговорили *мирний план*',
      alsoReportedBy: ['kyiv-independent', 'ukrinform'],
      terms: [{ text: 'мирний план', start: 30, end: 41 }],
    };
    const alert = formatAlert(match);
    expect(alert.subject).toBe('[Ukraine peace talks] HIGH: Zelenskyi i Vitkoff obhovoryly myrnyi plan');
    expect(alert.email).toContain('Watchlist: Ukraine peace talks (priority: high)');
    expect(alert.email).toContain('Terms:     мирний план');
    expect(alert.email).toContain('\n*Зеленський* і *Віткофф* обговорили *мирний план*\n');
    expect(alert.email).toContain('Also reported by: kyiv-independent, ukrinform');
    expect(attributeValues(alert, 'priority')).toEqual(['high']);
    expect(attributeValues(alert, 'lang')).toEqual(['uk']);
  });

  it('guesses the language from the script when the feed gives none', () => {
    expect(
      attributeValues(
        formatAlert(seedMatch({}, { title: 'Зустріч Путіна і Віткоффа', summary: '' })),
        'lang',
      ),
    ).toEqual(['uk']);
    expect(
      attributeValues(
        formatAlert(seedMatch({}, { title: 'Путин и Уиткофф: переговоры', summary: 'Встреча в Кремле.' })),
        'lang',
      ),
    ).toEqual(['ru']);
    expect(
      attributeValues(
        formatAlert(seedMatch({}, { title: 'Macron reçoit Zelensky à l’Élysée', summary: '' })),
        'lang',
      ),
    ).toEqual(['und']);
  });

  it('sends an alert over the SMS cap for e-mail only', () => {
    expect(attributeValues(formatAlert(seedMatch(), { delivery: ['email'] }), 'delivery')).toEqual(['email']);
  });

  it('fits the SMS in one UCS-2 segment (70) when the title is Cyrillic, cut on a word and keeping the link', () => {
    const { sms } = formatAlert(
      seedMatch(
        {},
        {
          title: 'Пєсков: зустріч Путіна і Віткоффа запланована на другу половину дня',
          link: 'https://kyiv.example.org/n/1',
        },
      ),
    );
    expect(isGsm7(sms)).toBe(false);
    expect(sms).toBe('Пєсков: зустріч Путіна і Віткоффа... https://kyiv.example.org/n/1');
    expect(sms.length).toBeLessThanOrEqual(70);
  });

  it('gives a longer SMS to a larger segment budget', () => {
    const title =
      'Witkoff and Kushner land in Moscow for a five-hour Kremlin meeting with Putin on the revised twenty-point peace plan, Peskov says talks were useful';
    const one = formatAlert(seedMatch({}, { title }), { smsSegments: 1 }).sms;
    const two = formatAlert(seedMatch({}, { title }), { smsSegments: 2 }).sms;
    expect(smsLength(one)).toBeLessThanOrEqual(160);
    expect(one).toMatch(/\.\.\. https:\/\/news\.example\.org\/world\/putin-witkoff-moscow$/);
    expect(two).toBe(`${title} https://news.example.org/world/putin-witkoff-moscow`);
    expect(smsLength(two)).toBeGreaterThan(160);
  });
});

describe('formatSubject', () => {
  it('keeps the subject ASCII, on one line and under 100 characters, transliterating Cyrillic', () => {
    const subject = formatSubject(
      '[Ukraine peace talks] Пєсков: зустріч Путіна і Віткоффа\nзапланована на другу половину дня, повідомили в Кремлі після довгих переговорів у Москві',
    );
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
    expect(subject.length).toBeLessThan(100);
    expect(subject).toBe(
      '[Ukraine peace talks] Pieskov: zustrich Putina i Vitkoffa zaplanovana na druhu polovynu dnia...',
    );
  });

  it('transliterates Russian with Russian conventions and drops what has no ASCII form', () => {
    expect(formatSubject('Песков: встреча Путина и Уиткоффа — «конструктивная» 🕊')).toBe(
      'Peskov: vstrecha Putina i Uitkoffa - "konstruktivnaia" ?',
    );
  });

  it('never exceeds 99 characters, even without a space to cut at', () => {
    const subject = formatSubject('x'.repeat(300));
    expect(subject).toHaveLength(99);
    expect(subject.endsWith('...')).toBe(true);
  });
});

describe('e-mail subjects follow the story language', () => {
  it("transliterates a Russian story's headline by Russian rules though its letters look Ukrainian", () => {
    const match = seedMatch({}, { title: 'Путин встретится с Уиткоффом в Москве', lang: 'ru' } as never);
    expect(formatAlert(match).subject).toBe('[Ukraine peace talks] Putin vstretitsia s Uitkoffom v Moskve');
  });

  it('falls back to the letters when the story has no language', () => {
    const match = seedMatch({}, { title: 'Путин встретится с Уиткоффом в Москве' } as never);
    expect(formatAlert(match).subject).toBe('[Ukraine peace talks] Putyn vstretytsia s Uytkoffom v Moskve');
  });
});
