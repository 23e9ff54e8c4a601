/**
 * Feeds written to cost: crafted markup, too many items, a CPU budget, and text that would
 * mislead a reader (bidi overrides, invisible characters, C1 controls). Timings live in
 * `npm run bench -- hostile`; these tests assert what a user sees.
 */
import { FeedParseError } from '../../../shared/errors';
import { htmlToText } from '../../../shared/feeds/html-to-text';
import { DEFAULT_MAX_ITEMS, parseFeed, type ParseContext } from '../../../shared/feeds/parse-feed';

const context: ParseContext = {
  feedId: 'h',
  url: 'https://hostile.example.org/feed.xml',
  fetchedAt: '2025-12-02T10:00:00.000Z',
};
const item = (i: number, extra = '') =>
  `<item><guid>g${i}</guid><title>Item ${i}</title><pubDate>${new Date(Date.UTC(2025, 0, 1) + i * 60_000).toUTCString()}</pubDate>${extra}</item>`;
const rss = (items: string) => `<rss version="2.0"><channel><title>Hostile</title>${items}</channel></rss>`;

// Markup that made the regular-expression HTML stripper take time in the square of its length.
const CRAFTED: [string, string][] = [
  ['unclosed tags', '<a'.repeat(150_000)],
  ['runs of "<"', '<'.repeat(300_000)],
  ['deep nesting', '<div><span>'.repeat(30_000)],
  ['unclosed scripts', '<script>x'.repeat(30_000)],
  ['unclosed comments', '<!--'.repeat(75_000)],
  ['a long attribute value', `<a href="${'x'.repeat(300_000)}`],
];

describe('text processing is linear', () => {
  it.each(CRAFTED)('reads 300 KB of %s and keeps the text after it', (_name, markup) => {
    const text = htmlToText(`<p>Zelensky in Paris</p>${markup}`);
    expect(text.startsWith('Zelensky in Paris')).toBe(true);
  });

  it('reads a feed whose summaries and titles are crafted markup, item by item', async () => {
    const items = CRAFTED.map(
      ([name, markup], i) =>
        `<item><guid>c${i}</guid><title>Crafted: ${name.replace(/</g, '&lt;')}</title><description><![CDATA[Lead text. ${markup}]]></description></item>`,
    ).join('');
    const feed = await parseFeed(rss(items), context);
    expect(feed.stories.map((s) => s.title)).toEqual(CRAFTED.map(([name]) => `Crafted: ${name}`));
    for (const story of feed.stories) expect(story.summary.startsWith('Lead text.')).toBe(true);
  });

  it('reads on past a raw "<" in a title (not XML, but written) without losing the feed', async () => {
    const feed = await parseFeed(
      rss(
        `<item><guid>a</guid><title>3 < 5 "<" x</title></item>${item(1)}<item><guid>c</guid><title>Last</title></item>`,
      ),
      context,
    );
    expect(feed.stories.map((s) => s.title).slice(-2)).toEqual(['Item 1', 'Last']);
  });

  it('reads 100,000 nested XML elements inside a description', async () => {
    const nested = `${'<x>'.repeat(100_000)}deep${'</x>'.repeat(100_000)}`;
    const feed = await parseFeed(
      rss(`<item><guid>n</guid><title>Nested</title><description>${nested}</description></item>`),
      context,
    );
    expect(feed.stories.map((s) => s.title)).toEqual(['Nested']);
  });
});

