/**
 * The matcher's per-code-unit tables for the Basic Multilingual Plane: case folding (with and
 * without the accents of Latin letters), word classes and the characters NFC may change. They are derived from the Unicode data of the
 * running Node.js (ICU), which takes 30-40 ms of regular expressions and normalisation: too
 * much for a Lambda cold start. So the build derives them once and bakes them into each
 * function bundle, packed ({@link packTextTables}, about 13 KB); a bundle unpacks them on its
 * first match, in a few milliseconds. The CLI, which has no such build, derives them on first use.
 */

/** A code unit that is skipped when matching (soft hyphen, zero-width space and joiners, BOM). */
export const IGNORED = 0xffff;

/** Word classes, see `wordClassAt` in text-fold.ts. */
export const WordClass = {
  /** Spaces, punctuation, symbols: a word boundary. */
  Separator: 0,
  /** Letters, combining marks, digits and `_` of scripts that separate words with spaces. */
  Word: 1,
  /** Letters of scripts written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar): every character may start or end a word. */
  Unspaced: 2,
} as const;
/** One of {@link WordClass}. */
export type WordClass = (typeof WordClass)[keyof typeof WordClass];

/** The tables, indexed by UTF-16 code unit. */
export interface TextTables {
  /** Code unit to folded code unit, {@link IGNORED}, or itself for surrogates. */
  fold: Uint16Array;
  /**
   * The fold with the diacritics of Latin letters taken off (É and é to e, ł to l, ó to o),
   * and combining diacritical marks {@link IGNORED}: what the matcher scans with, so a term
   * written without accents finds text with them.
   */
  strip: Uint16Array;
  /** Code unit to {@link WordClass}. */
  wordClass: Uint8Array;
  /** 1 for the code units Unicode NFC normalisation may change or combine. */
  nfcUnsafe: Uint8Array;
}

/**
 * The expression the build replaces with the packed tables (esbuild `define`, see
 * infra/bundling.ts). Undefined outside a Lambda bundle.
 */
export const TEXT_TABLES_DEFINE_KEY = 'process.env.NEWSALERT_TEXT_TABLES';

const WORD_RUN = /[\p{L}\p{M}\p{N}_]+/gu;
const UNSPACED_RUN =
  /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}]+/gu;

const SPECIAL_FOLDS: Record<string, string> = {
  '\u0130': 'i', // İ: toLowerCase gives two code units
  ς: 'σ',
  ё: 'е',
  Ё: 'е',
  '\u2019': "'", // ’ right single quotation mark, the usual Ukrainian apostrophe in news
  '\u02bc': "'", // ʼ modifier letter apostrophe, the official Ukrainian one
  '\u2018': "'",
  '\u0060': "'",
  '\u00b4': "'",
  '\u2032': "'",
  '\u2010': '-',
  '\u2011': '-',
};
const IGNORABLE = '\u00ad\u200b\u200c\u200d\u2060\ufeff';
// Latin letters whose diacritic is no combining mark, so NFD leaves them whole.
const STRIP_EXTRA: Record<string, string> = {
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ħ: 'h',
  ı: 'i',
  ŀ: 'l',
  ŧ: 't',
  ƚ: 'l',
  ɨ: 'i',
  ʉ: 'u',
};
const COMBINING_DIACRITICS = [0x0300, 0x036f] as const;

/**
 * The tables for this build: the packed ones baked into the bundle when there are any
 * (spelled exactly `process.env.NEWSALERT_TEXT_TABLES` so esbuild can replace it), else
 * derived from this Node.js's Unicode data.
 */
export function loadTextTables(): TextTables {
  // Spelled out twice, not kept in a variable: in a bundle both become the same string
  // literal, esbuild folds the condition, and computeTextTables is left out of the bundle.
  return process.env.NEWSALERT_TEXT_TABLES
    ? unpackTextTables(process.env.NEWSALERT_TEXT_TABLES)
    : computeTextTables();
}

/** Derives the tables from the Unicode data of the running Node.js. */
export function computeTextTables(): TextTables {
  const fold = new Uint16Array(0x10000);
  const wordClass = new Uint8Array(0x10000);
  // All BMP code units but surrogates, in one string: one toLowerCase and two regex passes
  // are far cheaper than 65,536 single-character calls.
  const units = new Uint16Array(0x10000 - 0x800);
  for (let c = 0, i = 0; c < 0x10000; c++) if (c < 0xd800 || c > 0xdfff) units[i++] = c;
  const all = Buffer.from(units.buffer).toString('utf16le');
  const lower = all.replace('\u0130', 'i').toLowerCase();
  if (lower.length !== all.length) throw new Error('text-fold: lower-casing changed the BMP length');
  for (let i = 0; i < units.length; i++) fold[units[i]!] = lower.charCodeAt(i);
  for (let c = 0xd800; c <= 0xdfff; c++) fold[c] = c;
  for (const m of all.matchAll(WORD_RUN))
    for (let i = m.index; i < m.index + m[0].length; i++) wordClass[units[i]!] = WordClass.Word;
  for (const m of all.matchAll(UNSPACED_RUN))
    for (let i = m.index; i < m.index + m[0].length; i++) wordClass[units[i]!] = WordClass.Unspaced;
  for (const m of all.matchAll(/\s/gu)) fold[units[m.index]!] = 0x20;
  for (const [from, to] of Object.entries(SPECIAL_FOLDS)) fold[from.charCodeAt(0)] = to.charCodeAt(0);
  for (const ch of IGNORABLE) fold[ch.charCodeAt(0)] = IGNORED;
  // Characters NFC may change or combine: combining marks, Hangul jamo, and the few that NFC
  // maps to another character (Å for the Ångström sign).
  const nfcUnsafe = new Uint8Array(0x10000);
  for (const m of all.matchAll(/[\p{M}\u1100-\u11ff\u3130-\u318f]/gu)) nfcUnsafe[units[m.index]!] = 1;
  const nfc = all.normalize('NFC');
  if (nfc !== all)
    for (let i = 0; i < units.length; i++)
      if (String.fromCharCode(units[i]!).normalize('NFC') !== String.fromCharCode(units[i]!))
        nfcUnsafe[units[i]!] = 1;
  return { fold, strip: stripTable(fold), wordClass, nfcUnsafe };
}

