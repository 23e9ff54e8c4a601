import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { promisify } from 'node:util';
import { brotliDecompress, constants, gunzip, inflate, inflateRaw, type ZlibOptions } from 'node:zlib';
import { checkLiteralHost, guardedLookup, type AddressPolicy } from './address-guard';

/** Options of one HTTP GET (one hop of a redirect chain). */
export interface HttpGetOptions {
  headers: Record<string, string>;
  policy: AddressPolicy;
  /** Time allowed to open the TCP connection, in milliseconds. */
  connectTimeoutMs: number;
  /** Aborts the request and the body (the total timeout). */
  signal: AbortSignal;
}

/** A response whose body has not been read yet. */
export interface HttpResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  /** Reads the body, decompressed; throws BodyTooLargeError past `maxBytes` (compressed or not). */
  body(maxBytes: number): Promise<Buffer>;
  /** Drops the body without reading it. */
  discard(): void;
}

/** The body is over the cap. */
export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`body is over the ${maxBytes}-byte limit`);
    this.name = 'BodyTooLargeError';
  }
}

/** The TCP connection was not established in time. */
export class ConnectTimeoutError extends Error {
  readonly code = 'ECONNECT_TIMEOUT';
  constructor(readonly ms: number) {
    super(`connection timed out after ${ms} ms`);
    this.name = 'ConnectTimeoutError';
  }
}

// One keep-alive pool per policy: a socket opened under the local policy is never handed to
// a request made under the stricter one.
const agents = new Map<string, { http: HttpAgent; https: HttpsAgent }>();
function agentsFor(policy: AddressPolicy) {
  const key = policy.allowLoopback ? 'loopback' : 'public';
  let pair = agents.get(key);
  if (!pair) {
    const lookup = guardedLookup(policy);
    const options = { keepAlive: true, maxFreeSockets: 64, scheduling: 'lifo' as const, lookup };
    pair = { http: new HttpAgent(options), https: new HttpsAgent(options) };
    agents.set(key, pair);
  }
  return pair;
}

/**
 * One GET with Node's http/https: the SSRF guard at DNS resolution (and on IP literals), a
 * connect timeout, the total timeout through `signal`. Redirects are not followed here.
 */
export async function httpGet(url: URL, options: HttpGetOptions): Promise<HttpResponse> {
  checkLiteralHost(url, options.policy);
  try {
    return await attempt(url, options);
  } catch (err) {
    // A kept-alive socket the server closed meanwhile: the request never reached it, so retry once.
    if (
      (err as { reusedSocket?: boolean }).reusedSocket &&
      (err as NodeJS.ErrnoException).code === 'ECONNRESET'
    )
      return attempt(url, options);
    throw err;
  }
}

function attempt(url: URL, options: HttpGetOptions): Promise<HttpResponse> {
  const { http, https } = agentsFor(options.policy);
  const isHttps = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (isHttps ? httpsRequest : httpRequest)(url, {
      method: 'GET',
      headers: options.headers,
      agent: isHttps ? https : http,
      signal: options.signal,
    });
    req.on('socket', (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(
        () => req.destroy(new ConnectTimeoutError(options.connectTimeoutMs)),
        options.connectTimeoutMs,
      );
      socket.once('connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    });
    req.on('error', (err) => reject(Object.assign(err, { reusedSocket: req.reusedSocket })));
    req.on('response', (res) => {
      resolve({
        status: res.statusCode ?? 0,
        statusText: res.statusMessage ?? '',
        headers: res.headers,
        body: (maxBytes) => readBody(res, maxBytes),
        discard: () => {
          // A short or empty body (304, redirects, most errors) is drained so the kept-alive
          // socket serves the next request; a long one is not worth reading.
          const length = Number(res.headers['content-length']);
          if (
            res.statusCode === 304 ||
            res.statusCode === 204 ||
            (Number.isFinite(length) && length <= 64 * 1024)
          )
            res.resume();
          else res.destroy();
        },
      });
    });
    req.end();
  });
}

async function readBody(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw new BodyTooLargeError(maxBytes);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    total += chunk.length;
    // Counted while streaming: a missing or lying Content-Length must not let a body through.
    if (total > maxBytes) {
      res.destroy();
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(chunk);
  }
  return decompress(Buffer.concat(chunks), String(res.headers['content-encoding'] ?? ''), maxBytes);
}

const gunzipAsync = promisify<Buffer, ZlibOptions, Buffer>(gunzip);
const inflateAsync = promisify<Buffer, ZlibOptions, Buffer>(inflate);
const inflateRawAsync = promisify<Buffer, ZlibOptions, Buffer>(inflateRaw);
const brotliAsync = promisify<Buffer, object, Buffer>(brotliDecompress);

/**
 * Undoes Content-Encoding (gzip, deflate, br; several in a row are undone last first).
 * `maxOutputLength` stops a decompression bomb at the cap instead of after it.
 */
async function decompress(body: Buffer, contentEncoding: string, maxBytes: number): Promise<Buffer> {
  const codings = contentEncoding
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  // Truncated streams are common on the web; keep what arrived, as browsers do.
  const zlibOptions: ZlibOptions = { maxOutputLength: maxBytes, finishFlush: constants.Z_SYNC_FLUSH };
  let data = body;
  try {
    for (const coding of codings.reverse()) {
      if (data.length === 0) break;
      if (coding === 'gzip' || coding === 'x-gzip') data = await gunzipAsync(data, zlibOptions);
      // "deflate" should be zlib-wrapped; some servers send raw deflate. The zlib header's low nibble is 8.
      else if (coding === 'deflate')
        data =
          (data[0]! & 0x0f) === 8
            ? await inflateAsync(data, zlibOptions)
            : await inflateRawAsync(data, zlibOptions);
      else if (coding === 'br')
        data = await brotliAsync(data, {
          maxOutputLength: maxBytes,
          finishFlush: constants.BROTLI_OPERATION_FLUSH,
        });
      else throw new Error(`unsupported Content-Encoding "${coding}"`);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError)
      throw new BodyTooLargeError(maxBytes);
    // Some servers label a plain body as compressed; a feed that starts like one is read as is.
    if (
      /^(\ufeff|\s)*[<{]/.test(
        body
          .subarray(0, 64)
          .toString('latin1')
          .replace(/^\xef\xbb\xbf/, ''),
      )
    )
      return body;
    throw new Error(`cannot decompress the body (${contentEncoding}): ${(err as Error).message}`, {
      cause: err,
    });
  }
  return data;
}