describe('items per feed are capped, newest first', () => {
  it(`reads the newest ${DEFAULT_MAX_ITEMS} items and says how many were cut`, async () => {
    // Oldest first in the document, as some feeds are: the newest are at the end.
    const feed = await parseFeed(rss(Array.from({ length: 1000 }, (_, i) => item(i)).join('')), context);
    expect(feed.stories).toHaveLength(DEFAULT_MAX_ITEMS);
    expect(feed).toMatchObject({ itemsInFeed: 1000, cut: 1000 - DEFAULT_MAX_ITEMS });
    expect(feed.stories[0]!.title).toBe(`Item ${1000 - DEFAULT_MAX_ITEMS}`);
    expect(feed.stories.at(-1)!.title).toBe('Item 999');
  });

  it('takes the cap as a setting, in Atom and JSON Feed too', async () => {
    const limits = { maxItems: 5 };
    const newestFirst = Array.from({ length: 40 }, (_, i) => item(40 - i)).join('');
    const rssFeed = await parseFeed(rss(newestFirst), { ...context, limits });
    expect(rssFeed.stories.map((s) => s.title)).toEqual([
      'Item 40',
      'Item 39',
      'Item 38',
      'Item 37',
      'Item 36',
    ]);
    expect(rssFeed.cut).toBe(35);

    const entries = Array.from(
      { length: 20 },
      (_, i) =>
        `<entry><id>e${i}</id><title>Entry ${i}</title><updated>2025-11-${String(i + 1).padStart(2, '0')}T00:00:00Z</updated></entry>`,
    ).join('');
    const atom = await parseFeed(`<feed xmlns="http://www.w3.org/2005/Atom">${entries}</feed>`, {
      ...context,
      limits,
    });
    expect(atom.stories.map((s) => s.title)).toEqual([
      'Entry 15',
      'Entry 16',
      'Entry 17',
      'Entry 18',
      'Entry 19',
    ]);

    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'J',
      items: Array.from({ length: 20 }, (_, i) => ({
        id: `j${i}`,
        title: `Json ${i}`,
        date_published: `2025-11-${String(20 - i).padStart(2, '0')}T00:00:00Z`,
      })),
    });
    const jsonFeed = await parseFeed(json, { ...context, limits });
    expect(jsonFeed.stories.map((s) => s.title)).toEqual(['Json 0', 'Json 1', 'Json 2', 'Json 3', 'Json 4']);
    expect(jsonFeed.cut).toBe(15);
  });

  it('keeps document order among items without dates', async () => {
    const undated = Array.from(
      { length: 10 },
      (_, i) => `<item><guid>u${i}</guid><title>U${i}</title></item>`,
    ).join('');
    const feed = await parseFeed(rss(undated), { ...context, limits: { maxItems: 3 } });
    expect(feed.stories.map((s) => s.title)).toEqual(['U0', 'U1', 'U2']);
  });
});

describe('one feed has a CPU budget', () => {
  it('fails a feed that costs more than its budget with one line naming the feed', async () => {
    const big = rss(
      Array.from({ length: 20_000 }, (_, i) =>
        item(i, `<description>${'word '.repeat(40)}</description>`),
      ).join(''),
    );
    const err = await parseFeed(big, { ...context, limits: { cpuBudgetMs: 1 } }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(FeedParseError);
    expect(err!.message).toMatch(
      /^https:\/\/hostile\.example\.org\/feed\.xml: refused: reading the feed took more than its CPU budget of 1 ms/,
    );
    expect(err!.message).not.toContain('\n');
  });

  it('reads the same feed within the default budget', async () => {
    const big = rss(
      Array.from({ length: 20_000 }, (_, i) =>
        item(i, `<description>${'word '.repeat(40)}</description>`),
      ).join(''),
    );
    expect((await parseFeed(big, context)).itemsInFeed).toBe(20_000);
  });
});

describe('text that reaches a person is clean', () => {
  it('removes bidi overrides and isolates and invisible format characters; C1 controls become the Windows-1252 characters they stand for', async () => {
    const title =
      'Zelensky\u202e moc.live//:sptth \u202aKyiv\u202c \u2066isolate\u2069 \u200bzero\u00adwidth\u2060 \u200eLTR\u200f C1\u0085\u009b end\u0007';
    const feed = await parseFeed(
      rss(`<item><guid>b</guid><title>${title}</title><description>${title}</description></item>`),
      context,
    );
    const expected = 'Zelensky moc.live//:sptth Kyiv isolate zerowidth LTR C1…› end';
    expect(feed.stories[0]!.title).toBe(expected);
    expect(feed.stories[0]!.summary).toBe(expected);
  });

  it('removes them when they arrive as character references, and from the feed title', async () => {
    const feed = await parseFeed(
      `<rss version="2.0"><channel><title>Desk&#x202E;</title><item><guid>r</guid><title>Peace &#8238;nalp&#x2066; &#x9B;talks</title></item></channel></rss>`,
      context,
    );
    expect(feed.title).toBe('Desk');
    expect(feed.stories[0]!.title).toBe('Peace nalp ›talks');
  });

  it('keeps emoji (with joiners and variation selectors) and the letters of every script', async () => {
    const texts = [
      'Family 👨\u200d👩\u200d👧 and flag 🇺🇦 and ❤\ufe0f',
      'عربي: محادثات السلام',
      'עברית: שיחות שלום',
      'می\u200cخواهم صلح',
      'हिन्दी क्\u200dष शांति वार्ता',
      'Ελληνικά, 日本語の和平交渉, 한국어 평화 협상',
    ];
    const feed = await parseFeed(
      rss(texts.map((t, i) => `<item><guid>s${i}</guid><title>${t}</title></item>`).join('')),
      context,
    );
    expect(feed.stories.map((s) => s.title)).toEqual(texts);
  });
});
