import {
  EXPANSIONS,
  foldAstral,
  foldTable,
  isBoundary,
  nfcUnsafeTable,
  stripTable,
  wordEnd,
} from './text-fold';
import { IGNORED } from './unicode-tables';

/** One pattern of the automaton, already folded with `foldText(text, true)` (accents off). */
export interface AutomatonPattern {
  /** Folded text; words separated by single spaces. */
  text: string;
  /** True for `negotiat*`: the match may end inside a word and is extended to the word's end. */
  prefix: boolean;
}

/** Called for every pattern found on word boundaries; offsets are UTF-16 offsets into the scanned text. */
export type OnPatternMatch = (pattern: number, start: number, end: number) => void;

const SPACE_CLASS = 1;
const UNIT_IGNORED = 0xffff;
const UNIT_ASTRAL = 0xfffe;
const UNIT_CHECK = 0xfffd;
const UNIT_EXPAND = 0xfffc;
// States near the root (where most characters of a text land) and states with many children
// get a dense, failure-resolved transition row: one array read per character.
const DENSE_MIN_CHILDREN = 4;
const DENSE_MAX_DEPTH = 2;

/**
 * An Aho-Corasick automaton over folded UTF-16 code units, for every alias and term of every
 * watchlist at once. The text is folded while it is scanned (no copy), runs of spaces count as
 * one, and a match is reported only on word boundaries ({@link isBoundary}), so `Putin` does
 * not fire inside `Putinism` nor `Путин` inside `Распутин`. Scanning is linear in the text
 * length, whatever the number of patterns.
 */
export class AhoCorasick {
  /** Number of automaton states (a measure of its size). */
  readonly states: number;
  private readonly unitClass: Uint16Array;
  private readonly fold: Uint16Array;
  /** For a folded code unit of {@link EXPANSIONS}: the classes of its two units. */
  private readonly expandFirst: Uint16Array;
  private readonly expandSecond: Uint16Array;
  /** Class of each folded code unit (0: in no pattern). */
  private readonly alphabet: Uint16Array;
  private readonly fail: Int32Array;
  private readonly edgeStart: Int32Array;
  private readonly edgeClass: Uint16Array;
  private readonly edgeTo: Int32Array;
  private readonly denseRow: Int32Array;
  private readonly rows: Int32Array;
  private readonly out: Int32Array;
  private readonly patternHead: Int32Array;
  private readonly patternNext: Int32Array;
  private readonly patternLength: Int32Array;
  private readonly patternPrefix: Uint8Array;

