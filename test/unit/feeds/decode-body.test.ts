import { decodeBody } from '../../../shared/feeds/decode-body';
import { htmlToText } from '../../../shared/feeds/html-to-text';

// "Путін" in windows-1251 and KOI8-R.
const CP1251 = Buffer.from([0xcf, 0xf3, 0xf2, 0xb3, 0xed]);
const KOI8R_PUTIN = Buffer.from([0xf0, 0xd5, 0xd4, 0xc9, 0xce]); // "Путин"

describe('decodeBody', () => {
  it('uses the charset of the Content-Type header', () => {
    expect(decodeBody(CP1251, 'application/rss+xml; charset=windows-1251')).toBe('Путін');
  });

  it('uses the XML prolog when the header has no charset', () => {
    const body = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="KOI8-R"?><t>'), KOI8R_PUTIN, Buffer.from('</t>')]);
    expect(decodeBody(body, 'text/xml')).toContain('Путин');
  });

  it('reads a UTF-8 BOM and defaults to UTF-8', () => {
    expect(decodeBody(Buffer.from('\ufeffЗеленський', 'utf8'))).toBe('Зеленський');
    expect(decodeBody(Buffer.from('Зеленський', 'utf8'))).toBe('Зеленський');
  });

  it('does not crash on invalid bytes or an unknown charset', () => {
    expect(decodeBody(Buffer.from([0x61, 0xff, 0x62]))).toBe('a\ufffdb');
    expect(decodeBody(Buffer.from('ok'), 'text/xml; charset=x-no-such-charset')).toBe('ok');
  });
});

describe('htmlToText', () => {
  it('drops tags, scripts and styles, decodes entities and collapses whitespace', () => {
    expect(htmlToText('<style>p{}</style><p>Peace&nbsp;plan &#8212; <i>talks</i></p>\n\n<script>x()</script>')).toBe('Peace plan — talks');
  });

  it('decodes double-escaped HTML', () => {
    expect(htmlToText('&lt;p&gt;Moscow &amp;amp; Kyiv&lt;/p&gt;')).toBe('Moscow & Kyiv');
  });
});
