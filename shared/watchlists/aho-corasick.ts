import { IGNORED, foldAstral, foldTable, isBoundary, wordEnd } from './text-fold';

/** One pattern of the automaton, already folded with {@link foldText}. */
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
// States with this many children or more get a dense, failure-resolved transition row: the
// few states near the root where most characters of a text land stay one array read away.
const DENSE_MIN_CHILDREN = 4;

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
  private readonly alphabet: Map<number, number>;
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
  private readonly ring: Int32Array;
  private readonly ringMask: number;

  constructor(patterns: readonly AutomatonPattern[]) {
    // Alphabet compression: only code units that occur in a pattern get a class of their own.
    const alphabet = new Map<number, number>([[0x20, SPACE_CLASS]]);
    for (const p of patterns) for (let i = 0; i < p.text.length; i++) if (!alphabet.has(p.text.charCodeAt(i))) alphabet.set(p.text.charCodeAt(i), alphabet.size + 1);
    const K = alphabet.size + 1;
    this.alphabet = alphabet;

    // The trie: children found through one map keyed by state * K + class.
    const child = new Map<number, number>();
    const childList: number[][] = [[]];
    const depth: number[] = [0];
    const terminal: number[] = [-1];
    const patternNext = new Int32Array(patterns.length).fill(-1);
    let maxLength = 1;
    patterns.forEach((p, id) => {
      let s = 0;
      for (let i = 0; i < p.text.length; i++) {
        const k = alphabet.get(p.text.charCodeAt(i))!;
        let t = child.get(s * K + k);
        if (t === undefined) {
          t = depth.length;
          child.set(s * K + k, t);
          childList[s]!.push(k, t);
          childList.push([]);
          depth.push(depth[s]! + 1);
          terminal.push(-1);
        }
        s = t;
      }
      patternNext[id] = terminal[s]!;
      terminal[s] = id;
      maxLength = Math.max(maxLength, p.text.length);
    });
    const n = depth.length;
    this.states = n;

    // Flatten the edges (sorted by class) so the scan reads typed arrays only.
    this.edgeStart = new Int32Array(n + 1);
    let edges = 0;
    for (let s = 0; s < n; s++) edges += childList[s]!.length / 2;
    this.edgeClass = new Uint16Array(edges);
    this.edgeTo = new Int32Array(edges);
    let e = 0;
    for (let s = 0; s < n; s++) {
      this.edgeStart[s] = e;
      const list = childList[s]!;
      const order = Array.from({ length: list.length / 2 }, (_, j) => j).sort((a, b) => list[2 * a]! - list[2 * b]!);
      for (const j of order) {
        this.edgeClass[e] = list[2 * j]!;
        this.edgeTo[e++] = list[2 * j + 1]!;
      }
    }
    this.edgeStart[n] = e;

    // Failure links, output links and dense rows, breadth first so every state's failure
    // target (shallower) is complete before the state itself.
    this.fail = new Int32Array(n);
    this.out = new Int32Array(n);
    this.denseRow = new Int32Array(n).fill(-1);
    const denseStates = [0];
    for (let s = 1; s < n; s++) if (childList[s]!.length / 2 >= DENSE_MIN_CHILDREN) denseStates.push(s);
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
      if (row >= 0) for (let k = 1; k < K; k++) this.rows[row + k] = s === 0 ? this.childOf(0, k) : this.childOf(s, k) >= 0 ? this.childOf(s, k) : this.next(this.fail[s]!, k);
      if (s === 0) for (let k = 0; k < K; k++) if (this.rows[k]! < 0) this.rows[k] = 0;
    }

    this.patternHead = new Int32Array(terminal);
    this.patternNext = patternNext;
    this.patternLength = Int32Array.from(patterns, (p) => p.text.length);
    this.patternPrefix = Uint8Array.from(patterns, (p) => (p.prefix ? 1 : 0));
    let ringSize = 2;
    while (ringSize <= maxLength) ringSize *= 2;
    this.ring = new Int32Array(ringSize);
    this.ringMask = ringSize - 1;

    const fold = foldTable();
    this.unitClass = new Uint16Array(0x10000);
    for (let c = 0; c < 0x10000; c++) {
      const f = fold[c]!;
      this.unitClass[c] = f === IGNORED ? UNIT_IGNORED : (alphabet.get(f) ?? 0);
    }
    for (let c = 0xd800; c <= 0xdbff; c++) this.unitClass[c] = UNIT_ASTRAL;
  }

  /** Finds every pattern in `text` that starts and ends on a word boundary (prefix patterns: starts on one). */
  scan(text: string, onMatch: OnPatternMatch): void {
    const { unitClass, denseRow, rows, edgeStart, edgeClass, edgeTo, fail, out, ring, ringMask } = this;
    const n = text.length;
    let s = 0;
    let fed = 0;
    let lastSpace = true;
    for (let i = 0; i < n; i++) {
      const k = unitClass[text.charCodeAt(i)]!;
      if (k >= UNIT_ASTRAL) {
        if (k === UNIT_IGNORED) continue;
        // A surrogate pair: fold the code point, then feed its two folded code units.
        const cp = text.codePointAt(i)!;
        if (cp < 0x10000) {
          s = 0;
          continue;
        }
        const folded = String.fromCodePoint(foldAstral(cp));
        lastSpace = false;
        s = this.next(s, this.alphabet.get(folded.charCodeAt(0)) ?? 0);
        ring[++fed & ringMask] = i;
        s = this.next(s, this.alphabet.get(folded.charCodeAt(1)) ?? 0);
        ring[++fed & ringMask] = i;
        i++;
        if (out[s] !== 0) this.emit(s, fed, text, i + 1, onMatch);
        continue;
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
      ring[++fed & ringMask] = i;
      if (out[s] !== 0) this.emit(s, fed, text, i + 1, onMatch);
    }
  }

  /** Reports the patterns ending in state `s` (and its output links) that sit on word boundaries. */
  private emit(s: number, fed: number, text: string, end: number, onMatch: OnPatternMatch): void {
    for (let t = this.out[s]!; t !== 0; t = this.out[this.fail[t]!]!) {
      for (let p = this.patternHead[t]!; p >= 0; p = this.patternNext[p]!) {
        const start = this.ring[(fed - this.patternLength[p]! + 1) & this.ringMask]!;
        if (!isBoundary(text, start)) continue;
        if (this.patternPrefix[p]) onMatch(p, start, wordEnd(text, end));
        else if (isBoundary(text, end)) onMatch(p, start, end);
      }
    }
  }

  /** The goto-or-fail transition from `s` on class `k` (used while building and for astral text). */
  private next(s: number, k: number): number {
    if (k === 0) return 0;
    for (;;) {
      const row = this.denseRow[s]!;
      if (row >= 0 && (s !== 0 || this.rows[k]! >= 0)) return this.rows[row + k]!;
      const t = this.childOf(s, k);
      if (t >= 0) return t;
      if (s === 0) return 0;
      s = this.fail[s]!;
    }
  }

  private childOf(s: number, k: number): number {
    for (let j = this.edgeStart[s]!; j < this.edgeStart[s + 1]!; j++) if (this.edgeClass[j] === k) return this.edgeTo[j]!;
    return -1;
  }
}
