import type { Span } from './evaluate-rule';

/** Options of {@link buildSnippet}. */
export interface SnippetOptions {
  /** Longest snippet, in characters, before marks and ellipses. @default 240 */
  maxLength?: number;
  /** Written before and after each hit (as the alert e-mail marks them). @default ["*", "*"] */
  marks?: [string, string];
}

const JOIN = ' — ';

/**
 * The story's title and summary as one line with the hits marked (`*Putin*`), cut to the
 * window that holds the most hits when the whole is too long.
 */
export function buildSnippet(texts: [string, string], hits: Span[], options: SnippetOptions = {}): string {
  const maxLength = options.maxLength ?? 240;
  const [open, close] = options.marks ?? ['*', '*'];
  const [title, summary] = texts;
  const text = summary ? `${title}${JOIN}${summary}` : title;
  const shift = title.length + JOIN.length;
  const ranges = mergeRanges(
    hits.map((h) => (h.field === 0 ? [h.start, h.end] : [h.start + shift, h.end + shift])),
  );

  let from = 0;
  let to = text.length;
  if (text.length > maxLength) {
    // The window with the most hits; then context spread around them, snapped to spaces.
    let best = [0, 0];
    let bestCount = 0;
    for (let i = 0, j = 0; i < ranges.length; i++) {
      j = Math.max(j, i);
      while (j + 1 < ranges.length && ranges[j + 1]![1] - ranges[i]![0] <= maxLength) j++;
      if (ranges[j]![1] - ranges[i]![0] <= maxLength && j - i + 1 > bestCount) {
        bestCount = j - i + 1;
        best = [i, j];
      }
    }
    const core: [number, number] = bestCount > 0 ? [ranges[best[0]!]![0], ranges[best[1]!]![1]] : [0, 0];
    const spare = maxLength - (core[1] - core[0]);
    from = Math.max(0, core[0] - Math.floor(spare / 3));
    to = Math.min(text.length, from + maxLength);
    from = Math.max(0, Math.min(from, to - maxLength));
    if (from > 0) {
      const space = nextSpace(text, from);
      if (space >= 0 && space < core[0]) from = space + 1;
    }
    if (to < text.length) {
      const space = previousSpace(text, to);
      if (space > core[1]) to = space;
    }
    // Never cut through a hit: leave it out whole instead.
    for (const [s, e] of ranges) {
      if (s < to && to < e) to = s;
      if (s < from && from < e) from = e;
    }
  }
  let out = from > 0 ? '…' : '';
  let at = from;
  for (const [s, e] of ranges) {
    if (e <= from || s >= to) continue;
    const a = Math.max(s, from);
    const b = Math.min(e, to);
    out += text.slice(at, a) + open + text.slice(a, b) + close;
    at = b;
  }
  out += text.slice(at, to);
  // One line: line breaks and tabs of the story become spaces.
  out = out.replace(/\s/g, ' ');
  return to < text.length ? `${out.trimEnd()}…` : out;
}

function nextSpace(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (/\s/.test(text[i]!)) return i;
  return -1;
}

function previousSpace(text: string, to: number): number {
  for (let i = to; i >= 0; i--) if (/\s/.test(text[i] ?? '')) return i;
  return -1;
}

/** Sorted, non-overlapping ranges: "Vladimir Putin" and "Putin" mark once. */
function mergeRanges(ranges: number[][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0]! - b[0]! || b[1]! - a[1]!);
  const merged: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = merged.at(-1);
    if (last && s! <= last[1]) last[1] = Math.max(last[1], e!);
    else merged.push([s!, e!]);
  }
  return merged;
}
