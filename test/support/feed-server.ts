import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A route of the test feed server: a fixed answer or a handler. */
export type Route =
  | { status?: number; headers?: Record<string, string | number>; body?: string | Buffer; etag?: string }
  | ((req: IncomingMessage, res: ServerResponse) => void);

/** A real HTTP server on 127.0.0.1 whose routes tests can change between requests. */
export interface FeedServer {
  url(path: string): string;
  route(path: string, route: Route): void;
  /** Requests received, in order (method, path and headers). */
  requests: { path: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

/** Starts a feed server. A fixed route with an `etag` answers 304 to a matching If-None-Match. */
export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, Route>();
  const requests: FeedServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', headers: req.headers });
    const route = routes.get(req.url ?? '');
    if (!route) {
      res.writeHead(404).end('no such feed');
      return;
    }
    if (typeof route === 'function') {
      route(req, res);
      return;
    }
    const headers: Record<string, string | number> = { ...(route.headers ?? {}) };
    if (route.etag) {
      headers.etag = route.etag;
      if (req.headers['if-none-match'] === route.etag) {
        res.writeHead(304, headers).end();
        return;
      }
    }
    res.writeHead(route.status ?? 200, headers).end(route.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    route: (path, route) => routes.set(path, route),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An RSS 2.0 document with the given items. */
export function rss(
  items: { guid?: string; title: string; description?: string; link?: string; pubDate?: string }[],
  title = 'Test feed',
): string {
  const xmlItems = items
    .map(
      (i) =>
        `<item>${i.guid ? `<guid isPermaLink="false">${i.guid}</guid>` : ''}<title>${i.title}</title>` +
        `${i.link ? `<link>${i.link}</link>` : ''}${i.description ? `<description>${i.description}</description>` : ''}` +
        `${i.pubDate ? `<pubDate>${i.pubDate}</pubDate>` : ''}</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${title}</title><link>https://example.org/</link>\n${xmlItems}\n</channel></rss>`;
}
