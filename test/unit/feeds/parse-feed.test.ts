import { FeedParseError } from '../../../shared/errors';
import { parseFeed } from '../../../shared/feeds/parse-feed';
import { rss } from '../../support/feed-server';

const context = { feedId: 'f1', url: 'https://news.example.org/feeds/world.xml', fetchedAt: '2025-12-02T10:00:00.000Z' };

describe('parseFeed', () => {
  it('turns RSS items into Stories with plain text, absolute links and ISO dates', async () => {
    const xml = rss([
      {
        guid: 'a-1',
        title: 'Putin &amp; Witkoff meet',
        link: '/world/putin-witkoff',
        description: '<![CDATA[<p>Talks on the <b>peace plan</b>.</p><script>alert(1)</script>]]>',
        pubDate: 'Tue, 02 Dec 2025 08:15:00 +0200',
      },
    ]);
    const feed = await parseFeed(xml, context);
    expect(feed.title).toBe('Test feed');
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

  it('reads Atom entries, including HTML summaries', async () => {
    const xml = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title>
      <entry><id>urn:1</id><title>Kallas on talks</title><link href="https://eu.example.org/1"/>
      <updated>2025-12-02T09:40:00Z</updated><summary type="html">&lt;p&gt;Moscow &amp;amp; Kyiv&lt;/p&gt;</summary></entry></feed>`;
    const [story] = (await parseFeed(xml, context)).stories;
    expect(story).toMatchObject({ title: 'Kallas on talks', summary: 'Moscow & Kyiv', link: 'https://eu.example.org/1', publishedAt: '2025-12-02T09:40:00.000Z' });
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
    expect(second.stories.map((s) => s.id)).toEqual(first.stories.map((s) => s.id));
  });

  it('falls back to the link, then the text, for identity; and to the fetch time for dates', async () => {
    const xml = rss([{ title: 'No guid', link: 'https://example.org/a' }, { title: 'Nothing but a title' }]);
    const stories = (await parseFeed(xml, context)).stories;
    expect(stories).toHaveLength(2);
    expect(stories[0]!.id).not.toBe(stories[1]!.id);
    expect(stories[1]!.publishedAt).toBe(context.fetchedAt);
  });

  it('scopes ids to the feed: the same GUID in two feeds is two stories', async () => {
    const xml = rss([{ guid: '1', title: 'Same guid' }]);
    const a = await parseFeed(xml, context);
    const b = await parseFeed(xml, { ...context, feedId: 'f2' });
    expect(a.stories[0]!.id).not.toBe(b.stories[0]!.id);
  });

  it('refuses a body that is not a feed with a FeedParseError naming the URL', async () => {
    await expect(parseFeed('<html><body>Not a feed</body></html>', context)).rejects.toThrow(FeedParseError);
    await expect(parseFeed('<html><body>Not a feed</body></html>', context)).rejects.toThrow(/^https:\/\/news\.example\.org\/feeds\/world\.xml: /);
  });
});
