import type { CompiledSet, Field } from './compile-watchlists';

/** One place in a story where an atom (an actor alias or a term) was found. */
export interface Occurrence {
  field: Field;
  /** UTF-16 offsets into the (NFC) field text. */
  start: number;
  end: number;
  /** The alias or term as written in the watchlist. */
  label: string;
}

/** What one scan of a story found, per watchlist that had any hit at all. */
export interface StoryHits {
  /** Title and summary, NFC-normalised: the offsets point into these. */
  texts: [string, string];
  /** occurrences.get(watchlist)[atom]: the atom's occurrences, in text order per field. */
  occurrences: Map<number, Occurrence[][]>;
}

const ONLY_SPACES = /^[\s\u00ad\u200b-\u200d\u2060\ufeff]+$/u;

/**
 * Scans title and summary once with the shared automaton and files every hit under the
 * watchlists and atoms that want it. Watchlists without a hit are absent: no rule can
 * match them (the schema refuses rules that match without a hit).
 */
export function findStoryHits(set: CompiledSet, title: string, summary: string): StoryHits {
  const texts: [string, string] = [title.normalize('NFC'), summary.normalize('NFC')];
  const occurrences = new Map<number, Occurrence[][]>();
  let chainParts: Map<number, { field: Field; start: number; end: number }[][]> | undefined;
  const tableOf = (w: number) => {
    let table = occurrences.get(w);
    if (!table) occurrences.set(w, (table = []));
    return table;
  };
  for (const field of [0, 1] as const) {
    set.automaton.scan(texts[field], (pattern, start, end) => {
      for (const ref of set.refs[pattern]!) {
        if (ref.chain === undefined) {
          if (ref.exact !== undefined && !isExact(texts[field], start, end, ref.exact, set.patterns[pattern]!.prefix)) continue;
          const table = tableOf(ref.watchlist);
          (table[ref.atom] ??= []).push({ field, start, end, label: ref.label });
        } else {
          chainParts ??= new Map();
          let parts = chainParts.get(ref.chain);
          if (!parts) chainParts.set(ref.chain, (parts = []));
          (parts[ref.part] ??= []).push({ field, start, end });
        }
      }
    });
  }
  if (chainParts) {
    for (const [id, parts] of chainParts) {
      const chain = set.chains[id]!;
      for (const first of parts[0] ?? []) {
        let last: { field: Field; start: number; end: number } | undefined = first;
        for (let k = 1; k < chain.length && last; k++) {
          const prev: { field: Field; end: number } = last;
          last = parts[k]?.find((o) => o.field === prev.field && o.start > prev.end && ONLY_SPACES.test(texts[o.field].slice(prev.end, o.start)));
        }
        if (last) (tableOf(chain.watchlist)[chain.atom] ??= []).push({ field: first.field, start: first.start, end: last.end, label: chain.label });
      }
    }
  }
  return { texts, occurrences };
}

/** For a case-sensitive term (`=US`): the hit's text, spaces collapsed, equals it (or starts with it, for a prefix). */
function isExact(text: string, start: number, end: number, exact: string, prefix: boolean): boolean {
  const found = text.slice(start, end).replace(/[\s\u00ad\u200b-\u200d\u2060\ufeff]+/gu, (m) => (/\s/.test(m) ? ' ' : ''));
  return prefix ? found.startsWith(exact) : found === exact;
}
