/** The mark a channel puts where it cut a text to fit a limit. */
export const ELLIPSIS = '…';

/**
 * `text` cut to at most `max` UTF-16 code units after `measure` (the channel's escaping), on a
 * code point boundary (an emoji or astral letter is never split) and preferably at a word
 * end, with an ellipsis where it was cut.
 */
export function clipText(
  text: string,
  max: number,
  measure: (s: string) => number = (s) => s.length,
): string {
  if (measure(text) <= max) return text;
  const room = max - ELLIPSIS.length;
  if (room <= 0) return max >= ELLIPSIS.length ? ELLIPSIS : '';
  // Grow code point by code point: measuring a prefix is the only way when escaping changes lengths.
  let cut = 0;
  let used = 0;
  for (const char of text) {
    const cost = measure(char);
    if (used + cost > room) break;
    used += cost;
    cut += char.length;
  }
  let kept = text.slice(0, cut);
  const space = kept.lastIndexOf(' ');
  if (space > cut * 0.6) kept = kept.slice(0, space);
  return `${kept.replace(/[\s,;:.-]+$/, '')}${ELLIPSIS}`;
}
