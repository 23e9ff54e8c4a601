import { toAscii } from '../../../shared/alerts/transliterate';

describe('toAscii (e-mail subjects)', () => {
  it('transliterates Ukrainian by the national system (г = h, и = y; є, ї, й, ю, я differ at the start of a word)', () => {
    expect(toAscii('Зеленський')).toBe('Zelenskyi');
    expect(toAscii('Київ: Умєров і Єрмак')).toBe('Kyiv: Umierov i Yermak');
    expect(toAscii('Гончаренко, Ґудзь, Щербина, Юрій, Яна')).toBe(
      'Honcharenko, Gudz, Shcherbyna, Yurii, Yana',
    );
  });

  it('transliterates Russian by common practice (г = g, и = i)', () => {
    expect(toAscii('Путин и Уиткофф: переговоры')).toBe('Putin i Uitkoff: peregovory');
    expect(toAscii('Песков: Дмитриев выехал в Майами')).toBe('Peskov: Dmitriev vyekhal v Maiami');
    expect(toAscii('Песков: встреча Путина и Уиткоффа')).toBe('Peskov: vstrecha Putina i Uitkoffa');
  });

  it('keeps capitals, drops accents and simplifies typographic punctuation', () => {
    expect(toAscii('ЖУРНАЛ Щорс')).toBe('ZhURNAL Shchors');
    expect(toAscii('Élysée — «paix» … ‘ok’')).toBe('Elysee - "paix" ... \'ok\'');
  });

  it('replaces anything without an ASCII form by "?", so the subject stays ASCII', () => {
    expect(toAscii('和平 🕊')).toBe('?? ?');
  });
});

describe('toAscii with the language the feed or story gives', () => {
  // A Russian headline with none of the letters only Russian has and no standalone "и".
  const russian = 'Путин встретится с Уиткоффом в Москве';

  it('uses Russian rules for a story in Russian, whatever its letters suggest', () => {
    expect(toAscii(russian)).toBe('Putyn vstretytsia s Uytkoffom v Moskve');
    expect(toAscii(russian, { lang: 'ru' })).toBe('Putin vstretitsia s Uitkoffom v Moskve');
    expect(toAscii(russian, { lang: 'ru-RU' })).toBe('Putin vstretitsia s Uitkoffom v Moskve');
  });

  it('uses Ukrainian rules for a story in Ukrainian, even with a standalone "и"', () => {
    // No і, ї, є or ґ, and a standalone "и" that the letters alone read as Russian.
    expect(toAscii('Умеров и Гончаренко: коментар')).toBe('Umerov i Goncharenko: komentar');
    expect(toAscii('Умеров и Гончаренко: коментар', { lang: 'uk' })).toBe('Umerov y Honcharenko: komentar');
    expect(toAscii('Умеров и Гончаренко', { lang: 'uk-UA' })).toBe('Umerov y Honcharenko');
  });

  it('guesses from the letters when the language is unknown or not Russian or Ukrainian', () => {
    expect(toAscii('Путин и Уиткофф', { lang: 'en' })).toBe('Putin i Uitkoff');
    expect(toAscii('Путин и Уиткофф', { lang: undefined })).toBe('Putin i Uitkoff');
    expect(toAscii('Зеленський', { lang: 'und' })).toBe('Zelenskyi');
  });
});
