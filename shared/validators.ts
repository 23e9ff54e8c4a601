// The formats ids and addresses must have, written once for the CLI, the stack's context,
// the stored-config checks and the channels.

/** Watchlist, actor and subscriber-choice ids. */
export const ID = /^[a-z0-9][a-z0-9_-]*$/;
export const ID_MESSAGE = 'use lower-case letters, digits, "_" or "-"';

/** Feed ids (dots allowed: feeds are often named after their host). */
export const FEED_ID = /^[a-z0-9][a-z0-9._-]*$/;
export const FEED_ID_MESSAGE = 'use lower-case letters, digits, ".", "_" or "-"';

/**
 * An e-mail address, deliberately simple: SNS does the real check when it sends the
 * confirmation e-mail; this one catches typos (a missing @, a stray separator) first.
 */
export const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>".]{2,}$/;

/** An E.164 phone number: '+', a country code not starting with 0, at most 15 digits in all. */
export const E164 = /^\+[1-9]\d{6,14}$/;

/** True for an e-mail address (see {@link EMAIL}). */
export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

/** True for an E.164 phone number (see {@link E164}). */
export function isE164(value: string): boolean {
  return E164.test(value);
}

/** True for an absolute http(s) URL. */
export function isHttpUrl(value: string): boolean {
  return URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
}
