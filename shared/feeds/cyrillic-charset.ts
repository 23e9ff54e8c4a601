import { TextDecoder } from 'node:util';

/** What the detector found: the encoding, and one line on why. */
export interface CyrillicGuess {
  /** WHATWG name: `windows-1251`, `koi8-r`, `koi8-u` or `iso-8859-5`. */
  encoding: string;
  /** Why, for `feeds check`. */
  detail: string;
}

// How often each letter occurs in Russian and Ukrainian running text, per mille (the two
// languages' tables merged: і, ї, є and ґ are Ukrainian, ы, э, ъ and ё Russian). Only the
// ranking matters much: the right encoding turns the common letters into common letters.
const FREQUENCY: Record<string, number> = {
  о: 100,
  а: 80,
  е: 75,
  и: 65,
  н: 65,
  т: 58,
  с: 50,
  р: 46,
  в: 45,
  л: 40,
  к: 35,
  м: 30,
  д: 30,
  п: 27,
  у: 27,
  і: 25,
  я: 20,
  ы: 12,
  ь: 16,
  г: 16,
  з: 16,
  б: 16,
  ч: 13,
  й: 11,
  х: 9,
  ж: 8,
  ш: 7,
  ю: 6,
  ц: 5,
  щ: 4,
  ї: 5,
  є: 4,
  э: 3,
  ф: 2,
  ъ: 0.4,
  ё: 1,
  ґ: 0.3,
};
const RARE = 0.05;
const CANDIDATES = ['windows-1251', 'koi8-u', 'iso-8859-5'] as const;
// Bytes that are Ukrainian letters in KOI8-U and box-drawing characters in KOI8-R.
const KOI8_U_ONLY = new Set([0xa4, 0xa6, 0xa7, 0xad, 0xb4, 0xb6, 0xb7, 0xbd]);
// Enough bytes to decide; the rest of a large body changes nothing.
const SAMPLE = 256 * 1024;

interface Table {
  encoding: (typeof CANDIDATES)[number];
  /** Per high byte: log-frequency of the letter, or undefined when it is no Cyrillic letter. */
  weight: (number | undefined)[];
  /** Per high byte: true for an upper-case letter. */
  upper: boolean[];
  /** Per high byte: punctuation news text uses (« » – — “ ” … №, no-break space): neither letter nor noise. */
  neutral: boolean[];
}
const PUNCTUATION = /[\u00a0\u00ab\u00bb\u2013\u2014\u2018-\u201e\u2026\u2116\u2022\u00b7]/;
// The same punctuation as windows-1252 bytes: a Western text's quotes and dashes stand between
// words, and would make its accented letters look fewer than they are.
const WESTERN_PUNCTUATION = new Set([0x85, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0xa0, 0xab, 0xbb, 0xb7]);

let tables: Table[] | undefined;

function buildTables(): Table[] {
  const high = Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i);
  return CANDIDATES.map((encoding) => {
    const chars = Array.from(new TextDecoder(encoding).decode(high));
    const weight: (number | undefined)[] = [];
    const upper: boolean[] = [];
    const neutral: boolean[] = [];
    chars.forEach((c, i) => {
      const lower = c.toLowerCase();
      const cyrillic = /[\u0400-\u04ff]/.test(c);
      weight[i] = cyrillic ? Math.log(FREQUENCY[lower] ?? RARE) : undefined;
      upper[i] = cyrillic && lower !== c;
      neutral[i] = PUNCTUATION.test(c);
    });
    return { encoding, weight, upper, neutral };
  });
}

/**
 * Tells windows-1251, KOI8-R (or KOI8-U) and ISO-8859-5 apart in bytes that carry no label
 * and are not UTF-8, the way chardet does: each reading is scored by how common its letters
 * are in Russian and Ukrainian and by whether capitals sit where capitals go (a KOI8 text
 * read as windows-1251 is mostly capitals inside words). Undefined when the bytes do not
 * read as Cyrillic text at all: accented letters inside Latin words (windows-1252) or too few
 * letters to tell.
 */
export function detectCyrillic(body: Uint8Array): CyrillicGuess | undefined {
  const end = Math.min(body.length, SAMPLE);
  let highBytes = 0;
  let besideLatin = 0;
  let koi8uOnly = false;
  for (let i = 0; i < end; i++) {
    const b = body[i]!;
    if (b < 0x80) continue;
    if (KOI8_U_ONLY.has(b)) koi8uOnly = true;
    if (WESTERN_PUNCTUATION.has(b)) continue;
    highBytes++;
    if (isLatinLetter(body[i - 1]) || isLatinLetter(body[i + 1])) besideLatin++;
  }
  // Cyrillic words are runs of high bytes; Western accents sit between ASCII letters.
  if (highBytes < 4 || besideLatin / highBytes > 0.25) return undefined;
  tables ??= buildTables();
  const scores = tables.map((table) => ({ table, ...score(body, end, table) }));
  scores.sort((a, b) => b.score - a.score);
  const best = scores[0]!;
  // Most bytes are letters, and the letters make words (a run of lone "letters" is symbols).
  if (best.letters / Math.max(1, best.significant) < 0.85 || best.inWords < best.letters * 0.6)
    return undefined;
  const encoding = best.table.encoding === 'koi8-u' && !koi8uOnly ? 'koi8-r' : best.table.encoding;
  const others = scores
    .slice(1)
    .map((s) => (s.table.encoding === 'koi8-u' && !koi8uOnly ? 'koi8-r' : s.table.encoding));
  return {
    encoding,
    detail: `${Math.round((best.letters / Math.max(1, best.significant)) * 100)}% of its non-ASCII bytes read as Cyrillic letters of the usual frequencies in ${encoding}, better than in ${others.join(' or ')}`,
  };
}

interface Score {
  score: number;
  /** High bytes that are Cyrillic letters in this reading. */
  letters: number;
  /** Of those, letters next to another Cyrillic letter. */
  inWords: number;
  /** High bytes that are not neutral punctuation in this reading. */
  significant: number;
}

function score(body: Uint8Array, end: number, table: Table): Score {
  let total = 0;
  let letters = 0;
  let inWords = 0;
  let significant = 0;
  // The previous byte's reading: 0 not a letter, 1 lower-case Cyrillic, 2 upper-case Cyrillic, 3 Latin.
  let previous = 0;
  for (let i = 0; i < end; i++) {
    const b = body[i]!;
    if (b < 0x80) {
      previous = isLatinLetter(b) ? 3 : 0;
      continue;
    }
    const at = b - 0x80;
    if (table.neutral[at]) {
      previous = 0;
      continue;
    }
    significant++;
    const weight = table.weight[at];
    if (weight === undefined) {
      total -= 8;
      previous = 0;
      continue;
    }
    letters++;
    total += weight;
    const upper = table.upper[at]!;
    // A capital after a small letter inside a word ("пУТИН") is what a wrong code page looks
    // like; capitals at the start of a word, or a word in capitals, are ordinary.
    if (upper && previous === 1) total -= 4;
    if (previous === 1 || previous === 2) inWords++;
    else {
      const next = body[i + 1];
      if (next !== undefined && next >= 0x80 && table.weight[next - 0x80] !== undefined) inWords++;
    }
    previous = upper ? 2 : 1;
  }
  return { score: total, letters, inWords, significant };
}

function isLatinLetter(b: number | undefined): boolean {
  return b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));
}
