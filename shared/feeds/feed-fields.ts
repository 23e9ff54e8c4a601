// The rules for a feed's fields: shared by the zod schema (./feed-config.ts) and the zod-free
// check of stored entries (../config/stored-config-check.ts).

/** Feed ids, used in keys and logs. */
export const FEED_ID = /^[a-z0-9][a-z0-9._-]*$/;
export const FEED_ID_MESSAGE = 'use lower-case letters, digits, ".", "_" or "-"';
export const FEED_URL_MESSAGE = 'must be an http or https URL';

/** True for an absolute http(s) URL. */
export function isHttpUrl(value: string): boolean {
  return URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
}
