import { createHmac, timingSafeEqual } from 'node:crypto';

/** The HMAC methods a hub may sign with (WebSub, section 8: sha1, sha256, sha384, sha512). */
const METHODS = new Set(['sha1', 'sha256', 'sha384', 'sha512']);

/**
 * True when an `X-Hub-Signature` header (`method=hexdigest`) is the HMAC of the body under
 * the subscription's secret. A missing, malformed or unknown-method header is false: a
 * subscriber that gave the hub a secret must ignore unsigned content (anyone can POST to a
 * public callback URL).
 */
export function verifyHubSignature(header: string | undefined, secret: string, body: Uint8Array): boolean {
  const match = /^\s*(sha1|sha256|sha384|sha512)=([0-9a-f]+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  const method = match[1]!.toLowerCase();
  if (!METHODS.has(method)) return false;
  const expected = createHmac(method, secret).update(body).digest();
  const given = Buffer.from(match[2]!, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The header a hub sends for `body` (what our test hub and the tests use). */
export function hubSignature(
  method: 'sha1' | 'sha256' | 'sha384' | 'sha512',
  secret: string,
  body: Uint8Array,
): string {
  return `${method}=${createHmac(method, secret).update(body).digest('hex')}`;
}
