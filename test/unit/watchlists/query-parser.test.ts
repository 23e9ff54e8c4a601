import { QuerySyntaxError } from '../../../shared/errors';
import { parseQuery, type QueryNode } from '../../../shared/watchlists/query-parser';

/** The tree as a compact string: (AND a b), (NEAR/3 a b), title:x. */
function show(node: QueryNode): string {
  switch (node.kind) {
    case 'term':
      return node.phrase ? `"${node.text}"` : node.text;
    case 'actor':
      return `@${node.id}`;
    case 'group':
      return `#${node.name}`;
    case 'and':
    case 'or':
      return `(${node.kind.toUpperCase()} ${node.children.map(show).join(' ')})`;
    case 'not':
      return `(NOT ${show(node.child)})`;
    case 'near':
      return `(NEAR/${node.distance} ${show(node.left)} ${show(node.right)})`;
    case 'scope':
      return `${node.scope}:${show(node.child)}`;
  }
}

/** The column (1-based) and message of the syntax error a rule raises. */
function error(rule: string): string {
  try {
    parseQuery(rule);
  } catch (err) {
    if (err instanceof QuerySyntaxError) return `${err.column}: ${err.message}`;
    throw err;
  }
  throw new Error(`no error for ${rule}`);
}

describe('parseQuery', () => {
  it('reads terms, "phrases", @actors, #groups, prefixes and title: scope', () => {
    expect(
      show(
        parseQuery(
          '@putin AND "peace plan" AND negotiat* AND #talks AND title:@witkoff AND summary:(a OR b)',
        ),
      ),
    ).toBe('(AND @putin "peace plan" negotiat* #talks title:@witkoff summary:(OR a b))');
    expect(show(parseQuery("@* AND перемир'я AND c++"))).toBe("(AND @* перемир'я c++)");
  });

  it('binds NEAR tighter than NOT, NOT tighter than AND, AND tighter than OR', () => {
    expect(show(parseQuery('a OR b AND NOT c NEAR/3 d'))).toBe('(OR a (AND b (NOT (NEAR/3 c d))))');
    expect(show(parseQuery('(a OR b) AND c'))).toBe('(AND (OR a b) c)');
    expect(show(parseQuery('@putin NEAR/5 (@witkoff OR @kushner) NEAR/2 Moscow'))).toBe(
      '(NEAR/2 (NEAR/5 @putin (OR @witkoff @kushner)) Moscow)',
    );
  });

  it('keeps where each part is in the rule, for explanations', () => {
    const root = parseQuery('@putin AND (talks OR "peace plan")');
    expect(
      root.kind === 'and' &&
        root.children.map((c) => '@putin AND (talks OR "peace plan")'.slice(c.start, c.end)),
    ).toEqual(['@putin', '(talks OR "peace plan")']);
  });

  it.each([
    ['@putin AND', '11: the rule ends too early: expected a term, "phrase", @actor, #group or "(" after AND'],
    [
      '@putin AND (talks OR plan',
      '26: expected ")" to close the "(" at column 12, found the end of the rule',
    ],
    ['@putin) AND talks', '7: unexpected ")": no "(" is open here'],
    [
      'peace plan AND @putin',
      '7: missing operator between "peace" and "plan": write AND, OR or NEAR/n, or quote the phrase "peace plan"',
    ],
    ['@putin and talks', '8: write operators in capitals: AND'],
    ['@putin NEAR talks', '8: write NEAR/n with a number of words, e.g. NEAR/5 (got "NEAR")'],
    [
      '@putin NEAR/3 (a AND b)',
      '15: NEAR/3 takes terms, "phrases", @actors, #groups and OR of them, not AND',
    ],
    [
      '@putin NEAR/3 NOT b',
      '15: NOT cannot be an operand of NEAR/3: NEAR takes terms, "phrases", @actors, #groups and OR of them',
    ],
    ['"peace plan AND @putin', '1: this quote is never closed'],
    [
      '@Putin AND talks',
      '1: "@Putin" is not an actor reference: write @ and an actor id (lower-case letters, digits, "_" or "-"), or @* for any actor',
    ],
    ['headline:@putin', '1: unknown field "headline:" (use title: or summary:)'],
    ['title: AND @putin', '8: title: must be followed by a term, "phrase", @actor, #group or "(", found AND'],
    ['talks AND ()', '11: empty parentheses'],
    ['', '1: the rule is empty'],
    ['OR talks', '1: expected a term, "phrase", @actor, #group or "(" but found OR'],
  ])('points at the column of a syntax error: %s', (rule, expected) => {
    expect(error(rule)).toBe(expected);
  });
});
