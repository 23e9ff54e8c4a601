// Ukrainian and Russian letters to Latin, close to the Ukrainian national (2010) and common
// Russian practice; enough for readable ASCII subjects.
const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'h', ґ: 'g', д: 'd', е: 'e', є: 'ie', ж: 'zh', з: 'z', и: 'y', і: 'i', ї: 'i', й: 'i',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch',
  ш: 'sh', щ: 'shch', ь: '', ю: 'iu', я: 'ia', ё: 'e', ы: 'y', э: 'e', ъ: '', "'": "'",
};
// Russian г is "g"; Ukrainian г is "h". Text with Russian-only letters is read as Russian.
const RUSSIAN_ONLY = /[ыэёъ]/i;

const PUNCTUATION: Record<string, string> = {
  '‘': "'", '’': "'", '“': '"', '”': '"', '«': '"', '»': '"', '–': '-', '—': '-', '…': '...', '\u00a0': ' ',
};

/**
 * Plain ASCII for a text in Latin or Cyrillic script: Cyrillic transliterated, accents dropped,
 * typographic punctuation simplified, anything else replaced by "?".
 */
export function toAscii(text: string): string {
  const russian = RUSSIAN_ONLY.test(text);
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const lower = ch.toLowerCase();
    let latin: string | undefined = CYRILLIC[lower];
    if (latin !== undefined) {
      if (russian && lower === 'г') latin = 'g';
      if (russian && lower === 'и') latin = 'i';
      out += ch !== lower && latin ? latin[0]!.toUpperCase() + latin.slice(1) : latin;
      continue;
    }
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
