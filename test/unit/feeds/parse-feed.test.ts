import { FeedParseError } from '../../../shared/errors';
import { decodeBody } from '../../../shared/feeds/decode-body';
import { parseFeed, MAX_SUMMARY_CHARS, type ParseContext } from '../../../shared/feeds/parse-feed';
import { rss } from '../../support/feed-server';
import { fixture } from '../../support/fixtures';

const context: ParseContext = {
  feedId: 'f1',
  url: 'https://news.example.org/feeds/world.xml',
  fetchedAt: '2025-12-02T10:00:00.000Z',
};
const parseFixture = (name: string, ctx: Partial<ParseContext> = {}) =>
  parseFeed(decodeBody(fixture(name)).text, { ...context, ...ctx });

describe('parseFeed: RSS 2.0', () => {
  it('turns items into Stories with plain text, canonical absolute links and ISO dates', async () => {
    const xml = rss([
      {
        guid: 'a-1',
        title: 'Putin &amp; Witkoff meet',
        link: '/world/putin-witkoff?utm_source=rss',
        description: '<![CDATA[<p>Talks on the <b>peace plan</b>.</p><script>alert(1)</script>]]>',
        pubDate: 'Tue, 02 Dec 2025 08:15:00 +0200',
      },
    ]);
    const feed = await parseFeed(xml, context);
    expect(feed).toMatchObject({
      format: 'rss',
      title: 'Test feed',
      link: 'https://example.org/',
      skipped: 0,
    });
    expect(feed.stories).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        feedId: 'f1',
        title: 'Putin & Witkoff meet',
        summary: 'Talks on the peace plan.',
        link: 'https://news.example.org/world/putin-witkoff',
        publishedAt: '2025-12-02T06:15:00.000Z',
        fetchedAt: context.fetchedAt,
      },
    ]);
  });

  it('gives the same story the same id on every poll, and counts a repeated item once', async () => {
    const xml = rss([
      { guid: 'same', title: 'One' },
      { guid: 'same', title: 'One again' },
      { guid: 'other', title: 'Two' },
    ]);
    const first = await parseFeed(xml, context);
    const second = await parseFeed(xml, { ...context, fetchedAt: '2025-12-03T00:00:00.000Z' });
    expect(first.stories.map((s) => s.title)).toEqual(['One', 'Two']);
    expect(first.skipped).toBe(1);
    expect(second.stories.map((s) => s.id)).toEqual(first.stories.map((s) => s.id));
  });

  it('falls back to the canonical link, then the text, for identity; and to the fetch time for dates', async () => {
    const feed = await parseFixture('tracking-links.xml');
    expect(feed.stories.map((s) => [s.title, s.link])).toEqual([
      // The second item is the same story with other tracking parameters: one identity.
      ['Putin meets Witkoff', 'https://news.example.org/world/putin-witkoff?id=42'],
      ['Scripted link', ''],
      ['Permalink GUID, no link', 'https://news.example.org/permalink-only'],
    ]);
    expect(feed.skipped).toBe(1);
    expect(feed.stories.every((s) => s.publishedAt === context.fetchedAt)).toBe(true);
    expect(feed.ttlMinutes).toBe(30);
    expect(feed.link).toBe('https://news.example.org/');
  });

  it('scopes ids to the feed: the same GUID in two feeds is two stories', async () => {
    const xml = rss([{ guid: '1', title: 'Same guid' }]);
    const a = await parseFeed(xml, context);
    const b = await parseFeed(xml, { ...context, feedId: 'f2' });
    expect(a.stories[0]!.id).not.toBe(b.stories[0]!.id);
  });

  it('reads legacy encodings into clean text and keeps the feed language', async () => {
    const uk = await parseFixture('rss2-windows-1251.xml');
    expect(uk.title).toBe('Київська стрічка');
    expect(uk.stories.map((s) => [s.title, s.lang])).toEqual([
      ['Зустріч Путіна і Віткоффа в Москві', 'uk'],
      ['Зеленський: гарантії безпеки на першому місці', 'uk'],
    ]);
    const ru = await parseFixture('rss2-koi8-r.xml');
    expect(ru.stories[0]).toMatchObject({
      title: 'Песков: переговоры с Уиткоффом продолжатся',
      link: 'https://moscow.example.org/news/1',
      publishedAt: '2025-12-02T06:00:00.000Z',
      lang: 'ru',
    });
  });

  it('uses the configured language when the feed gives none', async () => {
    const feed = await parseFeed(rss([{ guid: '1', title: 'Hello' }]), { ...context, lang: 'en' });
    expect(feed.stories[0]!.lang).toBe('en');
  });

  it('cuts whole articles to a bounded summary', async () => {
    const feed = await parseFeed(
      rss([{ guid: '1', title: 'Long', description: 'word '.repeat(5000) }]),
      context,
    );
    expect(feed.stories[0]!.summary.length).toBeLessThanOrEqual(MAX_SUMMARY_CHARS);
    expect(feed.stories[0]!.summary.endsWith('…')).toBe(true);
  });

  it('never puts a date in the future', async () => {
    const feed = await parseFeed(
      rss([{ guid: '1', title: 'Scheduled', pubDate: 'Fri, 01 Jan 2027 00:00:00 GMT' }]),
      context,
    );
    expect(feed.stories[0]!.publishedAt).toBe(context.fetchedAt);
  });
});

