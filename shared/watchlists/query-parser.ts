import { QuerySyntaxError } from '../errors';
import { describeToken, tokenize, type Scope, type Token } from './query-lexer';

interface Span {
  /** Offsets of the node in the rule text, for explanations and errors. */
  start: number;
  end: number;
}

/** A parsed rule. */
export type QueryNode =
  | (Span & { kind: 'term'; text: string; phrase: boolean })
  | (Span & { kind: 'actor'; id: string })
  | (Span & { kind: 'group'; name: string })
  | (Span & { kind: 'and' | 'or'; children: QueryNode[] })
  | (Span & { kind: 'not'; child: QueryNode })
  | (Span & { kind: 'near'; left: QueryNode; right: QueryNode; distance: number })
  | (Span & { kind: 'scope'; scope: Scope; child: QueryNode });

/**
 * Parses a rule. Precedence, loosest first: OR, AND, NOT, NEAR/n, then `title:` and
 * parentheses; so `a OR b AND NOT c NEAR/3 d` reads `a OR (b AND (NOT (c NEAR/3 d)))`.
 *
 * @throws QuerySyntaxError pointing at the offending column
 */
export function parseQuery(rule: string): QueryNode {
  const tokens = tokenize(rule);
  let pos = 0;
  const peek = (): Token => tokens[pos]!;
  const take = (): Token => tokens[pos++]!;
  const startsOperand = (t: Token) =>
    ['term', 'phrase', 'actor', 'group', 'lparen', 'scope', 'not'].includes(t.type);

  function parseOr(): QueryNode {
    const children = [parseAnd()];
    while (peek().type === 'or') {
      take();
      children.push(parseAnd());
    }
    return children.length === 1
      ? children[0]!
      : { kind: 'or', children, start: children[0]!.start, end: children.at(-1)!.end };
  }

  function parseAnd(): QueryNode {
    const children = [parseNot()];
    for (;;) {
      const t = peek();
      if (t.type === 'and') {
        take();
        children.push(parseNot());
      } else if (startsOperand(t)) {
        throw missingOperator(rule, children.at(-1)!, t);
      } else break;
    }
    return children.length === 1
      ? children[0]!
      : { kind: 'and', children, start: children[0]!.start, end: children.at(-1)!.end };
  }

  function parseNot(): QueryNode {
    const t = peek();
    if (t.type !== 'not') return parseNear();
    take();
    const child = parseNot();
    return { kind: 'not', child, start: t.start, end: child.end };
  }

  function parseNear(): QueryNode {
    let left = parsePrimary();
    while (peek().type === 'near') {
      const op = take() as Extract<Token, { type: 'near' }>;
      if (peek().type === 'not')
        throw new QuerySyntaxError(
          `NOT cannot be an operand of NEAR/${op.distance}: NEAR takes terms, "phrases", @actors, #groups and OR of them`,
          peek().start,
        );
      const right = parsePrimary();
      for (const side of [left, right]) {
        if (!isPositional(side))
          throw new QuerySyntaxError(
            `NEAR/${op.distance} takes terms, "phrases", @actors, #groups and OR of them, not ${side.kind.toUpperCase()}`,
            side.start,
          );
      }
      left = { kind: 'near', left, right, distance: op.distance, start: left.start, end: right.end };
    }
    return left;
  }

  function parsePrimary(): QueryNode {
    const t = take();
    switch (t.type) {
      case 'term':
      case 'phrase':
        return { kind: 'term', text: t.text, phrase: t.type === 'phrase', start: t.start, end: t.end };
      case 'actor':
        return { kind: 'actor', id: t.id, start: t.start, end: t.end };
      case 'group':
        return { kind: 'group', name: t.name, start: t.start, end: t.end };
      case 'lparen': {
        if (peek().type === 'rparen') throw new QuerySyntaxError('empty parentheses', t.start);
        const inner = parseOr();
        const close = take();
        if (close.type !== 'rparen') {
          throw new QuerySyntaxError(
            `expected ")" to close the "(" at column ${t.start + 1}, found ${describeToken(close)}`,
            close.start,
          );
        }
        return { ...inner, start: t.start, end: close.end };
      }
      case 'scope': {
        const next = peek();
        if (next.type === 'scope')
          throw new QuerySyntaxError(`${t.scope}: and ${next.scope}: cannot be combined`, next.start);
        if (!['term', 'phrase', 'actor', 'group', 'lparen'].includes(next.type)) {
          throw new QuerySyntaxError(
            `${t.scope}: must be followed by a term, "phrase", @actor, #group or "(", found ${describeToken(next)}`,
            next.start,
          );
        }
        const child = parsePrimary();
        return { kind: 'scope', scope: t.scope, child, start: t.start, end: child.end };
      }
      case 'eof':
        throw new QuerySyntaxError(
          pos === 1
            ? 'the rule is empty'
            : `the rule ends too early: expected a term, "phrase", @actor, #group or "(" after ${describeToken(tokens[pos - 2]!)}`,
          t.start,
        );
      case 'rparen':
        throw new QuerySyntaxError('unexpected ")": no "(" is open here', t.start);
      default:
        throw new QuerySyntaxError(
          `expected a term, "phrase", @actor, #group or "(" but found ${describeToken(t)}`,
          t.start,
        );
    }
  }

  const root = parseOr();
  const rest = peek();
  if (rest.type === 'rparen') throw new QuerySyntaxError('unexpected ")": no "(" is open here', rest.start);
  if (rest.type !== 'eof') throw new QuerySyntaxError(`unexpected ${describeToken(rest)}`, rest.start);
  return root;
}

/** True for nodes that have word positions (NEAR operands): terms, actors, groups, OR of those. */
export function isPositional(node: QueryNode): boolean {
  switch (node.kind) {
    case 'term':
    case 'actor':
    case 'group':
    case 'near':
      return true;
    case 'or':
      return node.children.every(isPositional);
    case 'scope':
      return isPositional(node.child);
    default:
      return false;
  }
}

function missingOperator(rule: string, left: QueryNode, next: Token): QuerySyntaxError {
  const leftText = rule.slice(left.start, left.end);
  if (
    (next.type === 'term' && ['and', 'or', 'not'].includes(next.text.toLowerCase())) ||
    (next.type === 'term' && /^near\/\d+$/i.test(next.text))
  ) {
    return new QuerySyntaxError(`write operators in capitals: ${next.text.toUpperCase()}`, next.start);
  }
  const hint =
    left.kind === 'term' && !left.phrase && next.type === 'term'
      ? `, or quote the phrase "${leftText} ${next.text}"`
      : '';
  return new QuerySyntaxError(
    `missing operator between "${leftText}" and ${describeToken(next)}: write AND, OR or NEAR/n${hint}`,
    next.start,
  );
}

/** Every node of a rule, depth first. */
export function walkQuery(node: QueryNode, visit: (node: QueryNode) => void): void {
  visit(node);
  switch (node.kind) {
    case 'and':
    case 'or':
      node.children.forEach((c) => walkQuery(c, visit));
      break;
    case 'not':
    case 'scope':
      walkQuery(node.child, visit);
      break;
    case 'near':
      walkQuery(node.left, visit);
      walkQuery(node.right, visit);
      break;
  }
}
