import { QuerySyntaxError } from '../errors';

/** The fields a rule can be scoped to (`title:`). */
export const SCOPES = ['title', 'summary'] as const;
/** A story field a rule term can be scoped to. */
export type Scope = (typeof SCOPES)[number];

/** A token of a rule; offsets are UTF-16 offsets into the rule text. */
export type Token =
  | { type: 'and' | 'or' | 'not' | 'lparen' | 'rparen' | 'eof'; start: number; end: number }
  | { type: 'near'; distance: number; start: number; end: number }
  | { type: 'term' | 'phrase'; text: string; start: number; end: number }
  | { type: 'actor'; id: string; start: number; end: number }
  | { type: 'group'; name: string; start: number; end: number }
  | { type: 'scope'; scope: Scope; start: number; end: number };

/** Most NEAR distances in practice are 2-15 words; beyond a paragraph it means nothing. */
export const MAX_NEAR = 100;

const ACTOR_ID = /^([a-z0-9][a-z0-9_-]*|\*)$/;
const GROUP_NAME = /^[\p{L}\p{N}][\p{L}\p{N}_-]*$/u;

/**
 * Splits a rule into tokens. Operators are written in capitals (AND, OR, NOT, NEAR/n); bare
 * words run until a space, a parenthesis or a quote.
 *
 * @throws QuerySyntaxError at the offending column
 */
export function tokenize(rule: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < rule.length) {
    const c = rule[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ type: c === '(' ? 'lparen' : 'rparen', start: i, end: i + 1 });
      i++;
    } else if (c === '"' || c === '“' || c === '”') {
      const start = i;
      let text = '';
      i++;
      while (i < rule.length && !'"“”'.includes(rule[i]!)) {
        if (rule[i] === '\\' && i + 1 < rule.length) i++;
        text += rule[i];
        i++;
      }
      if (i >= rule.length) throw new QuerySyntaxError('this quote is never closed', start);
      i++;
      if (text.trim() === '') throw new QuerySyntaxError('empty phrase ""', start);
      tokens.push({ type: 'phrase', text, start, end: i });
    } else {
      const start = i;
      // Escaped, not literal: esbuild keeps a regular expression's characters as written, and
      // one non-ASCII character makes V8 read the whole Lambda bundle as a two-byte string
      // (about 2 ms more at every cold start of poll). test/infra/bundle-aliases.test.ts
      // keeps every bundle ASCII.
      while (i < rule.length && !/[\s()"\u201C\u201D]/.test(rule[i]!)) i++;
      const word = rule.slice(start, i);
      const scope = /^([\p{L}]+):/u.exec(word);
      if (scope) {
        const name = scope[1]!.toLowerCase() as Scope;
        if (!SCOPES.includes(name))
          throw new QuerySyntaxError(
            `unknown field "${scope[1]}:" (use ${SCOPES.map((s) => `${s}:`).join(' or ')})`,
            start,
          );
        const end = start + scope[0].length;
        tokens.push({ type: 'scope', scope: name, start, end });
        i = end; // what follows the colon is lexed as a token of its own
        continue;
      }
      tokens.push(wordToken(word, start, i));
    }
  }
  tokens.push({ type: 'eof', start: rule.length, end: rule.length });
  return tokens;
}

function wordToken(word: string, start: number, end: number): Token {
  if (word === 'AND') return { type: 'and', start, end };
  if (word === 'OR') return { type: 'or', start, end };
  if (word === 'NOT') return { type: 'not', start, end };
  if (word.startsWith('NEAR')) {
    const m = /^NEAR\/(\d+)$/.exec(word);
    if (!m)
      throw new QuerySyntaxError(`write NEAR/n with a number of words, e.g. NEAR/5 (got "${word}")`, start);
    const distance = Number(m[1]);
    if (distance > MAX_NEAR)
      throw new QuerySyntaxError(`NEAR/${distance}: use at most NEAR/${MAX_NEAR}`, start);
    return { type: 'near', distance, start, end };
  }
  if (word.startsWith('@')) {
    const id = word.slice(1);
    if (!ACTOR_ID.test(id))
      throw new QuerySyntaxError(
        `"${word}" is not an actor reference: write @ and an actor id (lower-case letters, digits, "_" or "-"), or @* for any actor`,
        start,
      );
    return { type: 'actor', id, start, end };
  }
  if (word.startsWith('#')) {
    const name = word.slice(1);
    if (!GROUP_NAME.test(name))
      throw new QuerySyntaxError(
        `"${word}" is not a group reference: write # and the name of a group under themes (or #keywords)`,
        start,
      );
    return { type: 'group', name, start, end };
  }
  return { type: 'term', text: word, start, end };
}

/** How a token reads in an error message. */
export function describeToken(t: Token): string {
  switch (t.type) {
    case 'eof':
      return 'the end of the rule';
    case 'lparen':
      return '"("';
    case 'rparen':
      return '")"';
    case 'near':
      return `NEAR/${t.distance}`;
    case 'and':
    case 'or':
    case 'not':
      return t.type.toUpperCase();
    case 'term':
      return `"${t.text}"`;
    case 'phrase':
      return `"${t.text}"`;
    case 'actor':
      return `@${t.id}`;
    case 'group':
      return `#${t.name}`;
    case 'scope':
      return `${t.scope}:`;
  }
}
