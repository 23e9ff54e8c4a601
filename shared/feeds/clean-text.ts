import { windows1252Char } from './windows-1252';

// Characters that must not reach a person: C0 controls other than tab and line breaks, DEL,
// C1 controls, the bidirectional embeddings, overrides and isolates (an unclosed U+202E
// reverses how everything after it is shown, a link included), the directional marks, and the
// other invisible format characters (soft hyphen, zero-width space, word joiner, invisible
// operators, the interlinear annotation marks, BOM). The zero-width joiner and non-joiner
// stay: emoji sequences and Persian and Indic words need them. Written as escapes so the
// bundles stay ASCII (docs/bundles.md).
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;
const C1 = /[\u0080-\u009f]/g;

/**
 * Makes feed text safe to show: C1 controls become the Windows-1252 characters they stand
 * for in real feeds (`&#146;` is a right quote, as browsers read it), and control, bidi and
 * invisible format characters are removed. Letters of every script, emoji (with their joiners
 * and variation selectors) and ordinary whitespace stay. One linear pass each.
 */
export function cleanText(text: string): string {
  return text.replace(C1, windows1252Char).replace(UNSAFE, '');
}

/** Collapses runs of whitespace (line breaks and no-break spaces included) to one space and trims. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