/** The fold with the diacritics of Latin letters (lower case after folding) taken off. */
function stripTable(fold: Uint16Array): Uint16Array {
  const strip = fold.slice();
  const latin = (f: number) => (f >= 0x00c0 && f <= 0x024f) || (f >= 0x1e00 && f <= 0x1eff);
  for (let c = 0; c < 0x10000; c++) {
    const f = fold[c]!;
    if (!latin(f)) continue;
    const ch = String.fromCharCode(f);
    const extra = STRIP_EXTRA[ch];
    if (extra !== undefined) {
      strip[c] = extra.charCodeAt(0);
      continue;
    }
    const d = ch.normalize('NFD');
    if (d.length < 2 || !/^[a-z]$/.test(d[0]!)) continue;
    let marks = true;
    for (let i = 1; i < d.length; i++) {
      const m = d.charCodeAt(i);
      if (m < COMBINING_DIACRITICS[0] || m > COMBINING_DIACRITICS[1]) marks = false;
    }
    if (marks) strip[c] = d.charCodeAt(0);
  }
  for (let c = COMBINING_DIACRITICS[0]; c <= COMBINING_DIACRITICS[1]; c++) strip[c] = IGNORED;
  return strip;
}

/**
 * The tables as a JSON string of runs: for each table, `[length, value, length, value...]`,
 * where the fold table's value is the distance from the code unit to its folded form (so a
 * run of identity folds, or of Latin capitals, is one pair), and the strip table's is 0 where
 * it equals the fold.
 */
export function packTextTables(tables: TextTables): string {
  return JSON.stringify({
    fold: runs(tables.fold, (c, v) => v - c),
    // Only where it differs from the fold, as the letter itself: À..Å, à..å and ā..ą are one run of a.
    strip: runs(tables.strip, (c, v) => (v === tables.fold[c] ? 0 : v)),
    wordClass: runs(tables.wordClass, (_c, v) => v),
    nfcUnsafe: runs(tables.nfcUnsafe, (_c, v) => v),
  });
}

/** The inverse of {@link packTextTables}. */
export function unpackTextTables(packed: string): TextTables {
  const value = JSON.parse(packed) as Record<keyof TextTables, number[]>;
  const fold = shifted(value.fold);
  const strip = filled(value.strip, new Uint16Array(0x10000));
  for (let c = 0; c < 0x10000; c++) if (strip[c] === 0) strip[c] = fold[c]!;
  return {
    fold,
    strip,
    wordClass: filled(value.wordClass, new Uint8Array(0x10000)),
    nfcUnsafe: filled(value.nfcUnsafe, new Uint8Array(0x10000)),
  };
}

/** A code-unit table from `[length, distance...]` runs. */
function shifted(runs: number[]): Uint16Array {
  const table = new Uint16Array(0x10000);
  let c = 0;
  for (let i = 0; i < runs.length; i += 2) {
    const end = c + runs[i]!;
    const delta = runs[i + 1]!;
    for (; c < end; c++) table[c] = c + delta;
  }
  checkCovered(c);
  return table;
}

function runs(table: Uint16Array | Uint8Array, valueOf: (c: number, v: number) => number): number[] {
  const out: number[] = [];
  let start = 0;
  for (let c = 1; c <= table.length; c++) {
    if (c < table.length && valueOf(c, table[c]!) === valueOf(start, table[start]!)) continue;
    out.push(c - start, valueOf(start, table[start]!));
    start = c;
  }
  return out;
}

/** A table from `[length, value...]` runs, filled natively run by run. */
function filled<T extends Uint8Array | Uint16Array>(runs: number[], table: T): T {
  let c = 0;
  for (let i = 0; i < runs.length; i += 2) {
    table.fill(runs[i + 1]!, c, c + runs[i]!);
    c += runs[i]!;
  }
  checkCovered(c);
  return table;
}

function checkCovered(end: number): void {
  if (end !== 0x10000)
    throw new Error(`text tables: the packed runs cover ${end} code units, not 65536 (a corrupt build?)`);
}
