import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { FeedFetchError } from '../../shared/errors';
import { AddressRefusedError, guardedLookup } from '../../shared/feeds/address-guard';
import { fetchFeed, type FetchFeedOptions } from '../../shared/feeds/fetch-feed';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server';

// The server is on 127.0.0.1: local mode. AWS mode (the default) is tested on its own below.
const LOCAL: FetchFeedOptions = { allowLoopback: true };

let server: FeedServer;
beforeAll(async () => (server = await startFeedServer()));
afterAll(() => server.close());

const bodyText = async (url: string, options: FetchFeedOptions = LOCAL) => {
  const result = await fetchFeed(url, {}, options);
  if (result.status !== 'ok') throw new Error('expected a body');
  return Buffer.from(result.body).toString();
};

describe('fetchFeed over real HTTP', () => {
  it('sends the stored validators and treats 304 as nothing to do', async () => {
    server.route('/etag.xml', {
      body: rss([{ guid: '1', title: 'One' }]),
      etag: '"v1"',
      headers: { 'last-modified': 'Mon, 01 Dec 2025 18:05:00 GMT', 'cache-control': 'max-age=300' },
    });
    const first = await fetchFeed(server.url('/etag.xml'), {}, LOCAL);
    expect(first).toMatchObject({
      status: 'ok',
      etag: '"v1"',
      lastModified: 'Mon, 01 Dec 2025 18:05:00 GMT',
      cacheControl: 'max-age=300',
    });
    const second = await fetchFeed(
      server.url('/etag.xml'),
      { etag: '"v1"', lastModified: 'Mon, 01 Dec 2025 18:05:00 GMT' },
      LOCAL,
    );
    expect(second).toMatchObject({ status: 'not-modified', etag: '"v1"' });
    const sent = server.requests.filter((r) => r.path === '/etag.xml').at(-1)!.headers;
    expect(sent['if-none-match']).toBe('"v1"');
    expect(sent['if-modified-since']).toBe('Mon, 01 Dec 2025 18:05:00 GMT');
  });

  it('names the project and its URL in the User-Agent, and asks for feeds, compressed', async () => {
    server.route('/ua.xml', { body: rss([]) });
    await fetchFeed(server.url('/ua.xml'), {}, LOCAL);
    const sent = server.requests.filter((r) => r.path === '/ua.xml').at(-1)!.headers;
    expect(sent['user-agent']).toMatch(/^newsalert\/\S+ \(\+https:\/\/\S+\)$/);
    expect(sent.accept).toMatch(/application\/rss\+xml.*application\/atom\+xml.*application\/feed\+json/);
    expect(sent['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('decompresses gzip, deflate (zlib and raw) and brotli bodies', async () => {
    const xml = rss([{ guid: '1', title: 'Zipped' }]);
    server.route('/gz.xml', { body: gzipSync(xml), headers: { 'content-encoding': 'gzip' } });
    server.route('/deflate.xml', { body: deflateSync(xml), headers: { 'content-encoding': 'deflate' } });
    server.route('/raw-deflate.xml', {
      body: deflateRawSync(xml),
      headers: { 'content-encoding': 'deflate' },
    });
    server.route('/br.xml', { body: brotliCompressSync(xml), headers: { 'content-encoding': 'br' } });
    for (const path of ['/gz.xml', '/deflate.xml', '/raw-deflate.xml', '/br.xml']) {
      expect(await bodyText(server.url(path))).toBe(xml);
    }
  });

  it('reads a plain feed mislabelled as gzip as it is', async () => {
    const xml = rss([{ guid: '1', title: 'Not really zipped' }]);
    server.route('/liar.xml', { body: xml, headers: { 'content-encoding': 'gzip' } });
    expect(await bodyText(server.url('/liar.xml'))).toBe(xml);
    server.route('/corrupt.xml', {
      body: Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03, 0xff, 0xff, 0xff, 0xff]),
      headers: { 'content-encoding': 'gzip' },
    });
    await expect(fetchFeed(server.url('/corrupt.xml'), {}, LOCAL)).rejects.toThrow(
      /: cannot decompress the body \(gzip\)/,
    );
  });

  it('passes the Content-Type on, charset included, for decoding', async () => {
    server.route('/ct.xml', {
      body: rss([]),
      headers: { 'content-type': 'application/rss+xml; charset=windows-1251' },
    });
    expect(await fetchFeed(server.url('/ct.xml'), {}, LOCAL)).toMatchObject({
      contentType: 'application/rss+xml; charset=windows-1251',
    });
  });

  it('follows up to 5 redirects, relative ones too, and reports the final URL', async () => {
    server.route('/final.xml', { body: rss([{ guid: '1', title: 'Moved' }]) });
    server.route('/r1', { status: 301, headers: { location: '/r2' } });
    server.route('/r2', { status: 302, headers: { location: 'r3' } });
    server.route('/r3', { status: 307, headers: { location: server.url('/r4') } });
    server.route('/r4', { status: 308, headers: { location: './r5' } });
    server.route('/r5', { status: 303, headers: { location: '/final.xml' } });
    const result = await fetchFeed(server.url('/r1'), {}, LOCAL);
    expect(result).toMatchObject({ status: 'ok', finalUrl: server.url('/final.xml') });
  });

  it('gives up after 5 redirects, and on a redirect to something not http(s)', async () => {
    server.route('/r0', { status: 301, headers: { location: '/r1' } });
    await expect(fetchFeed(server.url('/r0'), {}, LOCAL)).rejects.toThrow(
      `${server.url('/r0')}: more than 5 redirects`,
    );
    server.route('/to-file', { status: 302, headers: { location: 'file:///etc/passwd' } });
    await expect(fetchFeed(server.url('/to-file'), {}, LOCAL)).rejects.toThrow(
      'redirected to file:///etc/passwd, which is not an http(s) URL',
    );
  });

  it('names the URL and the HTTP status of a failed fetch', async () => {
    const url = server.url('/missing.xml');
    await expect(fetchFeed(url, {}, LOCAL)).rejects.toThrow(new FeedFetchError(url, 'HTTP 404 Not Found'));
  });

  it('carries Retry-After on 429 and 503', async () => {
    server.route('/busy.xml', { status: 429, headers: { 'retry-after': '120' } });
    server.route('/down.xml', { status: 503, headers: { 'retry-after': 'Tue, 02 Dec 2025 10:05:00 GMT' } });
    const busy = await fetchFeed(server.url('/busy.xml'), {}, LOCAL).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(FeedFetchError);
    expect(busy).toMatchObject({
      status: 429,
      retryAfter: '120',
      message: `${server.url('/busy.xml')}: HTTP 429 Too Many Requests (Retry-After: 120)`,
    });
    await expect(fetchFeed(server.url('/down.xml'), {}, LOCAL)).rejects.toMatchObject({
      status: 503,
      retryAfter: 'Tue, 02 Dec 2025 10:05:00 GMT',
    });
  });

  it('gives up on a server that stalls, after the total timeout', async () => {
    server.route('/stall.xml', () => {
      /* never answers */
    });
    const url = server.url('/stall.xml');
    await expect(fetchFeed(url, {}, { ...LOCAL, timeoutMs: 200 })).rejects.toThrow(
      `${url}: timed out after 200 ms`,
    );
  });

  it('gives up on a body that trickles in, after the total timeout', async () => {
    server.route('/trickle.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('<rss version="2.0">');
    });
    await expect(fetchFeed(server.url('/trickle.xml'), {}, { ...LOCAL, timeoutMs: 200 })).rejects.toThrow(
      'timed out after 200 ms',
    );
  });

  it('refuses a body over the cap while streaming, with or without Content-Length, compressed or not', async () => {
    server.route('/huge.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('x'.repeat(600));
      res.end('x'.repeat(600));
    });
    server.route('/declared.xml', { body: 'x'.repeat(2000) });
    // 10 MB of zeros compress to about 10 KB: a decompression bomb for a 1000-byte cap.
    server.route('/bomb.xml', {
      body: gzipSync(Buffer.alloc(10_000_000)),
      headers: { 'content-encoding': 'gzip' },
    });
    for (const path of ['/huge.xml', '/declared.xml', '/bomb.xml']) {
      await expect(fetchFeed(server.url(path), {}, { ...LOCAL, maxBytes: 1000 })).rejects.toThrow(
        `${server.url(path)}: body is over the 1000-byte limit`,
      );
    }
  });

  it('reports a refused connection as a fetch error naming the URL', async () => {
    const closed = await startFeedServer();
    const url = closed.url('/feed.xml');
    await closed.close();
    await expect(fetchFeed(url, {}, LOCAL)).rejects.toThrow(`${url}: connection refused (ECONNREFUSED)`);
  });

  it('fetches only http and https URLs', async () => {
    await expect(fetchFeed('ftp://example.org/feed.xml')).rejects.toThrow(
      'ftp://example.org/feed.xml: only http and https URLs can be fetched',
    );
  });
});

