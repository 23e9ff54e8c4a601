import { QuerySyntaxError } from '../errors';
import { parseQuery, walkQuery, type QueryNode } from './query-parser';
import { parseTerm } from './term';

/** The fields of a watchlist the checks read (the schema's output, before the checks). */
interface WatchlistShape {
  actors?: { id: string }[];
  keywords?: string[];
  themes?: Record<string, string[]>;
  rule?: string;
  priority?: { rule?: string; minActors?: number }[];
}

/**
 * Where the checks report: zod's refinement context (the CLI's schema), or the zod-free check
 * of stored entries that runs in the Lambda functions.
 */
export interface IssueSink {
  addIssue(issue: {
    code: 'custom';
    path?: (string | number)[];
    message: string;
    params?: { offset: number };
  }): void;
}

/** The group name under which a watchlist's `keywords` are used in rules. */
export const KEYWORDS_GROUP = 'keywords';

/**
 * Parses a rule and every term in it.
 *
 * @returns the first problem with its offset in the rule, or undefined when the rule reads
 */
export function ruleSyntaxProblem(rule: string): { message: string; offset: number } | undefined {
  try {
    const root = parseQuery(rule);
    walkQuery(root, (node) => {
      if (node.kind !== 'term') return;
      try {
        parseTerm(node.text);
      } catch (err) {
        if (err instanceof QuerySyntaxError)
          throw new QuerySyntaxError(err.message, node.start + (node.phrase ? 1 : 0) + err.offset);
        throw err;
      }
    });
    return undefined;
  } catch (err) {
    if (err instanceof QuerySyntaxError) return { message: err.message, offset: err.offset };
    throw err;
  }
}

/**
 * The checks that need the whole watchlist: actor and group references in rules, a rule
 * that could match a story mentioning none of its terms, the default rule's needs.
 */
export function checkWatchlist(w: WatchlistShape, ctx: IssueSink): void {
  const actors = new Set((w.actors ?? []).map((a) => a.id));
  const groups = new Set(Object.keys(w.themes ?? {}));
  if (groups.has(KEYWORDS_GROUP))
    ctx.addIssue({
      code: 'custom',
      path: ['themes', KEYWORDS_GROUP],
      message: `"${KEYWORDS_GROUP}" is the name of the keywords list: pick another theme name`,
    });
  if ((w.keywords ?? []).length > 0) groups.add(KEYWORDS_GROUP);
  const seenActors = new Set<string>();
  (w.actors ?? []).forEach((a, i) => {
    if (seenActors.has(a.id))
      ctx.addIssue({
        code: 'custom',
        path: ['actors', i, 'id'],
        message: `actor id "${a.id}" is used twice`,
      });
    seenActors.add(a.id);
  });

  if (w.rule === undefined) {
    // The skeleton's rule: any actor AND any keyword.
    if (actors.size === 0)
      ctx.addIssue({ code: 'custom', path: ['actors'], message: 'give at least one actor' });
    if ((w.keywords ?? []).length === 0)
      ctx.addIssue({ code: 'custom', path: ['keywords'], message: 'give at least one keyword (or a rule)' });
  } else {
    checkRule(w.rule, ['rule'], actors, groups, ctx, true);
  }
  (w.priority ?? []).forEach((p, i) => {
    if (p.rule === undefined && p.minActors === undefined)
      ctx.addIssue({ code: 'custom', path: ['priority', i], message: 'give a rule, minActors or both' });
    if (p.rule !== undefined) checkRule(p.rule, ['priority', i, 'rule'], actors, groups, ctx, false);
  });
}

function checkRule(
  rule: string,
  path: (string | number)[],
  actors: Set<string>,
  groups: Set<string>,
  ctx: IssueSink,
  needsPositive: boolean,
): void {
  if (ruleSyntaxProblem(rule)) return; // reported by the field's own check
  const root = parseQuery(rule);
  walkQuery(root, (node) => {
    if (node.kind === 'actor' && node.id !== '*' && !actors.has(node.id)) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `unknown actor @${node.id} (actors: ${[...actors].join(', ') || 'none'})`,
        params: { offset: node.start },
      });
    }
    if (node.kind === 'actor' && node.id === '*' && actors.size === 0)
      ctx.addIssue({
        code: 'custom',
        path,
        message: '@* (any actor) needs at least one actor',
        params: { offset: node.start },
      });
    if (node.kind === 'group' && !groups.has(node.name)) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `unknown group #${node.name} (groups: ${[...groups].map((g) => `#${g}`).join(', ') || 'none; add themes'})`,
        params: { offset: node.start },
      });
    }
  });
  if (needsPositive && matchesWithoutHits(root)) {
    ctx.addIssue({
      code: 'custom',
      path,
      message:
        'this rule matches stories that mention none of its terms: it needs a term, @actor or #group outside NOT',
      params: { offset: 0 },
    });
  }
}

/** The rule's value on a story in which none of its terms occur. */
export function matchesWithoutHits(node: QueryNode): boolean {
  switch (node.kind) {
    case 'term':
    case 'actor':
    case 'group':
    case 'near':
      return false;
    case 'and':
      return node.children.every(matchesWithoutHits);
    case 'or':
      return node.children.some(matchesWithoutHits);
    case 'not':
      return !matchesWithoutHits(node.child);
    case 'scope':
      return matchesWithoutHits(node.child);
  }
}
