import { WatchlistError } from '../errors';
import { AhoCorasick, type AutomatonPattern } from './aho-corasick';
import { KEYWORDS_GROUP } from './check-watchlist';
import { parseQuery, type QueryNode } from './query-parser';
import { triggerAtoms } from './rule-triggers';
import { parseTerm, termPatterns, umlautVariants, type Term } from './term';
import type { Watchlist } from './watchlist';

/** A story field: 0 is the title, 1 the summary. */
export type Field = 0 | 1;

/** Where an atom's occurrences come from: one automaton pattern, or a chain of them. */
export type AtomSource =
  | { pattern: number; label: string; exact?: string; accents?: string; chain?: undefined }
  | { chain: number; label: string; exact?: undefined; accents?: undefined };

/** What a rule atom stands for: one actor (all its aliases) or one term. */
export interface Atom {
  kind: 'actor' | 'term';
  /** Actor id, or the term as first written in the watchlist. */
  name: string;
  sources: AtomSource[];
}

/** A rule with its references resolved to atom indexes. Spans point into `source`. */
export type RuleNode =
  | { kind: 'atoms'; atoms: number[]; node: QueryNode }
  | { kind: 'and' | 'or'; children: RuleNode[]; node: QueryNode }
  | { kind: 'not'; child: RuleNode; node: QueryNode }
  | { kind: 'near'; left: RuleNode; right: RuleNode; distance: number; node: QueryNode }
  | { kind: 'scope'; field: Field; child: RuleNode; node: QueryNode };

/** A compiled rule and its text. */
export interface CompiledRule {
  source: string;
  root: RuleNode;
}

/** A priority rule, compiled. */
export interface CompiledPriority {
  name: string;
  rule?: CompiledRule;
  minActors?: number;
  in: 'title' | 'summary' | 'any';
  /** Actor atoms counted by `minActors`. */
  countedActors: number[];
}

/** One watchlist, ready to evaluate on the automaton's hits. */
export interface CompiledWatchlist {
  watchlist: Watchlist;
  atoms: Atom[];
  /** Actor atoms in the watchlist's order (the order matches report them in). */
  actorAtoms: number[];
  rule: CompiledRule;
  /** True when the rule is the default (any actor AND any keyword). */
  defaultRule: boolean;
  priority: CompiledPriority[];
}

/**
 * A term with `*` inside a phrase (`мирн* план*`): one pattern per word, and a hit when the
 * words follow each other, separated by spaces only.
 */
export interface Chain {
  /** Pattern ids of the words, in order. */
  parts: number[];
  /** accents[k]: the accented fold a hit of part k must have (a word written with accents). */
  accents?: (string | undefined)[];
}

/** Every enabled watchlist compiled into one automaton. */
export interface CompiledSet {
  automaton: AhoCorasick;
  patterns: AutomatonPattern[];
  chains: Chain[];
  /**
   * triggers[pattern]: the watchlists to evaluate when the pattern is found. A watchlist is
   * triggered only by the atoms its rule cannot match without (see rule-triggers.ts), so a
   * common word shared by many watchlists does not make all of them evaluate.
   */
  triggers: number[][];
  /** refs[pattern]: the atoms whose sources the pattern is (for a chain: its first word). */
  refs: PatternRef[][];
  watchlists: CompiledWatchlist[];
}

/** An atom that wants a pattern's hits. */
export interface PatternRef {
  watchlist: number;
  atom: number;
  source: AtomSource;
}

/** The default rule of a watchlist without `rule`: the skeleton's behaviour. */
export const DEFAULT_RULE = `@* AND #${KEYWORDS_GROUP}`;

/**
 * Compiles watchlists into one automaton over every alias and term, and each rule into a
 * tree over atom indexes. Disabled watchlists are left out unless `includeDisabled`.
 *
 * @throws WatchlistError naming the watchlist when a rule does not compile (the schema
 *   catches these first for watchlists loaded from files)
 */
