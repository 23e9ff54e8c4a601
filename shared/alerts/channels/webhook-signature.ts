import { createHmac } from 'node:crypto';

/** The header with the time a webhook request was signed, in Unix seconds. */
export const TIMESTAMP_HEADER = 'X-Newsalert-Timestamp';
/** The header with the signature: `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`. */
export const SIGNATURE_HEADER = 'X-Newsalert-Signature';

/**
 * The signature headers of one webhook request. The timestamp is signed with the body, so a
 * receiver that refuses old timestamps also refuses a captured request replayed later.
 */
export function signatureHeaders(secret: string, body: string, nowMs = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const hex = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: `sha256=${hex}` };
}
