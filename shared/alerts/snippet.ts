/** How hits are marked in plain text: e-mail clients show `*word*` as emphasis, and it survives copy-paste. */
export const HIT_OPEN = '*';
export const HIT_CLOSE = '*';

const WORD_CHAR = /[\p{L}\p{M}\p{N}_]/u;

/** Options of {@link markedSnippet}. */
export interface SnippetOptions {
  /**
   * Longest snippet, in characters, before the hit marks are added.
   * @default 320
   */
  maxLength?: number;
}

/**
 * A snippet of `text` around its first hit, with every whole-word occurrence of `terms`
 * marked as `*term*` (case-insensitive), cut on word boundaries with "..." at a cut end.
 */
export function markedSnippet(text: string, terms: readonly string[], options: SnippetOptions = {}): string {
  const maxLength = options.maxLength ?? 320;
  const clean = text.replace(/\s+/g, ' ').trim();
  const hits = findHits(clean, terms);
  let start = 0;
  let end = clean.length;
  if (clean.length > maxLength) {
    const first = hits[0]?.start ?? 0;
    // Keep a little context before the first hit, then as much after it as fits.
    start = Math.max(0, Math.min(first - Math.floor(maxLength / 4), clean.length - maxLength));
    end = Math.min(clean.length, start + maxLength);
    if (start > 0) start = nextWordStart(clean, start);
    if (end < clean.length) end = lastWordEnd(clean, end, start);
  }
  let out = '';
  let at = start;
  for (const hit of hits) {
    if (hit.start < at || hit.end > end) continue;
    out += clean.slice(at, hit.start) + HIT_OPEN + clean.slice(hit.start, hit.end) + HIT_CLOSE;
    at = hit.end;
  }
  out += clean.slice(at, end);
  return `${start > 0 ? '...' : ''}${out}${end < clean.length ? '...' : ''}`;
}

/** Non-overlapping whole-word hits of the terms, in text order (longest term first at a tie). */
function findHits(text: string, terms: readonly string[]): { start: number; end: number }[] {
  const lower = text.toLowerCase();
  // A few letters (Turkish dotted I) change length when lower-cased; offsets would drift.
  if (lower.length !== text.length) return [];
  const found: { start: number; end: number }[] = [];
  for (const term of terms) {
    // A prefix term (`negotiat*`) matches the rest of the word.
    const prefix = term.endsWith('*');
    const needle = (prefix ? term.slice(0, -1) : term).toLowerCase().replace(/\s+/g, ' ').trim();
    if (!needle) continue;
    for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + 1)) {
      let end = i + needle.length;
      if (i > 0 && WORD_CHAR.test(text[i - 1]!)) continue;
      if (prefix) while (end < text.length && WORD_CHAR.test(text[end]!)) end++;
      else if (end < text.length && WORD_CHAR.test(text[end]!)) continue;
      found.push({ start: i, end });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: { start: number; end: number }[] = [];
  for (const hit of found) if (!merged.length || hit.start >= merged.at(-1)!.end) merged.push(hit);
  return merged;
}

function nextWordStart(text: string, from: number): number {
  const space = text.indexOf(' ', from);
  return space < 0 ? from : space + 1;
}

function lastWordEnd(text: string, to: number, min: number): number {
  const space = text.lastIndexOf(' ', to);
  return space > min ? space : to;
}
