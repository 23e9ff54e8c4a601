import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the receiver answers one request: a fixed answer, or no answer at all (`hang`). */
export type Reply = { status?: number; headers?: Record<string, string>; body?: string } | 'hang';

/** One request the receiver got. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as sent (what a signature covers). */
  body: string;
  /** performance.now() when the request's headers arrived. */
  at: number;
}

/**
 * A real HTTP server on 127.0.0.1 standing in for Slack, Teams or a webhook receiver. Each path
 * answers from its queue of replies in order (the last one repeats), 200 "ok" by default.
 */
export interface ChatReceiver {
  url(path: string): string;
  reply(path: string, ...replies: Reply[]): void;
  received: Received[];
  on(path: string): Received[];
  close(): Promise<void>;
}

export async function startChatReceiver(): Promise<ChatReceiver> {
  const replies = new Map<string, Reply[]>();
  const received: Received[] = [];
  const hung: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const at = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at });
      const queue = replies.get(path) ?? [];
      const reply = (queue.length > 1 ? queue.shift() : queue[0]) ?? { status: 200, body: 'ok' };
      if (reply === 'hang') {
        hung.push(res);
        return;
      }
      res.writeHead(reply.status ?? 200, { 'content-type': 'text/plain', ...(reply.headers ?? {}) });
      res.end(reply.body ?? 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    reply: (path, ...list) => replies.set(path, list),
    received,
    on: (path) => received.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hung) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
