import { htmlToText, truncateText } from '../../../shared/feeds/html-to-text';

describe('htmlToText', () => {
  it('drops tags, scripts and styles, decodes entities and collapses whitespace', () => {
    expect(
      htmlToText('<style>p{}</style><p>Peace&nbsp;plan &#8212; <i>talks</i></p>\n\n<script>x()</script>'),
    ).toBe('Peace plan — talks');
  });

  // Decoding twice and stripping what that revealed removed real text ("&lt;script&gt;
  // tags, explained" lost its subject, an item could end up empty): escaped markup is text.
  it('shows markup escaped in HTML as text, and reads references escaped twice', () => {
    expect(htmlToText('&lt;p&gt;Moscow &amp;amp; Kyiv&lt;/p&gt;')).toBe('<p>Moscow & Kyiv</p>');
    expect(htmlToText('&lt;script&gt;track()&lt;/script&gt;Text')).toBe('<script>track()</script>Text');
  });

  it('knows every named entity, legacy ones without ";" too', () => {
    expect(htmlToText('r&eacute;sum&eacute; &hellip; &laquo;мир&raquo; &copy 2025 &#x41;&#66;')).toBe(
      'résumé … «мир» © 2025 AB',
    );
  });

  it('keeps text that only looks like markup', () => {
    expect(htmlToText('3 < 5 and 7 > 2 <3')).toBe('3 < 5 and 7 > 2 <3');
  });

  it('separates words at block tags and removes invisible characters', () => {
    expect(htmlToText('<p>One</p><p>Two</p><br/>Three\u200b\u0007')).toBe('One Two Three');
  });

  it('returns "" for anything but a string', () => {
    expect(htmlToText(undefined)).toBe('');
    expect(htmlToText({ $: { type: 'html' } })).toBe('');
  });
});

describe('truncateText', () => {
  it('cuts at a word boundary and marks the cut', () => {
    expect(truncateText('Putin and Witkoff discuss the peace plan', 20)).toBe('Putin and Witkoff…');
    expect(truncateText('short', 20)).toBe('short');
  });
});
