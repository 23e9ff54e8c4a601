import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { Command } from 'commander';
import type { SubscriptionDirectory } from '../../shared/alerts/subscriptions';
import { buildWebApp, type WebFile } from '../../shared/console/build-web-app';
import { errorResponse, feedPath, GROUPS, handleConsoleRequest } from '../../shared/console/console-api';
import { ConsoleData } from '../../shared/console/console-data';
import { consoleStores, type ConsoleStores } from '../../shared/console/console-stores';
import { ConfigError } from '../../shared/errors';
import { localUser } from '../../shared/aws/caller-identity';
import { Output } from '../output';
import { commandGroup } from '../command-group';
import { addTargetOptions, openTarget, withTarget, type Target, type TargetOptions } from '../target';
import { subscriptionTarget } from './subscribers';

/** The default port of the local console. */
export const CONSOLE_PORT = 8787;

/** What the console server works on. */
export interface ConsoleServerOptions extends ConsoleStores {
  /** Recorded as the author of changes made in the console. */
  who: () => Promise<string>;
  subscriptions?: SubscriptionDirectory;
  /** @default 8787; 0 picks a free port */
  port?: number;
  /** Take a free port when `port` is in use (beside `newsalert run`). @default false */
  fallbackPort?: boolean;
}

/** A running console server. */
export interface ConsoleServer {
  /** `http://127.0.0.1:N/` */
  url: string;
  close(): Promise<void>;
}

interface Asset extends WebFile {
  gzip: Buffer;
}

const MAX_BODY = 2 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        fail(new ConfigError('request body: over 2 MB'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', fail);
      done();
    });
  });
}

/**
 * Serves the console on 127.0.0.1: the built front end, the API and the Atom feeds, over
 * the same {@link ConsoleData} and request handler as the Lambda. Locally whoever reaches
 * the loopback address is the OS user and may edit, as with the CLI.
 */
export async function startConsoleServer(options: ConsoleServerOptions): Promise<ConsoleServer> {
  const assets = new Map<string, Asset>();
  for (const [path, file] of await buildWebApp()) assets.set(path, { ...file, gzip: gzipSync(file.body) });
  const data = new ConsoleData({
    repository: options.repository,
    config: options.config,
    clusters: options.clusters,
    tokens: options.tokens,
    subscriptions: options.subscriptions,
    allowLoopback: process.env.NEWSALERT_ALLOW_LOOPBACK === 'true',
  });
  let port = 0;
  const server = createServer((req, res) => void serve(req, res));
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const send = (status: number, headers: Record<string, string>, body: string | Buffer) => {
      res.writeHead(status, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      // Pages elsewhere may not drive this server through DNS rebinding: only its own names are served.
      const host = req.headers.host ?? '';
      if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`)
        return send(
          421,
          { 'content-type': 'application/json' },
          errorResponse(421, `host ${host}: not this console`).body,
        );
      const url = new URL(req.url ?? '/', `http://${host}`);
      const path = url.pathname === '/' ? '/index.html' : url.pathname;
      const asset = assets.get(path);
      const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      if (asset && (req.method === 'GET' || req.method === 'HEAD')) {
        return send(
          200,
          {
            'content-type': asset.contentType,
            'cache-control': 'no-cache',
            ...(gzip ? { 'content-encoding': 'gzip' } : {}),
          },
          gzip ? asset.gzip : asset.body,
        );
      }
      if (path === '/config.json') return send(200, { 'content-type': 'application/json' }, '{}');
      const body = req.method === 'POST' ? await readBody(req) : undefined;
      const out = await handleConsoleRequest(
        {
          method: req.method ?? 'GET',
          path,
          query: Object.fromEntries(url.searchParams),
          body,
          caller: { name: await options.who(), groups: [GROUPS.editors] },
          origin: `http://${host}`,
        },
        data,
      );
      // JSON of a hundred matches is a few hundred KB, and compresses about tenfold.
      if (gzip && out.body.length > 1024)
        return send(out.status, { ...out.headers, 'content-encoding': 'gzip' }, gzipSync(out.body));
      send(out.status, out.headers, out.body);
    } catch (err) {
      const out = errorResponse(400, (err as Error).message.split('\n')[0]!);
      send(out.status, out.headers, out.body);
    }
  };
  const wanted = options.port ?? CONSOLE_PORT;
  try {
    await listen(server, wanted);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    if (!options.fallbackPort)
      throw new ConfigError(`--port ${wanted}: in use by another program; pass another port (--port 8788)`);
    await listen(server, 0);
  }
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/**
 * The console beside `newsalert run`, on the store the pipeline holds (one process may open
 * a data folder). A taken port gives way to a free one: the address is printed either way.
 */
export async function startLocalConsole(
  store: { client: DynamoDBClient; tableName: string },
  dataDir: string,
  port = CONSOLE_PORT,
): Promise<ConsoleServer> {
  return startConsoleServer({
    ...consoleStores(store.client, store.tableName),
    who: async () => localUser(),
    subscriptions: await subscriptionTarget({ data: dataDir }),
    port,
    fallbackPort: true,
  });
}

/** The console's repositories of a CLI target: the same ones the other commands use. */
function targetStores(target: Target): ConsoleStores {
  return {
    repository: target.repository,
    config: target.config,
    clusters: target.clusters,
    tokens: target.feedTokens,
  };
}

/** Options of `newsalert console`. */
export interface ConsoleOptions extends TargetOptions {
  /** @default "8787" */
  port: string;
}

/** `newsalert console [--data DIR] [--port N]`: the web console until Ctrl-C. */
export async function consoleCommand(options: ConsoleOptions, out = new Output()): Promise<void> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`--port ${options.port}: give a port number (0 to 65535)`);
  const target = await openTarget(options);
  try {
    const server = await startConsoleServer({
      ...targetStores(target),
      who: () => target.who(),
      subscriptions: await subscriptionTarget({ topicArn: target.topicArn, data: options.data }),
      port,
    });
    out.line(`console: ${server.url} on ${target.label} (Ctrl-C to stop)`);
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    await server.close();
  } finally {
    await target.close();
  }
}

