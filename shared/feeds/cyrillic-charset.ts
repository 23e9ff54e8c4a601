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
}

let tables: Table[] | undefined;

function buildTables(): Table[] {
  const high = Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i);
  return CANDIDATES.map((encoding) => {
    const chars = Array.from(new TextDecoder(encoding).decode(high));
    const weight: (number | undefined)[] = [];
    const upper: boolean[] = [];
    chars.forEach((c, i) => {
      const lower = c.toLowerCase();
      const cyrillic = /[\u0400-\u04ff]/.test(c);
      weight[i] = cyrillic ? Math.log(FREQUENCY[lower] ?? RARE) : undefined;
      upper[i] = cyrillic && lower !== c;
    });
    return { encoding, weight, upper };
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
    highBytes++;
    if (isLatinLetter(body[i - 1]) || isLatinLetter(body[i + 1])) besideLatin++;
    if (KOI8_U_ONLY.has(b)) koi8uOnly = true;
  }
  // Cyrillic words are runs of high bytes; Western accents sit between ASCII letters.
  if (highBytes < 8 || besideLatin / highBytes > 0.25) return undefined;
  tables ??= buildTables();
  const scores = tables.map((table) => ({ table, ...score(body, end, table) }));
  scores.sort((a, b) => b.score - a.score);
  const best = scores[0]!;
  if (best.letters / highBytes < 0.85) return undefined;
  const encoding = best.table.encoding === 'koi8-u' && !koi8uOnly ? 'koi8-r' : best.table.encoding;
  const others = scores
    .slice(1)
    .map((s) => (s.table.encoding === 'koi8-u' && !koi8uOnly ? 'koi8-r' : s.table.encoding));
  return {
    encoding,
    detail: `${Math.round((best.letters / highBytes) * 100)}% of its non-ASCII bytes read as Cyrillic letters of the usual frequencies in ${encoding}, better than in ${others.join(' or ')}`,
  };
}

function score(body: Uint8Array, end: number, table: Table): { score: number; letters: number } {
  let total = 0;
  let letters = 0;
  let previousLetter = false;
  for (let i = 0; i < end; i++) {
    const b = body[i]!;
    if (b < 0x80) {
      previousLetter = isLatinLetter(b);
      continue;
    }
    const weight = table.weight[b - 0x80];
    if (weight === undefined) {
      total -= 8;
      previousLetter = false;
      continue;
    }
    letters++;
    total += weight;
    // A capital inside a word is what a wrong code page looks like.
    if (previousLetter && table.upper[b - 0x80]) total -= 4;
    previousLetter = true;
  }
  return { score: total, letters };
}

function isLatinLetter(b: number | undefined): boolean {
  return b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));
}
