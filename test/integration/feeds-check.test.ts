import { join } from 'node:path';
import iconv from 'iconv-lite';
import { checkFeed, checkJson } from '../../cli/commands/feeds';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server';
import { FIXTURE_FEEDS, fixture } from '../support/fixtures';
import { runCli } from '../support/run-cli';

let server: FeedServer;
beforeAll(async () => (server = await startFeedServer()));
afterAll(() => server.close());

describe('newsalert feeds check', () => {
  it('prints one JSON document with --json: {feed: {title, link}, stories: [{id, title, link, publishedAt, summary}]}', async () => {
    server.route('/kyiv.xml', {
      body: fixture('rss2-windows-1251.xml'),
      headers: { 'content-type': 'application/rss+xml' },
    });
    const { code, stdout, stderr } = await runCli(['feeds', 'check', server.url('/kyiv.xml'), '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    // The contract's two fields first; `encoding` was added after them (extend only).
    expect(Object.keys(doc)).toEqual(['feed', 'stories', 'encoding']);
    expect(doc.feed).toEqual({ title: 'Київська стрічка', link: 'https://kyiv.example.org/' });
    expect(doc.stories).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        title: 'Зустріч Путіна і Віткоффа в Москві',
        link: 'https://kyiv.example.org/news/1',
        publishedAt: '2025-12-01T16:05:00.000Z',
        summary: 'Сторони обговорять мирний план. «Переговори тривають» — заявив Пєсков.',
      },
      {
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        title: 'Зеленський: гарантії безпеки на першому місці',
        link: 'https://kyiv.example.org/news/2',
        publishedAt: '2025-12-01T17:00:00.000Z',
        summary: 'Їжак, ґанок, єнот — усі літери на місці.',
      },
    ]);
  });

  it('says in --json which encoding was used and why, for labelled and unlabelled Cyrillic over HTTP', async () => {
    // Written for this test; no charset in the header, no BOM, no encoding in the prolog.
    const text = 'Переговоры в Женеве продолжаются: стороны обсудили обмен пленными.';
    const feed = (body: string) =>
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Лента</title><item><guid>1</guid><title>${body}</title></item></channel></rss>`;
    const cases = [
      ['/cp1251.xml', 'windows-1251', 'text/xml', 'windows-1251', 'detected'],
      ['/koi8.xml', 'koi8-r', 'application/rss+xml', 'koi8-r', 'detected'],
      ['/iso.xml', 'iso-8859-5', 'text/xml', 'iso-8859-5', 'detected'],
      ['/labelled.xml', 'koi8-r', 'text/xml; charset=KOI8-R', 'koi8-r', 'header'],
    ] as const;
    for (const [path, encoding, contentType, name, source] of cases) {
      server.route(path, {
        body: iconv.encode(feed(text), encoding),
        headers: { 'content-type': contentType },
      });
      // The command's own functions in this process (a CLI process each takes seconds); the CLI once below.
      const doc = JSON.parse(checkJson(await checkFeed(server.url(path))));
      expect([path, doc.stories[0].title, doc.encoding.name, doc.encoding.source]).toEqual([
        path,
        text,
        name,
        source,
      ]);
      expect(doc.encoding.reason).toMatch(
        source === 'detected' ? /not UTF-8: .*Cyrillic letters/ : /Content-Type/,
      );
    }
    const cli = await runCli(['feeds', 'check', server.url('/koi8.xml'), '--json']);
    expect([cli.code, cli.stderr]).toEqual([0, '']);
    expect(JSON.parse(cli.stdout).encoding).toEqual({
      name: 'koi8-r',
      source: 'detected',
      reason: expect.stringMatching(
        /^no charset in the header, a byte-order mark or the XML prolog, and not UTF-8: /,
      ),
    });
  }, 60_000);

  it('reads a file, and prints text without --json', async () => {
    const { code, stdout } = await runCli(['feeds', 'check', join(FIXTURE_FEEDS, 'atom-html-titles.xml')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Europe & the talks <https:\/\/eu\.example\.org\/desk\/>\natom, utf-8 .*3 stories/,
    );
    expect(stdout).toContain(
      '2025-12-02 08:00  Macron receives Zelensky\n                  https://other.example.org/sub/macron-zelensky',
    );
  });

  it('fails with exit code 1 and one line, "error: <url>: <what went wrong>"', async () => {
    const url = server.url('/missing.xml');
    const missing = await runCli(['feeds', 'check', url]);
    expect(missing).toEqual({ code: 1, stdout: '', stderr: `error: ${url}: HTTP 404 Not Found\n` });

    server.route('/evil.xml', { body: fixture('xxe.xml') });
    const evil = await runCli(['feeds', 'check', server.url('/evil.xml'), '--json']);
    expect(evil.code).toBe(1);
    expect(evil.stdout).toBe('');
    expect(evil.stderr).toBe(
      `error: ${server.url('/evil.xml')}: refused: the feed declares XML entities (<!ENTITY> in its DOCTYPE); entity expansion is disabled for safety (XXE, entity bombs)\n`,
    );

    const file = await runCli(['feeds', 'check', 'no/such/feed.xml']);
    expect(file).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: no/such/feed.xml: cannot read the file (ENOENT)\n',
    });
  });

  it('names the URL that was asked for, not the one redirected to, and prints a stack only with --verbose', async () => {
    server.route('/page', { status: 301, headers: { location: '/page.html' } });
    server.route('/page.html', {
      body: fixture('not-a-feed.html'),
      headers: { 'content-type': 'text/html' },
    });
    const { code, stderr } = await runCli(['feeds', 'check', server.url('/page')]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `error: ${server.url('/page')}: not a readable RSS or Atom feed (got an HTML page)\n`,
    );
    const verbose = await runCli(['--verbose', 'feeds', 'check', server.url('/page')]);
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });

  it('is listed in --help', async () => {
    server.route('/unused.xml', { body: rss([]) });
    const { stdout } = await runCli(['feeds', '--help']);
    expect(stdout).toMatch(/check \[options\] <url-or-file>/);
  });
});
