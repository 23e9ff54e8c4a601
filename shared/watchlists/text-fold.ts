/**
 * Unicode case folding and word classes, one UTF-16 code unit at a time, so the matcher can
 * fold while it scans and report offsets into the original text without a copy.
 *
 * Folding is lower-casing plus a few equivalences news text needs: ё = е (Russian writes
 * both), final sigma = sigma, typographic apostrophes = `'`, every kind of space = one space,
 * soft hyphens and zero-width characters ignored, and the ligatures ß, æ and œ read as ss, ae
 * and oe (the two-unit folds, done by {@link EXPANSIONS}). A second fold also takes the
 * diacritics off Latin letters ({@link stripTable}): the matcher scans with that one, so a term
 * written without accents finds text with them, and checks a term written with accents
 * against the first.
 */

import { IGNORED, loadTextTables, WordClass, type TextTables } from './unicode-tables';

export { IGNORED, WordClass };

// Module-local copies for the hot functions below: run through the CLI's CommonJS transform
// (tsx), every use of an imported binding is a getter call, and that halved the matcher's
// throughput (bench/matcher.bench.ts: 77 -> 39 MB/s).
const WORD: WordClass = WordClass.Word;
const SKIPPED = IGNORED;

const WORD_CHAR = /^[\p{L}\p{M}\p{N}_]$/u;
const UNSPACED_CHAR =
  /^[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}]$/u;

let tables: TextTables | undefined;

/** The BMP tables, loaded once, on first use (see unicode-tables.ts). */
function getTables(): TextTables {
  tables ??= loadTextTables();
  return tables;
}

/** The folding table: code unit to folded code unit, {@link IGNORED} or itself for surrogates. */
export function foldTable(): Uint16Array {
  return getTables().fold;
}

/** The folding table with the diacritics of Latin letters taken off (é to e, ł to l). */
export function stripTable(): Uint16Array {
  return getTables().strip;
}

/**
 * Folded code units that stand for two: ß for ss, æ for ae, œ for oe (their capitals fold to
 * them). German writes Strasse for Straße, French oeuvre for œuvre.
 */
export const EXPANSIONS: ReadonlyMap<number, string> = new Map([
  [0x00df, 'ss'],
  [0x00e6, 'ae'],
  [0x0153, 'oe'],
]);

/** 1 for the code units Unicode NFC normalisation may change (see the matcher's scan). */
export function nfcUnsafeTable(): Uint8Array {
  return getTables().nfcUnsafe;
}

const astralClassCache = new Map<number, WordClass>();
const astralFoldCache = new Map<number, number>();

function astralClass(cp: number): WordClass {
  let k = astralClassCache.get(cp);
  if (k === undefined) {
    const ch = String.fromCodePoint(cp);
    k = UNSPACED_CHAR.test(ch)
      ? WordClass.Unspaced
      : WORD_CHAR.test(ch)
        ? WordClass.Word
        : WordClass.Separator;
    astralClassCache.set(cp, k);
  }
  return k;
}

/** The folded form of a code point outside the BMP (Deseret, Adlam, Osage... have case). */
export function foldAstral(cp: number): number {
  let f = astralFoldCache.get(cp);
  if (f === undefined) {
    const lower = String.fromCodePoint(cp).toLowerCase();
    f = lower.length === 2 ? lower.codePointAt(0)! : cp;
    astralFoldCache.set(cp, f);
  }
  return f;
}

/** The word class of the character starting at `i` (a whole surrogate pair counts as one). */
export function wordClassAt(text: string, i: number): WordClass {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return astralClass(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
  }
  return (tables ?? getTables()).wordClass[c] as WordClass;
}

/** The word class of the character ending just before `i`. */
export function wordClassBefore(text: string, i: number): WordClass {
  const d = text.charCodeAt(i - 1);
  if (d >= 0xdc00 && d <= 0xdfff && i >= 2) {
    const c = text.charCodeAt(i - 2);
    if (c >= 0xd800 && c <= 0xdbff) return astralClass(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
  }
  return (tables ?? getTables()).wordClass[d] as WordClass;
}

/**
 * True when offset `i` of `text` is not inside a word: a match may start or end there.
 * Scripts written without spaces have a boundary around every character.
 */
export function isBoundary(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length) return true;
  return wordClassBefore(text, i) !== WORD || wordClassAt(text, i) !== WORD;
}

/** Offset of the end of the word that contains offset `i` (for prefix terms: `negotiat*` → negotiations). */
export function wordEnd(text: string, i: number): number {
  let e = i;
  while (e < text.length && wordClassAt(text, e) === WORD)
    e += text.charCodeAt(e) >= 0xd800 && text.charCodeAt(e) <= 0xdbff ? 2 : 1;
  return e;
}

/**
 * Folds a term for matching: NFC, case folding, spaces collapsed, ignorable characters
 * dropped, ß/æ/œ expanded; with `stripAccents`, the diacritics of Latin letters taken off too
 * (the form the automaton matches). The text side is folded the same way, one code unit at a
 * time, while scanning.
 *
 * @param stripAccents fold with {@link stripTable} instead of {@link foldTable} @default false
 */
export function foldText(text: string, stripAccents = false): string {
  const fold = stripAccents ? stripTable() : foldTable();
  const source = text.normalize('NFC');
  let out = '';
  let lastSpace = true;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < source.length) {
      const cp = source.codePointAt(i)!;
      out += String.fromCodePoint(foldAstral(cp));
      i++;
      lastSpace = false;
      continue;
    }
    const f = fold[c]!;
    if (f === SKIPPED) continue;
    if (f === 0x20) {
      if (!lastSpace) out += ' ';
      lastSpace = true;
      continue;
    }
    out += EXPANSIONS.get(f) ?? String.fromCharCode(f);
    lastSpace = false;
  }
  return out.trimEnd();
}
