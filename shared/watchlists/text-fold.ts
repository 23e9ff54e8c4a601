/**
 * Unicode case folding and word classes, one UTF-16 code unit at a time, so the matcher can
 * fold while it scans and report offsets into the original text without a copy.
 *
 * Folding is lower-casing plus a few equivalences news text needs: ё = е (Russian writes
 * both), final sigma = sigma, typographic apostrophes = `'`, every kind of space = one space,
 * soft hyphens and zero-width characters ignored. Folds that change a string's length (ß to
 * ss) are left out: ß matches only ß, in either case.
 */

/** A code unit that is skipped when matching (soft hyphen, zero-width space and joiners, BOM). */
export const IGNORED = 0xffff;

/** Word classes, see {@link wordClassAt}. */
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

const WORD_RUN = /[\p{L}\p{M}\p{N}_]+/gu;
const UNSPACED_RUN = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}]+/gu;
const WORD_CHAR = /^[\p{L}\p{M}\p{N}_]$/u;
const UNSPACED_CHAR = /^[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}]$/u;

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

interface Tables {
  fold: Uint16Array;
  wordClass: Uint8Array;
  nfcUnsafe: Uint8Array;
}

let tables: Tables | undefined;

/** Builds the BMP tables once, on first use (a few milliseconds). */
function getTables(): Tables {
  if (tables) return tables;
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
  for (const m of all.matchAll(WORD_RUN)) for (let i = m.index; i < m.index + m[0].length; i++) wordClass[units[i]!] = WordClass.Word;
  for (const m of all.matchAll(UNSPACED_RUN)) for (let i = m.index; i < m.index + m[0].length; i++) wordClass[units[i]!] = WordClass.Unspaced;
  for (const m of all.matchAll(/\s/gu)) fold[units[m.index]!] = 0x20;
  for (const [from, to] of Object.entries(SPECIAL_FOLDS)) fold[from.charCodeAt(0)] = to.charCodeAt(0);
  for (const ch of IGNORABLE) fold[ch.charCodeAt(0)] = IGNORED;
  // Characters NFC may change or combine: combining marks, Hangul jamo, and the few that NFC
  // maps to another character (Å for the Ångström sign).
  const nfcUnsafe = new Uint8Array(0x10000);
  for (const m of all.matchAll(/[\p{M}\u1100-\u11ff\u3130-\u318f]/gu)) nfcUnsafe[units[m.index]!] = 1;
  const nfc = all.normalize('NFC');
  if (nfc !== all) for (let i = 0; i < units.length; i++) if (String.fromCharCode(units[i]!).normalize('NFC') !== String.fromCharCode(units[i]!)) nfcUnsafe[units[i]!] = 1;
  tables = { fold, wordClass, nfcUnsafe };
  return tables;
}

/** The folding table: code unit to folded code unit, {@link IGNORED} or itself for surrogates. */
export function foldTable(): Uint16Array {
  return getTables().fold;
}

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
    k = UNSPACED_CHAR.test(ch) ? WordClass.Unspaced : WORD_CHAR.test(ch) ? WordClass.Word : WordClass.Separator;
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
  return wordClassBefore(text, i) !== WordClass.Word || wordClassAt(text, i) !== WordClass.Word;
}

/** Offset of the end of the word that contains offset `i` (for prefix terms: `negotiat*` → negotiations). */
export function wordEnd(text: string, i: number): number {
  let e = i;
  while (e < text.length && wordClassAt(text, e) === WordClass.Word) e += text.charCodeAt(e) >= 0xd800 && text.charCodeAt(e) <= 0xdbff ? 2 : 1;
  return e;
}

/**
 * Folds a term for matching: NFC, case folding, spaces collapsed, ignorable characters
 * dropped. The text side is folded the same way, one code unit at a time, while scanning.
 */
export function foldText(text: string): string {
  const fold = foldTable();
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
    if (f === IGNORED) continue;
    if (f === 0x20) {
      if (!lastSpace) out += ' ';
      lastSpace = true;
      continue;
    }
    out += String.fromCharCode(f);
    lastSpace = false;
  }
  return out.trimEnd();
}