describe('the SSRF guard in AWS mode (the default)', () => {
  it('refuses a loopback feed before any request reaches it', async () => {
    server.route('/secret.xml', { body: rss([]) });
    const before = server.requests.length;
    const url = server.url('/secret.xml');
    await expect(fetchFeed(url)).rejects.toThrow(
      `${url}: refused: 127.0.0.1 is a loopback address (SSRF guard; only local mode allows loopback)`,
    );
    expect(server.requests.length).toBe(before);
  });

  it('checks every redirect target: a public-looking feed cannot redirect into the metadata endpoint', async () => {
    server.route('/to-metadata', {
      status: 302,
      headers: { location: 'http://169.254.169.254/latest/meta-data/' },
    });
    await expect(fetchFeed(server.url('/to-metadata'), {}, LOCAL)).rejects.toThrow(
      `${server.url('/to-metadata')}: refused: 169.254.169.254 is a link-local address (SSRF guard) (redirected to http://169.254.169.254/latest/meta-data/)`,
    );
    server.route('/to-private', { status: 301, headers: { location: 'http://10.0.0.7/feed' } });
    await expect(fetchFeed(server.url('/to-private'), {}, LOCAL)).rejects.toThrow(
      'refused: 10.0.0.7 is a private address',
    );
  });

  it('checks the addresses a host name resolves to, at connection time', async () => {
    const lookup = guardedLookup({});
    const refused = await new Promise<unknown>((resolve) =>
      lookup('localhost', { all: true }, (err) => resolve(err)),
    );
    expect(refused).toBeInstanceOf(AddressRefusedError);
    expect((refused as Error).message).toMatch(
      /^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address/,
    );
    const allowed = await new Promise<unknown>((resolve) =>
      guardedLookup({ allowLoopback: true })('localhost', { all: true }, (err, addresses) =>
        resolve(err ?? addresses),
      ),
    );
    expect(allowed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/) }),
      ]),
    );
  });
});
