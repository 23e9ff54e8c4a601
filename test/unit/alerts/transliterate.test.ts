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
