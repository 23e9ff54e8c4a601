import iconv from 'iconv-lite';
import { decodeBody } from '../../../shared/feeds/decode-body';
import { fixture } from '../../support/fixtures';

// "Путін" in windows-1251, "Путин" in KOI8-R.
const CP1251 = Buffer.from([0xcf, 0xf3, 0xf2, 0xb3, 0xed]);
const KOI8R_PUTIN = Buffer.from([0xf0, 0xd5, 0xd4, 0xc9, 0xce]);

describe('decodeBody', () => {
  it('uses the charset of the Content-Type header', () => {
    expect(decodeBody(CP1251, 'application/rss+xml; charset=windows-1251')).toEqual({
      text: 'Путін',
      encoding: 'windows-1251',
      source: 'header',
    });
    expect(
      decodeBody(fixture('rss2-windows-1251-no-prolog.xml'), 'text/xml; charset="Windows-1251"').text,
    ).toContain('Зустріч Путіна і Віткоффа в Москві');
  });

  it('uses the XML prolog when the header has no charset', () => {
    const body = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="KOI8-R"?><t>'),
      KOI8R_PUTIN,
      Buffer.from('</t>'),
    ]);
    expect(decodeBody(body, 'text/xml')).toMatchObject({ encoding: 'koi8-r', source: 'prolog' });
    expect(decodeBody(body, 'text/xml').text).toContain('Путин');
    expect(decodeBody(fixture('rss2-windows-1251.xml')).text).toContain('Їжак, ґанок, єнот');
    expect(decodeBody(fixture('rss2-koi8-r.xml')).text).toContain('Ёлка, щи, объявление');
  });

  // Encoded by iconv-lite (a test-only dependency), decoded by Node's TextDecoder: two
  // independent code tables must agree. A Node.js without full ICU fails here, not in Lambda.
  it('reads the legacy encodings news sites use, under their WHATWG names', () => {
    for (const [label, text, name] of [
      ['koi8-u', 'Їжак і ґанок', 'koi8-u'],
      ['iso-8859-5', 'Путин', 'iso-8859-5'],
      ['cp1251', 'Зеленський', 'windows-1251'],
      ['gbk', '和平谈判', 'gbk'],
      ['gb18030', '和平谈判', 'gb18030'],
      ['big5', '和平談判', 'big5'],
      ['shift_jis', '和平交渉', 'shift_jis'],
      ['euc-jp', '和平交渉', 'euc-jp'],
      ['euc-kr', '평화 협상', 'euc-kr'],
      ['windows-1250', 'Příměří', 'windows-1250'],
      ['iso-8859-2', 'Příměří', 'iso-8859-2'],
    ] as const) {
      expect(decodeBody(iconv.encode(text, label), `text/xml; charset=${label}`)).toEqual({
        text,
        encoding: name,
        source: 'header',
      });
    }
  });

  it('ignores a label that names no encoding it can read, and goes on to the next clue', () => {
    const body = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="windows-1251"?><t>'),
      CP1251,
      Buffer.from('</t>'),
    ]);
    // utf-32 and cp437 are real encodings, but no feed reader of the web reads them.
    for (const label of ['utf-32', 'cp437', 'x-no-such-charset']) {
      expect(decodeBody(body, `text/xml; charset=${label}`)).toMatchObject({
        encoding: 'windows-1251',
        source: 'prolog',
      });
    }
    expect(
      decodeBody(Buffer.from([0x93, 0x4f, 0x4b, 0x94]), 'text/xml; charset=x-user-defined'),
    ).toMatchObject({ text: '“OK”', encoding: 'windows-1252' });
  });

  it('lets a byte-order mark win over a wrong prolog, in UTF-8 and UTF-16', () => {
    expect(decodeBody(fixture('rss2-utf8-bom.xml'), 'text/xml; charset=iso-8859-1')).toMatchObject({
      encoding: 'utf-8',
      source: 'bom',
    });
    const utf16 = decodeBody(fixture('rss2-utf16le-bom.xml'));
    expect(utf16).toMatchObject({ encoding: 'utf-16le', source: 'bom' });
    expect(utf16.text).toContain('Kallas: „Frieden“ braucht Garantien');
    expect(utf16.text.startsWith('<?xml')).toBe(true);
  });

  it('reads valid UTF-8 as UTF-8 even when the prolog or header claims a legacy encoding', () => {
    const decoded = decodeBody(
      fixture('rss2-mislabelled-utf8.xml'),
      'application/rss+xml; charset=ISO-8859-1',
    );
    expect(decoded).toMatchObject({ encoding: 'utf-8', source: 'utf-8 content' });
    expect(decoded.text).toContain('Café Europa — mislabelled');
  });

  it('reads unlabelled non-UTF-8 bytes as windows-1252, and Latin-1 labels as their windows-1252 superset', () => {
    expect(decodeBody(fixture('rss2-latin1-unlabelled.xml')).text).toContain('“Négociations” à Genève');
    expect(decodeBody(Buffer.from([0x93, 0x4f, 0x4b, 0x94, 0x80]), 'text/xml; charset=iso-8859-1').text).toBe(
      '“OK”€',
    );
  });

  it('never crashes on invalid bytes or an unknown charset', () => {
    expect(decodeBody(Buffer.from([0x61, 0xff, 0x62]), 'text/xml; charset=utf-8').text).toBe('a\ufffdb');
    expect(decodeBody(fixture('rss2-invalid-bytes.xml')).text).toMatch(
      /Київ: переговори[\s\S]*Before \ufffd/,
    );
    expect(decodeBody(Buffer.from('ok'), 'text/xml; charset=x-no-such-charset').text).toBe('ok');
    expect(decodeBody(new Uint8Array()).text).toBe('');
  });
});
