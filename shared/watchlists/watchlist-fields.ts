// The rules for a watchlist's fields that are not its structure: shared by the zod schema the
// CLI validates with (./watchlist.ts) and the zod-free check of stored entries the Lambda
// functions run (../config/stored-config-check.ts), so the two cannot drift apart.

/** Watchlist and actor ids (the one definition is in the validators module). */
export { ID, ID_MESSAGE } from '../validators';

/** Theme (group) names, used in rules as `#name`. */
export const GROUP_NAME = /^[\p{L}\p{N}][\p{L}\p{N}_-]*$/u;
export const GROUP_NAME_MESSAGE = 'name groups with letters, digits, "_" or "-"';

/** What an actor is. */
export const ACTOR_KINDS = ['person', 'org', 'place'] as const;

/** Where a priority rule counts actors. */
export const PRIORITY_IN = ['title', 'summary', 'any'] as const;