describe('parseFeed: other formats', () => {
  it('reads RSS 0.91 with its DOCTYPE and HTML entities', async () => {
    const feed = await parseFixture('rss091.xml');
    expect(feed).toMatchObject({ format: 'rss', title: 'Wire 0.91', lang: 'en-US' });
    expect(feed.stories.map((s) => s.title)).toEqual(['Geneva talks: the résumé of day one']);
  });

  it('reads RSS 1.0 (RDF) with dc:date, a date without a zone as UTC, and dc:language', async () => {
    const feed = await parseFixture('rss1-rdf.xml');
    expect(feed.format).toBe('rdf');
    expect(feed.stories.map((s) => [s.title, s.publishedAt, s.lang])).toEqual([
      ['Merz spricht mit Selenskyj', '2025-12-02T06:30:00.000Z', 'de'],
      ['Wetter: Schnee im Osten', '2025-12-02T08:00:00.000Z', 'de'],
    ]);
  });

  it('reads Atom: HTML and XHTML titles, xml:base, relative links, the alternate link, xml:lang', async () => {
    const feed = await parseFixture('atom-html-titles.xml', {
      url: 'https://eu.example.org/feeds/desk.atom',
    });
    expect(feed).toMatchObject({
      format: 'atom',
      title: 'Europe & the talks',
      link: 'https://eu.example.org/desk/',
      lang: 'en-GB',
    });
    expect(
      feed.stories.map(({ title, summary, link, publishedAt, lang }) => ({
        title,
        summary,
        link,
        publishedAt,
        lang,
      })),
    ).toEqual([
      {
        title: 'Kallas on the peace plan & guarantees',
        summary: 'Kallas said "no deal without Kyiv".',
        link: 'https://eu.example.org/desk/2025/12/kallas?page=2',
        publishedAt: '2025-12-02T08:40:00.000Z',
        lang: 'en-GB',
      },
      {
        title: 'Macron receives Zelensky',
        summary: 'The two leaders met at the Elysée.',
        link: 'https://other.example.org/sub/macron-zelensky',
        publishedAt: '2025-12-02T08:00:00.000Z',
        lang: 'fr',
      },
      {
        title: 'Plain text title with a < sign: 3 < 5',
        summary: 'Entities: — — done',
        link: 'https://eu.example.org/top/e3',
        // "not a date": the fetch time.
        publishedAt: context.fetchedAt,
        lang: 'en-GB',
      },
    ]);
  });

  it('reads Atom 0.3 dates', async () => {
    const feed = await parseFixture('atom03.xml');
    expect(feed.stories[0]).toMatchObject({
      title: 'Witkoff lands in Moscow',
      link: 'https://atom03.example.org/witkoff',
      publishedAt: '2025-12-01T11:00:00.000Z',
    });
  });

  it('reads an Atom entry document as a feed of one', async () => {
    const xml =
      '<?xml version="1.0"?><entry xmlns="http://www.w3.org/2005/Atom"><id>urn:1</id><title>Alone</title><link href="https://x.example.org/1"/></entry>';
    expect((await parseFeed(xml, context)).stories.map((s) => s.title)).toEqual(['Alone']);
  });

  it('reads JSON Feed 1.1: validated, HTML to text, ids as text, invalid and repeated items skipped', async () => {
    const feed = await parseFixture('jsonfeed-1.1.json');
    expect(feed).toMatchObject({
      format: 'json',
      title: 'JSON Desk',
      link: 'https://json.example.org/',
      lang: 'en',
      skipped: 2,
    });
    expect(
      feed.stories.map(({ title, summary, link, publishedAt, lang }) => ({
        title,
        summary,
        link,
        publishedAt,
        lang,
      })),
    ).toEqual([
      {
        title: 'Leavitt: the president is "optimistic"',
        summary: 'White House press secretary Karoline Leavitt spoke on Monday.',
        link: 'https://json.example.org/j1?id=7',
        publishedAt: '2025-12-02T01:00:00.000Z',
        lang: 'en',
      },
      {
        title: '',
        summary: 'A story with no title, only text.',
        link: 'https://news.example.org/j2',
        publishedAt: '2025-12-01T21:00:00.000Z',
        lang: 'uk',
      },
    ]);
  });

  it('reads JSON Feed 1.0', async () => {
    const feed = await parseFixture('jsonfeed-1.0.json');
    expect(feed.stories.map((s) => [s.title, s.summary])).toEqual([['One', 'First.']]);
  });

  it('refuses JSON that is not a JSON Feed, naming what is wrong', async () => {
    await expect(parseFeed('{"version": "2", "items": []}', context)).rejects.toThrow(
      `${context.url}: not a JSON Feed: version: is not a JSON Feed version URL`,
    );
    await expect(parseFeed('{"items": ', context)).rejects.toThrow(/: not valid JSON/);
    await expect(parseFeed('{"items": []}', context)).rejects.toThrow(
      `${context.url}: not a JSON Feed: version: expected a string`,
    );
    await expect(parseFeed('{"version": "https://jsonfeed.org/version/1.1"}', context)).rejects.toThrow(
      `${context.url}: not a JSON Feed: items: expected an array`,
    );
    await expect(
      parseFeed('{"version": "https://jsonfeed.org/version/1", "title": ["x"], "items": []}', context),
    ).rejects.toThrow('not a JSON Feed: title: expected a string');
    await expect(parseFeed('[1, 2]', context)).rejects.toThrow(
      'not a JSON Feed: document: expected an object',
    );
  });

  it('reads null JSON Feed fields as absent, and skips items that are not objects', async () => {
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: null,
      home_page_url: 'https://json.example.org/',
      items: [
        {
          id: 'n1',
          title: 'Peskov on the plan',
          url: 'https://json.example.org/n1',
          summary: null,
          date_published: null,
        },
        'not an item',
        null,
        { id: 'n2', title: { text: 'no' } },
      ],
    });
    const feed = await parseFeed(json, context);
    expect(feed).toMatchObject({ format: 'json', title: '', skipped: 3 });
    expect(feed.stories.map(({ title, summary, link }) => ({ title, summary, link }))).toEqual([
      { title: 'Peskov on the plan', summary: '', link: 'https://json.example.org/n1' },
    ]);
  });
});

