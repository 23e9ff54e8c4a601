// The rules for a feed's fields: shared by the zod schema (./feed-config.ts) and the zod-free
// check of stored entries (../config/stored-config-check.ts).

/** Feed ids, used in keys and logs (the one definition is in the validators module). */
export { FEED_ID, FEED_ID_MESSAGE, isHttpUrl } from '../validators';
export const FEED_URL_MESSAGE = 'must be an http or https URL';
