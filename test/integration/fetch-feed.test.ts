import { gzipSync } from 'node:zlib';
import { FeedFetchError } from '../../shared/errors';
import { fetchFeed } from '../../shared/feeds/fetch-feed';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server';

let server: FeedServer;
beforeAll(async () => (server = await startFeedServer()));
afterAll(() => server.close());

describe('fetchFeed over real HTTP', () => {
  it('sends the stored validators and treats 304 as nothing to do', async () => {
    server.route('/etag.xml', { body: rss([{ guid: '1', title: 'One' }]), etag: '"v1"', headers: { 'last-modified': 'Mon, 01 Dec 2025 18:05:00 GMT' } });
    const first = await fetchFeed(server.url('/etag.xml'));
    expect(first).toMatchObject({ status: 'ok', etag: '"v1"', lastModified: 'Mon, 01 Dec 2025 18:05:00 GMT' });
    const second = await fetchFeed(server.url('/etag.xml'), { etag: '"v1"', lastModified: 'Mon, 01 Dec 2025 18:05:00 GMT' });
    expect(second).toEqual({ status: 'not-modified' });
    const sent = server.requests.filter((r) => r.path === '/etag.xml').at(-1)!.headers;
    expect(sent['if-none-match']).toBe('"v1"');
    expect(sent['if-modified-since']).toBe('Mon, 01 Dec 2025 18:05:00 GMT');
    expect(sent['user-agent']).toMatch(/^newsalert\//);
  });

  it('decompresses gzip bodies and follows redirects', async () => {
    server.route('/gz.xml', { body: gzipSync(rss([{ guid: '1', title: 'Zipped' }])), headers: { 'content-encoding': 'gzip', 'content-type': 'application/rss+xml' } });
    server.route('/moved', { status: 301, headers: { location: '/gz.xml' } });
    const result = await fetchFeed(server.url('/moved'));
    if (result.status !== 'ok') throw new Error('expected a body');
    expect(Buffer.from(result.body).toString()).toContain('<title>Zipped</title>');
    expect(result.finalUrl).toBe(server.url('/gz.xml'));
  });

  it('names the URL and the HTTP status of a failed fetch', async () => {
    const url = server.url('/missing.xml');
    await expect(fetchFeed(url)).rejects.toThrow(new FeedFetchError(url, 'HTTP 404 Not Found'));
  });

  it('gives up on a server that stalls, after the timeout', async () => {
    server.route('/stall.xml', () => {
      /* never answers */
    });
    const url = server.url('/stall.xml');
    await expect(fetchFeed(url, {}, { timeoutMs: 200 })).rejects.toThrow(`${url}: timed out after 200 ms`);
  });

  it('refuses a body over the cap while streaming, even without Content-Length', async () => {
    server.route('/huge.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('x'.repeat(600));
      res.end('x'.repeat(600));
    });
    const url = server.url('/huge.xml');
    await expect(fetchFeed(url, {}, { maxBytes: 1000 })).rejects.toThrow(`${url}: body is over the 1000-byte limit`);
  });

  it('reports a refused connection as a fetch error naming the URL', async () => {
    const closed = await startFeedServer();
    const url = closed.url('/feed.xml');
    await closed.close();
    await expect(fetchFeed(url)).rejects.toThrow(`${url}: connection refused (ECONNREFUSED)`);
  });
});
