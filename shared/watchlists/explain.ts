import type { CompiledWatchlist, Field, RuleNode } from './compile-watchlists';
import { describeMatch, priorityHolds, type MatchDescription } from './describe-match';
import type { RuleEvaluator } from './evaluate-rule';

/** What one atom of the rule found. */
export interface ExplainFound {
  /** The alias or term as written in the watchlist. */
  term: string;
  /** The text found in the story. */
  text: string;
  field: 'title' | 'summary';
  start: number;
  end: number;
}

/** One node of a rule, evaluated on a story. */
export interface ExplainNode {
  /** This part of the rule, as written. */
  rule: string;
  /** The operator of a compound part: AND, OR, NOT, NEAR/n, title:, summary:. */
  op?: string;
  holds: boolean;
  /** For terms, @actors and #groups: what was found (within the node's scope). */
  found?: ExplainFound[];
  children: ExplainNode[];
}

/** Why a story does or does not match one watchlist. */
export interface Explanation {
  watchlistId: string;
  watchlistName: string;
  enabled: boolean;
  matched: boolean;
  /** The rule, as written (or the default rule, when the watchlist has none). */
  rule: string;
  defaultRule: boolean;
  tree: ExplainNode;
  /** Present when the story matched: actors, terms, priority, score and snippet. */
  match?: MatchDescription;
  /** Every priority rule with its value and, when it has a rule, its tree. */
  priority: { name: string; holds: boolean; tree?: ExplainNode }[];
}

const FIELDS = ['title', 'summary'] as const;

/** Evaluates a watchlist's rule and priority rules on a story, keeping every node's value. */
export function explainWatchlist(
  cw: CompiledWatchlist,
  ev: RuleEvaluator,
  texts: [string, string],
): Explanation {
  const matched = ev.test(cw.rule.root);
  return {
    watchlistId: cw.watchlist.id,
    watchlistName: cw.watchlist.name,
    enabled: cw.watchlist.enabled !== false,
    matched,
    rule: cw.rule.source,
    defaultRule: cw.defaultRule,
    tree: explainNode(cw, cw.rule.root, cw.rule.source, ev, texts, undefined),
    ...(matched ? { match: describeMatch(cw, ev, texts) } : {}),
    priority: cw.priority.map((p) => ({
      name: p.name,
      holds: priorityHolds(p, ev),
      ...(p.rule ? { tree: explainNode(cw, p.rule.root, p.rule.source, ev, texts, undefined) } : {}),
    })),
  };
}

function explainNode(
  cw: CompiledWatchlist,
  node: RuleNode,
  source: string,
  ev: RuleEvaluator,
  texts: [string, string],
  scope: Field | undefined,
): ExplainNode {
  const base = { rule: source.slice(node.node.start, node.node.end), holds: ev.test(node, scope) };
  const child = (n: RuleNode, s: Field | undefined) => explainNode(cw, n, source, ev, texts, s);
  switch (node.kind) {
    case 'atoms': {
      const found = node.atoms.flatMap((atom) =>
        ev.occurrencesOf(atom, scope).map((o): ExplainFound => ({
          term: o.label,
          text: texts[o.field].slice(o.start, o.end),
          field: FIELDS[o.field],
          start: o.start,
          end: o.end,
        })),
      );
      found.sort((a, b) => FIELDS.indexOf(a.field) - FIELDS.indexOf(b.field) || a.start - b.start);
      return { ...base, found, children: [] };
    }
    case 'and':
    case 'or':
      return { ...base, op: node.kind.toUpperCase(), children: node.children.map((c) => child(c, scope)) };
    case 'not':
      return { ...base, op: 'NOT', children: [child(node.child, scope)] };
    case 'scope':
      return { ...base, op: `${FIELDS[node.field]}:`, children: [child(node.child, node.field)] };
    case 'near':
      return {
        ...base,
        op: `NEAR/${node.distance}`,
        children: [child(node.left, scope), child(node.right, scope)],
      };
  }
}
