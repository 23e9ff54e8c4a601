import { decodeHTML } from 'entities';

// Block-level tags separate words; inline tags (b, i, a, span) sit inside them.
const BLOCK_TAG =
  /<\/?(p|br|div|li|ul|ol|dl|dt|dd|h[1-6]|tr|td|th|table|blockquote|section|article|header|footer|figure|figcaption|pre|hr|img)\b[^>]*>/gi;
// A tag starts with a letter, "/" or "!": "a < b" and "<3" are text, not tags.
const ANY_TAG = /<[a-z/!?][^>]*>/gi;
const DROPPED_ELEMENTS = /<(script|style|noscript|template|iframe|object)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const LOOKS_LIKE_MARKUP = /<\/?[a-z][^>]*>|&(#x?[0-9a-f]+|[a-z][a-z0-9]*);/i;
// C0 controls other than tab and newlines, and the zero-width characters editors leave behind.
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b\u200c\u2060\ufeff]|\u200d/g;

/** Decodes HTML character references: every named entity (also the legacy ones without ";"), decimal and hex. */
export function decodeEntities(text: string): string {
  return decodeHTML(text);
}

function stripTags(html: string): string {
  return html
    .replace(DROPPED_ELEMENTS, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(BLOCK_TAG, ' ')
    .replace(ANY_TAG, '');
}

/**
 * HTML (or plain text) to one line of plain text: scripts and styles dropped with their
 * content, tags removed, entities decoded (twice when the first pass reveals more markup,
 * since feeds often escape already-escaped HTML), invisible characters removed, whitespace
 * collapsed.
 */
export function htmlToText(html: unknown): string {
  if (typeof html !== 'string' || !html) return '';
  let text = decodeEntities(stripTags(html));
  // A double-escaped feed yields "<b>" or "&amp;" after one pass: strip what that reveals.
  if (LOOKS_LIKE_MARKUP.test(text)) text = decodeEntities(stripTags(text));
  return text.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/**
 * Cuts plain text to at most `max` characters at a word boundary, adding "…". Summaries are
 * for matching and for the alert's first lines; a whole article would only bloat the table.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
