import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';

/** The sample feeds shipped for the demo. */
export const DEMO_FEEDS_DIR = join(__dirname, 'feeds');

const TYPES: Record<string, string> = {
  '.xml': 'application/rss+xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
};

/** A running demo feed server. */
export interface DemoFeedServer {
  /** One URL per sample feed, keyed by the feed's file name without extension. */
  feeds: { id: string; url: string }[];
  close(): Promise<void>;
}

/**
 * Serves the sample feeds on 127.0.0.1 with ETags, answering 304 to a matching
 * If-None-Match, as a well-behaved publisher does.
 */
export async function startDemoFeedServer(dir = DEMO_FEEDS_DIR): Promise<DemoFeedServer> {
  const files = new Map<string, { body: Buffer; type: string; etag: string }>();
  for (const name of readdirSync(dir).sort()) {
    const type = TYPES[extname(name)];
    if (!type) continue;
    const body = readFileSync(join(dir, name));
    files.set(`/${name}`, {
      body,
      type,
      etag: `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`,
    });
  }
  const server: Server = createServer((req, res) => {
    const file = files.get(req.url ?? '');
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    if (req.headers['if-none-match'] === file.etag) {
      res.writeHead(304, { etag: file.etag }).end();
      return;
    }
    res
      .writeHead(200, { 'content-type': file.type, etag: file.etag, 'content-length': file.body.length })
      .end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    feeds: [...files.keys()].map((path) => ({
      id: `demo-${path.slice(1).replace(/\.[a-z]+$/, '')}`,
      url: `http://127.0.0.1:${port}${path}`,
    })),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