  constructor(patterns: readonly AutomatonPattern[]) {
    // Alphabet compression: only code units that occur in a pattern get a class of their own.
    const alphabet = new Uint16Array(0x10000);
    alphabet[0x20] = SPACE_CLASS;
    let K = SPACE_CLASS + 1;
    for (const p of patterns) {
      for (let i = 0; i < p.text.length; i++) {
        const c = p.text.charCodeAt(i);
        if (alphabet[c] === 0) alphabet[c] = K++;
        if (K >= UNIT_EXPAND)
          throw new Error('the watchlists use more distinct characters than the matcher supports');
      }
    }
    this.alphabet = alphabet;

    // The trie, in typed arrays sized for the worst case (one state per pattern character):
    // children as first-child / next-sibling lists while building.
    let capacity = 1;
    for (const p of patterns) capacity += p.text.length;
    const firstChild = new Int32Array(capacity).fill(-1);
    const nextSibling = new Int32Array(capacity).fill(-1);
    const label = new Uint16Array(capacity);
    const childCount = new Int32Array(capacity);
    const terminal = new Int32Array(capacity).fill(-1);
    const depth = new Int32Array(capacity);
    const patternNext = new Int32Array(patterns.length).fill(-1);
    let n = 1;
    patterns.forEach((p, id) => {
      let s = 0;
      for (let i = 0; i < p.text.length; i++) {
        const k = alphabet[p.text.charCodeAt(i)]!;
        let t = firstChild[s]!;
        while (t >= 0 && label[t] !== k) t = nextSibling[t]!;
        if (t < 0) {
          t = n++;
          label[t] = k;
          depth[t] = depth[s]! + 1;
          nextSibling[t] = firstChild[s]!;
          firstChild[s] = t;
          childCount[s]!++;
        }
        s = t;
      }
      patternNext[id] = terminal[s]!;
      terminal[s] = id;
    });
    this.states = n;

    // Flatten the edges, sorted by class, so the scan reads compact typed arrays only.
    this.edgeStart = new Int32Array(n + 1);
    this.edgeClass = new Uint16Array(n - 1);
    this.edgeTo = new Int32Array(n - 1);
    let e = 0;
    for (let s = 0; s < n; s++) {
      this.edgeStart[s] = e;
      for (let t = firstChild[s]!; t >= 0; t = nextSibling[t]!) {
        // Insertion sort: most states have one or two children.
        let j = e++;
        while (j > this.edgeStart[s]! && this.edgeClass[j - 1]! > label[t]!) {
          this.edgeClass[j] = this.edgeClass[j - 1]!;
          this.edgeTo[j] = this.edgeTo[j - 1]!;
          j--;
        }
        this.edgeClass[j] = label[t]!;
        this.edgeTo[j] = t;
      }
    }
    this.edgeStart[n] = e;

    // Failure links, output links and dense rows, breadth first so every state's failure
    // target (shallower) is complete before the state itself.
    this.fail = new Int32Array(n);
    this.out = new Int32Array(n);
    this.denseRow = new Int32Array(n).fill(-1);
    const denseStates = [0];
    for (let s = 1; s < n; s++)
      if (childCount[s]! >= DENSE_MIN_CHILDREN || (depth[s]! <= DENSE_MAX_DEPTH && childCount[s]! > 0))
        denseStates.push(s);
    this.rows = new Int32Array(denseStates.length * K);
    denseStates.forEach((s, r) => (this.denseRow[s] = r * K));
    const queue = new Int32Array(n);
    let head = 0;
    let tail = 0;
    queue[tail++] = 0;
    while (head < tail) {
      const s = queue[head++]!;
      if (s !== 0) this.out[s] = terminal[s]! >= 0 ? s : this.out[this.fail[s]!]!;
      for (let j = this.edgeStart[s]!; j < this.edgeStart[s + 1]!; j++) {
        const t = this.edgeTo[j]!;
        this.fail[t] = s === 0 ? 0 : this.next(this.fail[s]!, this.edgeClass[j]!);
        queue[tail++] = t;
      }
      const row = this.denseRow[s]!;
      if (row >= 0) {
        // Start from where a mismatch would go (the failure state's transitions), then put
        // in this state's own children.
        if (s !== 0) {
          const failRow = this.denseRow[this.fail[s]!]!;
          if (failRow >= 0) this.rows.copyWithin(row, failRow, failRow + K);
          else for (let k = 1; k < K; k++) this.rows[row + k] = this.next(this.fail[s]!, k);
        }
        for (let j = this.edgeStart[s]!; j < this.edgeStart[s + 1]!; j++)
          this.rows[row + this.edgeClass[j]!] = this.edgeTo[j]!;
        this.rows[row] = 0;
      }
    }

    this.patternHead = terminal.slice(0, n);
    this.patternNext = patternNext;
    this.patternLength = Int32Array.from(patterns, (p) => p.text.length);
    this.patternPrefix = Uint8Array.from(patterns, (p) => (p.prefix ? 1 : 0));

    // The scan folds with the accents off; a term written with them is checked on its hits.
    const fold = stripTable();
    this.unitClass = new Uint16Array(0x10000);
    this.expandFirst = new Uint16Array(0x10000);
    this.expandSecond = new Uint16Array(0x10000);
    for (const [f, two] of EXPANSIONS) {
      this.expandFirst[f] = alphabet[two.charCodeAt(0)]!;
      this.expandSecond[f] = alphabet[two.charCodeAt(1)]!;
    }
    for (let c = 0; c < 0x10000; c++) {
      const f = fold[c]!;
      this.unitClass[c] =
        f === IGNORED
          ? UNIT_IGNORED
          : this.expandFirst[f] !== 0 || EXPANSIONS.has(f)
            ? UNIT_EXPAND
            : alphabet[f]!;
    }
    for (let c = 0xd800; c <= 0xdbff; c++) this.unitClass[c] = UNIT_ASTRAL;
    // Combining marks are skipped by the accent-free fold, but NFC may still compose them.
    const unsafe = nfcUnsafeTable();
    const withAccents = foldTable();
    for (let c = 0; c < 0x10000; c++)
      if (unsafe[c] && withAccents[c] !== IGNORED && this.unitClass[c] !== UNIT_ASTRAL)
        this.unitClass[c] = UNIT_CHECK;
    this.fold = fold;
  }

