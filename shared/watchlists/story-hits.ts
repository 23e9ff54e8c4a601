import type { OnPatternMatch } from './aho-corasick';
import type { CompiledSet, Field } from './compile-watchlists';
import { foldText } from './text-fold';

/** One place in a story where an atom (an actor alias or a term) was found. */
export interface Occurrence {
  field: Field;
  /** UTF-16 offsets into the (NFC) field text. */
  start: number;
  end: number;
  /** The alias or term as written in the watchlist. */
  label: string;
}

/** What one scan of a story found. Valid until the scanner's next scan. */
export interface StoryHits {
  /** Title and summary, NFC-normalised: the offsets point into these. */
  texts: [string, string];
  /** Distinct patterns found, in order of first hit. */
  patterns: number[];
  /** The (field, start, end) of every hit of `pattern`, in text order. */
  hitsOf(pattern: number): [Field, number, number][];
  /** Watchlists that a hit triggered (see CompiledSet.triggers), ascending. */
  triggered: number[];
}

/** occurrences[atom] for one watchlist; absent when the atom does not occur. */
export type AtomTable = Occurrence[][];

const ONLY_SPACES = /^[\s\u00ad\u200b-\u200d\u2060\ufeff]+$/u;
// Hits are kept in one reused buffer of (field, start, end, next hit of the same pattern).
const HIT_SIZE = 4;

/**
 * Scans stories with the shared automaton. It owns reused buffers (a story without a hit
 * allocates next to nothing, which is most stories), so one scanner serves one caller at a
 * time: the matcher.
 */
export class StoryScanner implements StoryHits {
  texts: [string, string] = ['', ''];
  readonly patterns: number[] = [];
  readonly triggered: number[] = [];
  private buffer = new Int32Array(HIT_SIZE * 256);
  private count = 0;
  private field: Field = 0;
  private story = 0;
  private readonly patternStamp: Uint32Array;
  private readonly firstHit: Int32Array;
  private readonly lastHit: Int32Array;
  private readonly watchlistStamp: Uint32Array;
  private readonly onMatch: OnPatternMatch;

  constructor(private readonly set: CompiledSet) {
    this.patternStamp = new Uint32Array(set.patterns.length);
    this.firstHit = new Int32Array(set.patterns.length);
    this.lastHit = new Int32Array(set.patterns.length);
    this.watchlistStamp = new Uint32Array(set.watchlists.length);
    this.onMatch = (pattern, start, end) => this.record(pattern, start, end);
  }

  /**
   * Scans title and summary once and notes the watchlists the hits trigger (only those are
   * evaluated). Returns the scanner itself: its hits are valid until the next scan.
   */
  scan(title: string, summary: string): StoryHits {
    this.story = (this.story + 1) >>> 0 || 1;
    this.count = 0;
    this.patterns.length = 0;
    this.triggered.length = 0;
    this.texts = [title, summary];
    this.field = 0;
    let unnormalised = this.set.automaton.scan(title, this.onMatch);
    this.field = 1;
    unnormalised = this.set.automaton.scan(summary, this.onMatch) || unnormalised;
    if (unnormalised) {
      // Rare (combining marks...): normalise, as the patterns are, and scan again.
      this.story = (this.story + 1) >>> 0 || 1;
      this.count = 0;
      this.patterns.length = 0;
      this.triggered.length = 0;
      this.texts = [title.normalize('NFC'), summary.normalize('NFC')];
      this.field = 0;
      this.set.automaton.scan(this.texts[0], this.onMatch);
      this.field = 1;
      this.set.automaton.scan(this.texts[1], this.onMatch);
    }
    if (this.triggered.length > 1) this.triggered.sort((a, b) => a - b);
    return this;
  }

  hitsOf(pattern: number): [Field, number, number][] {
    const out: [Field, number, number][] = [];
    if (this.patternStamp[pattern] !== this.story) return out;
    for (let h = this.firstHit[pattern]!; h >= 0; h = this.buffer[h * HIT_SIZE + 3]!)
      out.push([
        this.buffer[h * HIT_SIZE] as Field,
        this.buffer[h * HIT_SIZE + 1]!,
        this.buffer[h * HIT_SIZE + 2]!,
      ]);
    return out;
  }

