import { toAscii } from '../alerts/transliterate';
import { foldConceptWord } from './concept-lexicon';

/** One word of a text, in reading order. */
export interface Word {
  /** Lower case, ё as е, apostrophes dropped, original script. */
  folded: string;
  /** UTF-16 offset of the word in its text. */
  start: number;
  end: number;
}

// Letters, digits and apostrophes inside a word (Ukrainian writes п'ять); hyphens split.
const WORD = /[\p{L}\p{M}\p{N}]+(?:['\u2019\u02bc][\p{L}\p{M}]+)*/gu;

/** The words of a text, folded for lexicon lookups. */
export function words(text: string): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(WORD))
    out.push({ folded: foldConceptWord(m[0]), start: m.index, end: m.index + m[0].length });
  return out;
}

// Function words of English, Russian and Ukrainian: present in every report, they say nothing
// about which development it is.
const STOPWORDS = new Set(
  (
    'the a an and or of to in on at for from by with as is are was were be been it its this that these those ' +
    'has have had not but after before over into about than then there their they them he she his her we our ' +
    'us you will would could can may might should also more most some any all one new says said who what when ' +
    'how why which while during against between under up out off so if no yet still just only its ' +
    'и в во на не что с со по к ко за из от до для о об у же как а но или это этот эта эти его ее их он она они ' +
    'мы вы бы был была были быть при про после перед над под также уже еще ли то так который которая которые ' +
    'і й та в у на не що з із зі по до для про від за як а але або це цей ця ці його її їх він вона вони ми ви ' +
    'би був була були бути при після перед над під також вже ще чи те так який яка які щоб'
  )
    .split(' ')
    .filter(Boolean),
);

/** True for a function word of English, Russian or Ukrainian. */
export function isStopword(folded: string): boolean {
  return STOPWORDS.has(folded);
}

/**
 * A word as a token of the (language-specific) bag of words: transliterated to Latin, so a
 * name spelt in Cyrillic in one report and Latin in another can meet, and cut to six letters,
 * a crude stem that folds inflections (переговоры, переговоров) without a stemmer per language.
 */
export function tokenOf(folded: string): string {
  if (!/[^a-z0-9]/.test(folded)) return folded.slice(0, 6);
  let token = tokens.get(folded);
  if (token === undefined) {
    token = toAscii(folded)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 6);
    // Words repeat from story to story; a bounded memo keeps transliteration off the hot path.
    if (tokens.size >= MEMO_SIZE) tokens.clear();
    tokens.set(folded, token);
  }
  return token;
}

const MEMO_SIZE = 50_000;
const tokens = new Map<string, string>();
