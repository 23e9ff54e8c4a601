const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', hellip: '…', euro: '€',
};

/** Decodes HTML character references (named, decimal and hex). Unknown names are kept. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

// Block-level tags separate words; inline tags (b, i, a, span) sit inside them.
const BLOCK_TAG = /<\/?(p|br|div|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|article|hr|img)\b[^>]*>/gi;

/**
 * HTML (or plain text) to one line of plain text: scripts and styles dropped, tags removed,
 * entities decoded (twice, since feeds often escape already-escaped HTML), whitespace collapsed.
 */
export function htmlToText(html: string | undefined): string {
  if (!html) return '';
  let text = html
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(BLOCK_TAG, ' ')
    .replace(/<[^>]+>/g, '');
  text = decodeEntities(text);
  // A double-escaped feed yields "&lt;b&gt;" after one pass: strip what that reveals.
  if (/<[a-z/!][^>]*>|&(#x?[0-9a-f]+|[a-z]+);/i.test(text)) {
    text = decodeEntities(text.replace(BLOCK_TAG, ' ').replace(/<[^>]+>/g, ''));
  }
  return text.replace(/\s+/g, ' ').trim();
}