export function compileWatchlists(
  watchlists: readonly Watchlist[],
  options: { includeDisabled?: boolean } = {},
): CompiledSet {
  const patterns: AutomatonPattern[] = [];
  const patternIds = new Map<string, number>();
  const addPattern = (p: AutomatonPattern): number => {
    const key = `${p.prefix ? '*' : '='}${p.text}`;
    let id = patternIds.get(key);
    if (id === undefined) {
      id = patterns.push(p) - 1;
      patternIds.set(key, id);
    }
    return id;
  };
  const chains: Chain[] = [];
  const registerOne = (term: Term): AtomSource => {
    const parts = termPatterns(term);
    const pattern = (p: (typeof parts)[number]) => addPattern({ text: p.text, prefix: p.prefix });
    if (parts.length === 1)
      return {
        pattern: pattern(parts[0]!),
        label: term.source,
        ...(term.exact !== undefined ? { exact: term.exact } : {}),
        ...(parts[0]!.exact !== undefined ? { accents: parts[0]!.exact } : {}),
      };
    const chain: Chain = { parts: parts.map(pattern) };
    if (parts.some((p) => p.exact !== undefined)) chain.accents = parts.map((p) => p.exact);
    return { chain: chains.push(chain) - 1, label: term.source };
  };
  // A term and its umlaut spellings (Schroeder, Schröder) are sources of one atom.
  const register = (term: Term): AtomSource[] => [term, ...umlautVariants(term)].map(registerOne);

  const compiled = watchlists
    .filter((w) => options.includeDisabled || w.enabled !== false)
    .map((watchlist): CompiledWatchlist => {
      try {
        return compileOne(watchlist, register);
      } catch (err) {
        throw new WatchlistError(`watchlist ${watchlist.id}: ${(err as Error).message}`, { cause: err });
      }
    });

  const triggers: Set<number>[] = patterns.map(() => new Set());
  compiled.forEach((cw, wi) => {
    for (const atom of triggerAtoms(cw.rule.root, cw.atoms)) {
      for (const source of cw.atoms[atom]!.sources)
        triggers[source.chain === undefined ? source.pattern : chains[source.chain]!.parts[0]!]!.add(wi);
    }
  });
  const refs: PatternRef[][] = patterns.map(() => []);
  compiled.forEach((cw, watchlist) =>
    cw.atoms.forEach((a, atom) => {
      for (const source of a.sources)
        refs[source.chain === undefined ? source.pattern : chains[source.chain]!.parts[0]!]!.push({
          watchlist,
          atom,
          source,
        });
    }),
  );
  return {
    automaton: new AhoCorasick(patterns),
    patterns,
    chains,
    triggers: triggers.map((t) => [...t]),
    refs,
    watchlists: compiled,
  };
}

function compileOne(watchlist: Watchlist, register: (term: Term) => AtomSource[]): CompiledWatchlist {
  const atoms: Atom[] = [];
  const termAtoms = new Map<string, number>();
  const addTerm = (source: string): number => {
    const term = parseTerm(source);
    const key =
      term.exact !== undefined
        ? `=${term.exact}${term.words.at(-1)!.prefix ? '*' : ''}`
        : term.words.map((w) => `${w.exact ?? w.text}${w.prefix ? '*' : ''}`).join(' ');
    let index = termAtoms.get(key);
    if (index === undefined) {
      index = atoms.push({ kind: 'term', name: term.source, sources: register(term) }) - 1;
      termAtoms.set(key, index);
    }
    return index;
  };

  const actorAtoms = watchlist.actors.map(
    (actor) =>
      atoms.push({
        kind: 'actor',
        name: actor.id,
        sources: actor.aliases.flatMap((alias) => register(parseTerm(alias))),
      }) - 1,
  );
  const actorIndex = new Map(watchlist.actors.map((a, i) => [a.id, actorAtoms[i]!]));
  const groups = new Map<string, number[]>();
  if (watchlist.keywords?.length) groups.set(KEYWORDS_GROUP, watchlist.keywords.map(addTerm));
  for (const [name, terms] of Object.entries(watchlist.themes ?? {})) groups.set(name, terms.map(addTerm));

  const compileRule = (source: string): CompiledRule => {
    const resolve = (node: QueryNode): RuleNode => {
      switch (node.kind) {
        case 'term':
          return { kind: 'atoms', atoms: [addTerm(node.text)], node };
        case 'actor': {
          if (node.id === '*') return { kind: 'atoms', atoms: actorAtoms, node };
          const a = actorIndex.get(node.id);
          if (a === undefined) throw new Error(`unknown actor @${node.id}`);
          return { kind: 'atoms', atoms: [a], node };
        }
        case 'group': {
          const g = groups.get(node.name);
          if (!g) throw new Error(`unknown group #${node.name}`);
          return { kind: 'atoms', atoms: g, node };
        }
        case 'and':
        case 'or':
          return { kind: node.kind, children: node.children.map(resolve), node };
        case 'not':
          return { kind: 'not', child: resolve(node.child), node };
        case 'near':
          return {
            kind: 'near',
            left: resolve(node.left),
            right: resolve(node.right),
            distance: node.distance,
            node,
          };
        case 'scope':
          return { kind: 'scope', field: node.scope === 'title' ? 0 : 1, child: resolve(node.child), node };
      }
    };
    return { source, root: resolve(parseQuery(source)) };
  };

  const rule = compileRule(watchlist.rule ?? DEFAULT_RULE);
  const priority = (watchlist.priority ?? []).map((entry, i): CompiledPriority => {
    const name =
      entry.name ??
      entry.rule ??
      `${entry.minActors} ${entry.kind ?? 'actor'}s${entry.in && entry.in !== 'any' ? ` in the ${entry.in}` : ''}`;
    return {
      name: name || `priority ${i + 1}`,
      ...(entry.rule ? { rule: compileRule(entry.rule) } : {}),
      ...(entry.minActors ? { minActors: entry.minActors } : {}),
      in: entry.in ?? 'any',
      countedActors: actorAtoms.filter(
        (_, a) => entry.kind === undefined || watchlist.actors[a]!.kind === entry.kind,
      ),
    };
  });
  return { watchlist, atoms, actorAtoms, rule, defaultRule: watchlist.rule === undefined, priority };
}