  /**
   * Finds every pattern in `text` that starts and ends on a word boundary (prefix patterns:
   * starts on one).
   *
   * @returns true when the text has characters that Unicode NFC normalisation may change
   *   (combining marks...): the caller should normalise it and scan again
   */
  scan(text: string, onMatch: OnPatternMatch): boolean {
    const { unitClass, denseRow, rows, edgeStart, edgeClass, edgeTo, fail, out } = this;
    const n = text.length;
    let s = 0;
    let lastSpace = true;
    let unnormalised = false;
    for (let i = 0; i < n; i++) {
      let k = unitClass[text.charCodeAt(i)]!;
      if (k >= UNIT_EXPAND) {
        if (k === UNIT_IGNORED) continue;
        if (k === UNIT_EXPAND) {
          // ß, æ, œ: two folded units (ss, ae, oe), each a step of the automaton; a match
          // that would end between them is none.
          const f = this.fold[text.charCodeAt(i)]!;
          lastSpace = false;
          s = this.next(this.next(s, this.expandFirst[f]!), this.expandSecond[f]!);
          if (out[s] !== 0) this.emit(s, text, i + 1, onMatch);
          continue;
        }
        if (k === UNIT_CHECK) {
          // A combining mark or the like: NFC might change the text; match it as it is.
          unnormalised = true;
          const f = this.fold[text.charCodeAt(i)]!;
          if (f === IGNORED) continue; // a diacritic, read without accents
          k = this.alphabet[f]!;
        } else {
          // A surrogate pair: fold the code point, then feed its two folded code units.
          const cp = text.codePointAt(i)!;
          if (cp < 0x10000) {
            s = 0;
            continue;
          }
          if (cp >= 0x2f800 && cp <= 0x2fa1f) unnormalised = true; // CJK compatibility ideographs
          const folded = String.fromCodePoint(foldAstral(cp));
          lastSpace = false;
          s = this.next(s, this.alphabet[folded.charCodeAt(0)]!);
          s = this.next(s, this.alphabet[folded.charCodeAt(1)]!);
          i++;
          if (out[s] !== 0) this.emit(s, text, i + 1, onMatch);
          continue;
        }
      }
      if (k === SPACE_CLASS) {
        if (lastSpace) continue;
        lastSpace = true;
      } else lastSpace = false;
      if (k === 0) s = 0;
      else {
        for (;;) {
          const row = denseRow[s]!;
          if (row >= 0) {
            s = rows[row + k]!;
            break;
          }
          let t = -1;
          for (let j = edgeStart[s]!, end = edgeStart[s + 1]!; j < end; j++) {
            if (edgeClass[j] === k) {
              t = edgeTo[j]!;
              break;
            }
          }
          if (t >= 0) {
            s = t;
            break;
          }
          s = fail[s]!;
        }
      }
      if (out[s] !== 0) this.emit(s, text, i + 1, onMatch);
    }
    return unnormalised;
  }

  /** Reports the patterns ending in state `s` (and its output links) that sit on word boundaries. */
  private emit(s: number, text: string, end: number, onMatch: OnPatternMatch): void {
    for (let t = this.out[s]!; t !== 0; t = this.out[this.fail[t]!]!) {
      for (let p = this.patternHead[t]!; p >= 0; p = this.patternNext[p]!) {
        const start = this.startOf(text, end, this.patternLength[p]!);
        if (start < 0 || !isBoundary(text, start)) continue;
        if (this.patternPrefix[p]) onMatch(p, start, wordEnd(text, end));
        else if (isBoundary(text, end)) onMatch(p, start, end);
      }
    }
  }

  /**
   * Where a match of `units` folded code units that ends at `end` starts: walks back the way
   * the scan went forward (ignored characters skipped, a run of spaces one unit, ß two). Done
   * only for matches, so the scan itself keeps no positions. -1 when the match would start
   * inside a ß, æ or œ.
   */
  private startOf(text: string, end: number, units: number): number {
    let i = end;
    while (units > 0 && i > 0) {
      const c = text.charCodeAt(i - 1);
      const k = this.unitClass[c]!;
      i--;
      if (k === UNIT_IGNORED || (k === UNIT_CHECK && this.fold[c] === IGNORED)) continue;
      if (k === SPACE_CLASS) while (i > 0 && this.unitClass[text.charCodeAt(i - 1)] === SPACE_CLASS) i--;
      units -= k === UNIT_EXPAND ? 2 : 1;
    }
    return units < 0 ? -1 : i;
  }

  /** The goto-or-fail transition from `s` on class `k` (used while building and for astral text). */
  private next(s: number, k: number): number {
    if (k === 0) return 0;
    for (;;) {
      const row = this.denseRow[s]!;
      if (row >= 0) return this.rows[row + k]!;
      const t = this.childOf(s, k);
      if (t >= 0) return t;
      if (s === 0) return 0;
      s = this.fail[s]!;
    }
  }

  private childOf(s: number, k: number): number {
    for (let j = this.edgeStart[s]!; j < this.edgeStart[s + 1]!; j++)
      if (this.edgeClass[j] === k) return this.edgeTo[j]!;
    return -1;
  }
}
