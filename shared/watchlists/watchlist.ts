import { z } from 'zod';
import { withKnownFields } from '../config/known-fields';
import { QuerySyntaxError } from '../errors';
import { checkWatchlist, ruleSyntaxProblem } from './check-watchlist';
import { parseTerm } from './term';
import { ACTOR_KINDS, GROUP_NAME, GROUP_NAME_MESSAGE, ID, ID_MESSAGE, PRIORITY_IN } from './watchlist-fields';

/** A term as written: `peace plan`, `negotiat*`, `Зеленськ*`. Problems point at their column. */
const term = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .superRefine((value, ctx) => {
    if (value === '') return; // reported by min(1)
    try {
      parseTerm(value);
    } catch (err) {
      if (!(err instanceof QuerySyntaxError)) throw err;
      ctx.addIssue({ code: 'custom', message: err.message, params: { offset: err.offset } });
    }
  });

/** A rule in the query language (see query-parser.ts). Syntax errors point at their column. */
const rule = z
  .string()
  .min(1, 'must not be empty')
  .superRefine((value, ctx) => {
    if (value === '') return;
    const problem = ruleSyntaxProblem(value);
    if (problem)
      ctx.addIssue({ code: 'custom', message: problem.message, params: { offset: problem.offset } });
  });

/** A person, organisation or place watched under several spellings, in any script. */
export const ActorSchema = withKnownFields(
  z.looseObject({
    id: z.string().regex(ID, ID_MESSAGE),
    name: z.string().min(1),
    /** What the actor is; informational (shown in explanations). */
    kind: z.enum(ACTOR_KINDS).optional(),
    /** Spellings in any script; a trailing `*` marks a prefix for inflected languages (`Зеленськ*`). */
    aliases: z.array(term).min(1, 'give at least one alias'),
  }),
);
export type Actor = z.infer<typeof ActorSchema>;

/**
 * A rule that raises a matched story's alert to priority high. Every condition given must
 * hold: `rule` (a query, e.g. `title:@putin AND title:@witkoff`) and `minActors` distinct
 * actors (of `kind`, when given) named `in` the title, the summary or anywhere.
 */
export const PriorityRuleSchema = withKnownFields(
  z.looseObject({
    /** Shown in explanations and alerts: why the alert is high. */
    name: z.string().min(1).optional(),
    rule: rule.optional(),
    minActors: z.number().int().min(1).optional(),
    /** Where `minActors` are counted. @default "any" */
    in: z.enum(PRIORITY_IN).optional(),
    /** Count only actors of this kind (e.g. `person`: the Kremlin is not a second actor). */
    kind: z.enum(ACTOR_KINDS).optional(),
  }),
);
export type PriorityRule = z.infer<typeof PriorityRuleSchema>;

/**
 * A watchlist as written in config/watchlists/*.yaml. The skeleton's fields keep working: a
 * watchlist without `rule` matches a story naming any actor and any keyword. An unknown field
 * is refused with the closest known one: a misspelt `rules:` would otherwise run the default
 * rule (`x-` fields are kept). Optional fields other than `actors` have no zod defaults, so a
 * loaded watchlist stays close to what was written.
 */
export const WatchlistSchema = withKnownFields(
  z.looseObject({
    id: z.string().regex(ID, ID_MESSAGE),
    name: z.string().min(1),
    description: z.string().optional(),
    /** A disabled watchlist is loaded and validated but never matched. @default true */
    enabled: z.boolean().optional(),
    /** @default [] (a watchlist whose rule names no actor needs none) */
    actors: z.array(ActorSchema).default([]),
    /** Terms of the default rule; also the group `#keywords`. */
    keywords: z.array(term).optional(),
    /** Named term groups, used in rules as `#name`. */
    themes: z
      .record(
        z.string().regex(GROUP_NAME, GROUP_NAME_MESSAGE),
        z.array(term).min(1, 'give at least one term'),
      )
      .optional(),
    /** When absent: `@* AND #keywords` (any actor and any keyword). */
    rule: rule.optional(),
    /** Rules that raise an alert to priority high; a bare string is read as `{ rule: ... }`. */
    priority: z
      .array(z.preprocess((v) => (typeof v === 'string' ? { rule: v } : v), PriorityRuleSchema))
      .optional(),
  }),
).superRefine(checkWatchlist);
export type Watchlist = z.infer<typeof WatchlistSchema>;
