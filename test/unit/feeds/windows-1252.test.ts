import iconv from 'iconv-lite';
import { decodeWindows1252 } from '../../../shared/feeds/windows-1252';

describe('decodeWindows1252', () => {
  it('reads every byte as iconv-lite does, and the five undefined ones as their C1 code point', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const ours = decodeWindows1252(all);
    const theirs = iconv.decode(all, 'windows-1252');
    expect(ours).toHaveLength(256);
    for (let i = 0; i < 256; i++) {
      const expected = [0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(i) ? String.fromCharCode(i) : theirs[i];
      expect([i, ours[i]]).toEqual([i, expected]);
    }
  });

  it('keeps the quotes, dashes and euro sign of a real headline', () => {
    expect(
      decodeWindows1252(iconv.encode('“Peace plan” – Witkoff’s 28 points, €300bn…', 'windows-1252')),
    ).toBe('“Peace plan” – Witkoff’s 28 points, €300bn…');
  });
});
