import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local server with many feeds that answers every request after a delay, as distant publishers do. */
export interface SlowPublisher {
  urls: string[];
  requests: () => number;
  close(): Promise<void>;
}

/**
 * Serves `bodies[i]` at `/<i>` with an ETag, answering 304 to a matching If-None-Match,
 * every answer after `delayMs`.
 */
export async function startSlowPublisher(bodies: Buffer[], delayMs: number): Promise<SlowPublisher> {
  const etags = bodies.map((b) => `"${createHash('sha1').update(b).digest('hex').slice(0, 16)}"`);
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    const i = Number(req.url?.slice(1));
    setTimeout(() => {
      const body = bodies[i];
      if (!body) return void res.writeHead(404).end();
      if (req.headers['if-none-match'] === etags[i]) return void res.writeHead(304, { etag: etags[i] }).end();
      res
        .writeHead(200, {
          'content-type': 'application/rss+xml; charset=utf-8',
          etag: etags[i],
          'content-length': body.length,
        })
        .end(body);
    }, delayMs);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    urls: bodies.map((_, i) => `http://127.0.0.1:${port}/${i}`),
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