describe('parseFeed: refusals', () => {
  it('refuses a body that is not a feed with a FeedParseError naming the URL', async () => {
    await expect(parseFeed('<html><body>Not a feed</body></html>', context)).rejects.toThrow(FeedParseError);
    await expect(parseFeed(fixture('not-a-feed.html').toString(), context)).rejects.toThrow(
      `${context.url}: not a readable RSS or Atom feed (got an HTML page)`,
    );
    await expect(parseFeed('<catalog><book/></catalog>', context)).rejects.toThrow(
      'the root element <catalog> is not <rss>, <rdf:RDF> or <feed>',
    );
  });

  it('refuses external entities (XXE) and entity bombs with a clear reason', async () => {
    for (const name of ['xxe.xml', 'entity-bomb.xml']) {
      await expect(parseFixture(name)).rejects.toThrow(
        `${context.url}: refused: the feed declares XML entities (<!ENTITY> in its DOCTYPE); entity expansion is disabled for safety`,
      );
    }
  });

  it('keeps the other items when one Atom date is broken', async () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id><title>Bad date</title><published>yesterday</published></entry><entry><id>2</id><title>Good</title><updated>2025-12-01T00:00:00Z</updated></entry></feed>`;
    const feed = await parseFeed(xml, context);
    expect(feed.stories.map((s) => [s.title, s.publishedAt])).toEqual([
      ['Bad date', context.fetchedAt],
      ['Good', '2025-12-01T00:00:00.000Z'],
    ]);
  });
});
