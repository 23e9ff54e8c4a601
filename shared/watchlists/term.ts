import { QuerySyntaxError } from '../errors';
import { foldText, wordClassAt, WordClass } from './text-fold';

/** One word of a term, folded; `prefix` when it was written with a trailing `*`. */
export interface TermWord {
  text: string;
  prefix: boolean;
}

/** An alias, keyword or rule term, read: `peace plan`, `negotiat*`, `мирн* план*`, `=US`. */
export interface Term {
  /** As written in the watchlist (the name shown in matches and explanations). */
  source: string;
  words: TermWord[];
  /** For `=US`: the text a hit must equal, case included (spaces collapsed, no `*`). */
  exact?: string;
}

/** Fewer letters before a `*` would match half the dictionary (`pe*`). */
export const MIN_PREFIX_LETTERS = 3;

/**
 * Reads a term: words separated by spaces, each may end with `*` (a prefix, for inflected
 * languages: `Зеленськ*` matches Зеленського and Зеленському). Everything else is literal
 * text: `c++`, `28-point`, `перемир'я`. A leading `=` makes the term case-sensitive: `=US`
 * matches "US" but not the pronoun "us".
 *
 * @throws QuerySyntaxError with the offset of the problem in `source`
 */
export function parseTerm(source: string): Term {
  // Punctuation alone ("...", "-", "'") folds to nothing or to a separator that every story has.
  if (!/[\p{L}\p{N}]/u.test(source))
    throw new QuerySyntaxError(
      `"${source.trim()}": give a letter or digit (a term of punctuation alone matches almost any story)`,
      Math.max(0, source.search(/\S/)),
    );
  const words: TermWord[] = [];
  const exactCase = source.trimStart().startsWith('=');
  const body = exactCase ? source.replace('=', ' ') : source;
  const re = /\S+/g;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const raw = m[0];
    const star = raw.indexOf('*');
    if (star >= 0 && star !== raw.length - 1)
      throw new QuerySyntaxError(`"${source}": a * may only end a word (it marks a prefix)`, m.index + star);
    const prefix = star >= 0;
    const stem = prefix ? raw.slice(0, -1) : raw;
    const text = foldText(stem);
    if (prefix) {
      if (text.length === 0 || wordClassAt(stem, stem.length - 1) === WordClass.Separator) {
        throw new QuerySyntaxError(
          `"${source}": a * must follow a letter or digit (it marks a prefix)`,
          m.index + star,
        );
      }
      const letters = [...stem].length;
      if (letters < MIN_PREFIX_LETTERS && wordClassAt(stem, 0) !== WordClass.Unspaced) {
        throw new QuerySyntaxError(
          `"${source}": give at least ${MIN_PREFIX_LETTERS} letters before *`,
          m.index + star,
        );
      }
    }
    if (text.length > 0) words.push({ text, prefix });
  }
  if (words.length === 0)
    throw new QuerySyntaxError(`"${source}": a term needs at least one letter, digit or symbol`, 0);
  const term: Term = { source: source.trim(), words };
  if (exactCase) {
    if (termPatterns(term).length > 1)
      throw new QuerySyntaxError(
        `"${source}": a case-sensitive (=) term can have * only at its end`,
        body.indexOf('*'),
      );
    term.exact = body.normalize('NFC').trim().replace(/\*$/, '').replace(/\s+/g, ' ');
  }
  return term;
}

/**
 * The automaton patterns of a term. A term whose only `*` ends its last word is one pattern
 * (a prefix pattern when starred); `мирн* план*` is one pattern per word, and the matcher
 * checks that the words follow each other.
 */
export function termPatterns(term: Term): { text: string; prefix: boolean }[] {
  const inner = term.words.slice(0, -1);
  if (inner.every((w) => !w.prefix))
    return [{ text: term.words.map((w) => w.text).join(' '), prefix: term.words.at(-1)!.prefix }];
  return term.words.map((w) => ({ ...w }));
}
