import { QuerySyntaxError } from '../errors';
import { foldText, wordClassAt, WordClass } from './text-fold';

/** One word of a term, folded; `prefix` when it was written with a trailing `*`. */
export interface TermWord {
  /** Folded without accents: what the automaton looks for. */
  text: string;
  prefix: boolean;
  /** For a word written with accents (`Élysée`): its fold with them, which a hit must equal. */
  exact?: string;
}

/** One automaton pattern of a term, and the accented fold its hits must have, if any. */
export interface TermPattern {
  text: string;
  prefix: boolean;
  /** See {@link TermWord.exact}; words without accents stand as they are. */
  exact?: string;
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
    const text = foldText(stem, true);
    const accented = foldText(stem);
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
    if (text.length > 0) words.push({ text, prefix, ...(accented !== text ? { exact: accented } : {}) });
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
export function termPatterns(term: Term): TermPattern[] {
  const inner = term.words.slice(0, -1);
  if (inner.every((w) => !w.prefix)) {
    const exact = term.words.some((w) => w.exact !== undefined)
      ? term.words.map((w) => w.exact ?? w.text).join(' ')
      : undefined;
    return [
      {
        text: term.words.map((w) => w.text).join(' '),
        prefix: term.words.at(-1)!.prefix,
        ...(exact !== undefined ? { exact } : {}),
      },
    ];
  }
  return term.words.map((w) => ({ ...w }));
}

const UMLAUTS: Record<string, string> = { ae: '\u00e4', oe: '\u00f6', ue: '\u00fc' };
// Each of the first three ae/oe/ue of a term may stand for an umlaut: at most 7 variants.
const MAX_UMLAUT_SPELLINGS = 3;

/**
 * The other spellings of a term written without accents that has ae, oe or ue: German writes
 * Schroeder for Schröder, so `Schroeder` finds "Schröder" too. Each variant is the term with
 * some of them made umlauts, and its hits must have the umlaut (a variant of `Poet` does not
 * find "Pot"). Case-sensitive terms have none.
 */
export function umlautVariants(term: Term): Term[] {
  if (term.exact !== undefined) return [];
  const spots: [word: number, at: number][] = [];
  term.words.forEach((w, i) => {
    if (w.exact !== undefined) return;
    for (const m of w.text.matchAll(/[aou]e/g)) spots.push([i, m.index]);
  });
  const used = spots.slice(0, MAX_UMLAUT_SPELLINGS);
  const variants: Term[] = [];
  for (let mask = 1; mask < 1 << used.length; mask++) {
    const words = term.words.map((w, i) => {
      const here = used.filter((_, k) => mask & (1 << k)).filter(([wi]) => wi === i);
      if (here.length === 0) return w;
      let text = '';
      let exact = '';
      let from = 0;
      for (const [, at] of here) {
        text += w.text.slice(from, at) + w.text[at];
        exact += w.text.slice(from, at) + UMLAUTS[w.text.slice(at, at + 2)]!;
        from = at + 2;
      }
      return { text: text + w.text.slice(from), prefix: w.prefix, exact: exact + w.text.slice(from) };
    });
    variants.push({ source: term.source, words });
  }
  return variants;
}