/** The console's address in a deployed stack: its `ConsoleUrl` output. */
async function stackConsoleUrl(stackName: string, region?: string): Promise<string> {
  const cloudFormation = new CloudFormationClient(region ? { region } : {});
  try {
    const out = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
    const url = out.Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === 'ConsoleUrl')?.OutputValue;
    if (!url)
      throw new ConfigError(
        `stack ${stackName}: has no output ConsoleUrl; deploy it with the console (npx cdk deploy, without -c console=false)`,
      );
    return url.replace(/\/$/, '');
  } finally {
    cloudFormation.destroy();
  }
}

/**
 * `watchlists feed-url <id> [--rotate]`: prints the full URL of the watchlist's Atom feed,
 * token included (made on first use); `--rotate` makes a new token, and the old URL stops
 * working. The one line printed is a contract: scripts paste it into feed readers.
 */
export async function feedUrlCommand(
  id: string,
  options: TargetOptions & { rotate?: boolean; port: string },
  out = new Output(),
): Promise<void> {
  await withTarget(options, async (target) => {
    const data = new ConsoleData(targetStores(target));
    const token = await data.feedToken(id, await target.who(), options.rotate === true);
    const base = options.stack
      ? await stackConsoleUrl(options.stack, options.region)
      : `http://127.0.0.1:${options.port}`;
    out.line(`${base}${feedPath(id, token)}`);
  });
}

/** Adds `console` and `watchlists feed-url` to the CLI. */
export function registerConsole(program: Command): void {
  addTargetOptions(
    commandGroup(program, 'watchlists', 'watchlists: check, apply, inspect and roll back what runs')
      .command('feed-url <id>')
      .description("print the full URL of a watchlist's Atom feed of matches, with its secret token")
      .option('--rotate', 'make a new token: the old URL stops working')
      .option('--port <n>', 'port of the local console (`newsalert console --port`)', String(CONSOLE_PORT)),
  ).action((id: string, options) => feedUrlCommand(id, options));
  addTargetOptions(
    program
      .command('console')
      .description(
        'the web console on 127.0.0.1: matches, watchlists (edit, preview, apply), feeds, subscribers',
      )
      .option('--port <n>', 'port to listen on (0: any free port)', String(CONSOLE_PORT)),
  ).action((options: ConsoleOptions) => consoleCommand(options));
}
