import type { Atom, RuleNode } from './compile-watchlists';

// Names are rarer in text than words: an actor alias is assumed fifty times less frequent than
// a theme term when choosing which side of an AND triggers the evaluation.
const TERM_COST = 50;
const ACTOR_COST = 1;

/**
 * Atoms of which at least one must occur for the rule to be true: only their hits make the
 * matcher evaluate the watchlist. For an AND (or NEAR) any operand would do; the one whose
 * atoms are expected rarest is taken. Falls back to every atom when the rule gives no such
 * guarantee (a double NOT): correct, only slower.
 */
export function triggerAtoms(root: RuleNode, atoms: Atom[]): number[] {
  const required = requiredAtoms(root, atoms);
  return required ? [...new Set(required)] : atoms.map((_, i) => i);
}

function requiredAtoms(node: RuleNode, atoms: Atom[]): number[] | undefined {
  switch (node.kind) {
    case 'atoms':
      return node.atoms;
    case 'scope':
      return requiredAtoms(node.child, atoms);
    case 'not':
      return undefined;
    case 'or': {
      const all: number[] = [];
      for (const c of node.children) {
        const r = requiredAtoms(c, atoms);
        if (!r) return undefined;
        all.push(...r);
      }
      return all;
    }
    case 'and':
    case 'near': {
      const operands = node.kind === 'near' ? [node.left, node.right] : node.children;
      const options = operands
        .map((c) => requiredAtoms(c, atoms))
        .filter((r): r is number[] => r !== undefined);
      let best: number[] | undefined;
      let bestCost = Infinity;
      for (const r of options) {
        const cost = r.reduce(
          (sum, a) => sum + atoms[a]!.sources.length * (atoms[a]!.kind === 'actor' ? ACTOR_COST : TERM_COST),
          0,
        );
        if (cost < bestCost) {
          best = r;
          bestCost = cost;
        }
      }
      return best;
    }
  }
}
