import { TextDecoder } from 'node:util';

/**
 * Turns a feed body into text. The charset comes from the Content-Type header, else the BOM,
 * else the XML prolog, else UTF-8. Node's TextDecoder (full ICU) covers the legacy encodings
 * news sites still serve (windows-1251, KOI8-R...); invalid bytes become U+FFFD, never a crash.
 */
export function decodeBody(body: Uint8Array, contentType?: string): string {
  const charset = charsetFromContentType(contentType) ?? charsetFromBom(body) ?? charsetFromProlog(body) ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(body);
}

function charsetFromContentType(contentType?: string): string | undefined {
  return /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
}

function charsetFromBom(body: Uint8Array): string | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  return undefined;
}

function charsetFromProlog(body: Uint8Array): string | undefined {
  const head = Buffer.from(body.subarray(0, 200)).toString('latin1');
  return /^<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/.exec(head)?.[1]?.toLowerCase();
}
