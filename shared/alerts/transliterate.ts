// Ukrainian and Russian letters to Latin: the Ukrainian national system (2010) and common
// Russian practice; enough for readable ASCII subjects.
const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'h',
  ґ: 'g',
  д: 'd',
  е: 'e',
  є: 'ie',
  ж: 'zh',
  з: 'z',
  и: 'y',
  і: 'i',
  ї: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ь: '',
  ю: 'iu',
  я: 'ia',
  ё: 'e',
  ы: 'y',
  э: 'e',
  ъ: '',
};
// The national system writes these differently at the start of a word (Єрмак = Yermak).
const UKRAINIAN_WORD_START: Record<string, string> = { є: 'ye', ї: 'yi', й: 'y', ю: 'yu', я: 'ya' };
// Russian г is "g" and и is "i"; Ukrainian г is "h" and и is "y". Letters only one of the two
// languages has decide; else a standalone "и" ("and") marks Russian. Text with neither sign
// is read as Ukrainian, the language most of the watched sources write in.
// The letters are escaped because esbuild keeps a regular expression as written, and one
// non-ASCII character makes a Lambda bundle load slower (test/infra/bundle-aliases.test.ts).
/** і ї є ґ: letters Ukrainian has and Russian does not. */
export const UKRAINIAN_ONLY = /[\u0456\u0457\u0454\u0491]/i;
/** ы э ё ъ: letters Russian has and Ukrainian does not. */
export const RUSSIAN_ONLY = /[\u044B\u044D\u0451\u044A]/i;
// Those, or a standalone и.
const RUSSIAN_SIGNS = /[\u044B\u044D\u0451\u044A]|(?<![\p{L}\p{M}])\u0438(?![\p{L}\p{M}])/iu;

const PUNCTUATION: Record<string, string> = {
  '‘': "'",
  '’': "'",
  '“': '"',
  '”': '"',
  '«': '"',
  '»': '"',
  '–': '-',
  '—': '-',
  '…': '...',
  '\u00a0': ' ',
};

/** Options of {@link toAscii}. */
export interface ToAsciiOptions {
  /**
   * The text's language (BCP 47) as the feed or story gives it. `ru…` and `uk…` choose the
   * Russian or Ukrainian rules; the letters decide only for any other or no language, because
   * many Russian headlines carry none of the letters that tell the two apart.
   * @default undefined
   */
  lang?: string;
}

/** Whether Cyrillic in `text` follows Russian rules: the language when known, else its letters. */
function readsAsRussian(text: string, lang: string | undefined): boolean {
  const primary = lang?.trim().toLowerCase().split(/[-_]/)[0];
  if (primary === 'ru') return true;
  if (primary === 'uk') return false;
  return !UKRAINIAN_ONLY.test(text) && RUSSIAN_SIGNS.test(text);
}

/**
 * Plain ASCII for a text in Latin or Cyrillic script: Cyrillic transliterated, accents dropped,
 * typographic punctuation simplified, anything else replaced by "?".
 */
export function toAscii(text: string, options: ToAsciiOptions = {}): string {
  const russian = readsAsRussian(text, options.lang);
  let out = '';
  let previousIsLetter = false;
  for (const ch of text.normalize('NFC')) {
    const lower = ch.toLowerCase();
    let latin: string | undefined = CYRILLIC[lower];
    if (latin !== undefined) {
      if (russian && lower === 'г') latin = 'g';
      if (russian && lower === 'и') latin = 'i';
      if (!russian && !previousIsLetter) latin = UKRAINIAN_WORD_START[lower] ?? latin;
      out += ch !== lower && latin ? latin[0]!.toUpperCase() + latin.slice(1) : latin;
      previousIsLetter = true;
      continue;
    }
    previousIsLetter = /\p{L}/u.test(ch);
    latin = PUNCTUATION[ch];
    if (latin !== undefined) {
      out += latin;
      continue;
    }
    const stripped = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    out += /^[\x20-\x7e]*$/.test(stripped) ? stripped : '?';
  }
  return out;
}