  private record(pattern: number, start: number, end: number): void {
    if (this.count * HIT_SIZE === this.buffer.length) {
      const bigger = new Int32Array(this.buffer.length * 2);
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    const h = this.count++;
    const at = h * HIT_SIZE;
    this.buffer[at] = this.field;
    this.buffer[at + 1] = start;
    this.buffer[at + 2] = end;
    this.buffer[at + 3] = -1;
    if (this.patternStamp[pattern] !== this.story) {
      this.patternStamp[pattern] = this.story;
      this.firstHit[pattern] = h;
      this.patterns.push(pattern);
      for (const w of this.set.triggers[pattern]!) {
        if (this.watchlistStamp[w] === this.story) continue;
        this.watchlistStamp[w] = this.story;
        this.triggered.push(w);
      }
    } else this.buffer[this.lastHit[pattern]! * HIT_SIZE + 3] = h;
    this.lastHit[pattern] = h;
  }
}

/**
 * Files the story's hits under the atoms of the given watchlists, in one pass over the
 * patterns found: case-sensitive terms checked, chained words joined.
 */
export function atomTables(set: CompiledSet, hits: StoryHits, watchlists: readonly number[]): AtomTable[] {
  // Indexed by watchlist: a common word is wanted by many watchlists, most not evaluated.
  const tables: AtomTable[] = new Array(set.watchlists.length);
  for (const w of watchlists) tables[w] = [];
  for (const pattern of hits.patterns) {
    let list: [Field, number, number][] | undefined;
    for (const { watchlist, atom, source } of set.refs[pattern]!) {
      const table = tables[watchlist];
      if (!table) continue;
      const found =
        source.chain !== undefined ? chainHits(set, hits, source.chain) : (list ??= hits.hitsOf(pattern));
      const exact = source.chain === undefined ? source.exact : undefined;
      const accents = source.chain === undefined ? source.accents : undefined;
      const prefix = set.patterns[pattern]!.prefix;
      for (const [field, start, end] of found) {
        if (exact !== undefined && !isExact(hits.texts[field], start, end, exact, prefix)) continue;
        if (accents !== undefined && !hasAccents(hits.texts[field], start, end, accents, prefix)) continue;
        (table[atom] ??= []).push({ field, start, end, label: source.label });
      }
    }
  }
  return tables;
}

/** A chain's words found one after the other, separated by spaces only. */
function chainHits(set: CompiledSet, hits: StoryHits, chain: number): [Field, number, number][] {
  const { parts: ids, accents } = set.chains[chain]!;
  const parts = ids.map((p, k) => {
    const found = hits.hitsOf(p);
    const a = accents?.[k];
    if (a === undefined) return found;
    const prefix = set.patterns[p]!.prefix;
    return found.filter(([field, start, end]) => hasAccents(hits.texts[field], start, end, a, prefix));
  });
  const out: [Field, number, number][] = [];
  for (const [field, start, firstEnd] of parts[0]!) {
    let end: number | undefined = firstEnd;
    for (let k = 1; k < parts.length && end !== undefined; k++) {
      const prevEnd: number = end;
      end = parts[k]!.find(
        ([f, s]) => f === field && s > prevEnd && ONLY_SPACES.test(hits.texts[field].slice(prevEnd, s)),
      )?.[2];
    }
    if (end !== undefined) out.push([field, start, end]);
  }
  return out;
}

/** For a case-sensitive term (`=US`): the hit's text, spaces collapsed, equals it (or starts with it, for a prefix). */
function isExact(text: string, start: number, end: number, exact: string, prefix: boolean): boolean {
  const found = text
    .slice(start, end)
    .replace(/[\s\u00ad\u200b-\u200d\u2060\ufeff]+/gu, (m) => (/\s/.test(m) ? ' ' : ''));
  return prefix ? found.startsWith(exact) : found === exact;
}

/**
 * For a term written with accents (`Élysée`): the hit, folded with its accents, equals the
 * term's accented fold (or starts with it, for a prefix), so "Elysee" is no hit of it.
 */
function hasAccents(text: string, start: number, end: number, accents: string, prefix: boolean): boolean {
  const found = foldText(text.slice(start, end));
  return prefix ? found.startsWith(accents) : found === accents;
}
