import type { Field, RuleNode } from './compile-watchlists';
import type { AtomTable, Occurrence } from './story-hits';
import { wordClassAt } from './text-fold';
import { WordClass } from './unicode-tables';

const NONE: readonly Occurrence[] = Object.freeze([]);

/** A stretch of one field: an occurrence, or what a NEAR joined. */
export interface Span {
  field: Field;
  start: number;
  end: number;
}

/** An occurrence that counts in a story's favour, with the atom it belongs to. */
export interface Witness extends Occurrence {
  atom: number;
}

/**
 * Evaluates one watchlist's rules on one story's hits. `title:` narrows what its operand
 * sees to the title; NEAR/n needs both sides in the same field with at most n words between
 * them (word positions are computed only when a NEAR is evaluated).
 */
export class RuleEvaluator {
  private readonly wordStarts: (Int32Array | undefined)[] = [undefined, undefined];
  private nearCache: Map<string, Span[]> | undefined;

  constructor(
    private readonly texts: [string, string],
    private readonly occurrences: AtomTable,
  ) {}

  /** The occurrences of atom `atom`, in field `scope` when given. */
  occurrencesOf(atom: number, scope?: Field): readonly Occurrence[] {
    const all = this.occurrences[atom];
    if (!all) return NONE;
    return scope === undefined ? all : all.filter((o) => o.field === scope);
  }

  /** True when atom `atom` occurs (in field `scope` when given); allocates nothing. */
  has(atom: number, scope?: Field): boolean {
    const all = this.occurrences[atom];
    if (!all) return false;
    return scope === undefined || all.some((o) => o.field === scope);
  }

  /** The rule's truth value on this story. */
  test(node: RuleNode, scope?: Field): boolean {
    switch (node.kind) {
      case 'atoms':
        return node.atoms.some((a) => this.has(a, scope));
      case 'and':
        return node.children.every((c) => this.test(c, scope));
      case 'or':
        return node.children.some((c) => this.test(c, scope));
      case 'not':
        return !this.test(node.child, scope);
      case 'scope':
        return this.test(node.child, node.field);
      case 'near':
        return this.spans(node, scope).length > 0;
    }
  }

  /** Where a positional node (atoms, OR of them, NEAR) occurs; empty for AND and NOT. */
  spans(node: RuleNode, scope?: Field): Span[] {
    switch (node.kind) {
      case 'atoms': {
        const out: Span[] = [];
        for (const a of node.atoms) if (this.has(a, scope)) out.push(...this.occurrencesOf(a, scope));
        return out;
      }
      case 'or':
        return node.children.flatMap((c) => this.spans(c, scope));
      case 'scope':
        return this.spans(node.child, node.field);
      case 'near': {
        // test, witnesses and priority rules ask again: joined once per node and scope.
        const key = `${node.node.start}:${scope}`;
        const cached = this.nearCache?.get(key);
        if (cached) return cached;
        const joined = this.join(node, scope);
        (this.nearCache ??= new Map()).set(key, joined);
        return joined;
      }
      default:
        return [];
    }
  }

  private join(node: Extract<RuleNode, { kind: 'near' }>, scope: Field | undefined): Span[] {
    const left = this.spans(node.left, scope);
    if (left.length === 0) return [];
    const right = this.spans(node.right, scope);
    const joined: Span[] = [];
    for (const a of left) {
      for (const b of right) {
        // Two different stretches of the same field: a term near itself is not "near".
        if (a.field !== b.field || (a.start < b.end && b.start < a.end)) continue;
        const [first, second] = a.start < b.start ? [a, b] : [b, a];
        const between =
          this.wordIndex(second.field, second.start) - this.wordIndex(first.field, first.end - 1) - 1;
        if (between <= node.distance)
          joined.push({ field: a.field, start: first.start, end: Math.max(a.end, b.end) });
      }
    }
    return joined;
  }

  /** The occurrences that made the rule true: atoms outside NOT, in true branches, in their scope. */
  witnesses(node: RuleNode, scope?: Field, out: Witness[] = []): Witness[] {
    if (node.kind !== 'atoms' && node.kind !== 'not' && !this.test(node, scope)) return out;
    switch (node.kind) {
      case 'atoms':
        for (const atom of node.atoms)
          for (const o of this.occurrencesOf(atom, scope))
            out.push({ field: o.field, start: o.start, end: o.end, label: o.label, atom });
        break;
      case 'and':
      case 'or':
        for (const c of node.children) this.witnesses(c, scope, out);
        break;
      case 'scope':
        this.witnesses(node.child, node.field, out);
        break;
      case 'near':
        this.witnesses(node.left, scope, out);
        this.witnesses(node.right, scope, out);
        break;
      case 'not':
        break;
    }
    return out;
  }

  /** The index of the word that contains `offset` (words: runs of letters and digits; each character of unspaced scripts). */
  wordIndex(field: Field, offset: number): number {
    const starts = (this.wordStarts[field] ??= wordStartsOf(this.texts[field]));
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}

/** Offsets where words start in `text`. */
export function wordStartsOf(text: string): Int32Array {
  const starts: number[] = [];
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = wordClassAt(text, i);
    if (c === WordClass.Unspaced || (c === WordClass.Word && !inWord)) starts.push(i);
    inWord = c === WordClass.Word;
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) i++;
  }
  return Int32Array.from(starts);
}
