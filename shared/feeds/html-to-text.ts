import { decodeHTMLStrict } from 'entities';
import { Tokenizer } from 'htmlparser2';
import { cleanText, collapseWhitespace } from './clean-text';

// Block-level elements separate words; inline ones (b, i, a, span) sit inside them.
const BLOCK = new Set(
  'p br div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 tr td th table thead tbody tfoot caption blockquote section article aside nav header footer figure figcaption pre hr img address main details summary'.split(
    ' ',
  ),
);
// Dropped with their content: code, styles, and what a reader never sees as text.
const DROPPED = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'svg', 'math']);
// The input is fed to the tokenizer in slices, so reading can stop once enough text is out.
const SLICE = 16 * 1024;

/**
 * HTML to one line of plain text, in one linear pass of a real HTML tokenizer (htmlparser2's
 * Tokenizer; its Parser keeps a stack that costs the square of the nesting depth): scripts,
 * styles and the like dropped with their content, tags removed, every character reference
 * decoded once (named ones, legacy ones without ";", numeric ones, 128-159 as Windows-1252),
 * unsafe characters removed (./clean-text.ts), whitespace collapsed. Text that only looks
 * like markup ("3 < 5", "<3") stays. Markup that was escaped in the HTML (`&lt;b&gt;`) is
 * text and is shown as such, never removed.
 *
 * @param maxChars stop reading once this much text is out; the caller cuts the rest
 * @default Infinity
 */
export function htmlToText(html: unknown, maxChars = Infinity): string {
  if (typeof html !== 'string' || !html) return '';
  const parts: string[] = [];
  let length = 0;
  // Open dropped elements; a tag seen as a name first, its end ("/>" or ">") later.
  let dropped = 0;
  let tag = '';
  const text = (piece: string) => {
    if (dropped > 0) return;
    parts.push(piece);
    length += piece.length;
  };
  const tokenizer = new Tokenizer(
    { xmlMode: false, decodeEntities: true },
    {
      ontext: (start, end) => text(html.slice(start, end)),
      ontextentity: (cp) => text(String.fromCodePoint(cp)),
      oncdata: (start, end, offset) => text(html.slice(start, end - offset)),
      onopentagname(start, end) {
        tag = html.slice(start, end).toLowerCase();
        if (DROPPED.has(tag)) dropped++;
        else if (BLOCK.has(tag)) parts.push(' ');
      },
      onselfclosingtag() {
        if (DROPPED.has(tag)) dropped = Math.max(0, dropped - 1);
      },
      onclosetag(start, end) {
        const name = html.slice(start, end).toLowerCase();
        if (DROPPED.has(name)) dropped = Math.max(0, dropped - 1);
        else if (BLOCK.has(name)) parts.push(' ');
      },
      onopentagend() {},
      onattribname() {},
      onattribdata() {},
      onattribentity() {},
      onattribend() {},
      oncomment() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      onend() {},
    },
  );
  // Room for the whitespace that collapsing removes.
  const enough = maxChars === Infinity ? Infinity : maxChars * 2 + 256;
  for (let at = 0; at < html.length && length < enough; at += SLICE)
    tokenizer.write(html.slice(at, at + SLICE));
  tokenizer.end();
  return collapseWhitespace(cleanText(escapedTwice(parts.join(''))));
}

/**
 * Reads character references left in text after its format's decoding ("&amp;amp;" escaped
 * twice, "&nbsp;" in a plain-text title): publishers escape twice often, and a reference
 * shown as such helps no reader. Only references are read: markup revealed this way stays
 * text, it is never removed. Unknown references stay as written.
 */
function escapedTwice(text: string): string {
  return text.includes('&') ? decodeHTMLStrict(text) : text;
}

/** Plain text (a title the feed says is text) to one clean line: nothing in it is markup. */
export function plainToText(text: unknown, maxChars = Infinity): string {
  if (typeof text !== 'string' || !text) return '';
  const head = maxChars === Infinity ? text : text.slice(0, maxChars * 2 + 256);
  return collapseWhitespace(cleanText(escapedTwice(head)));
}

// Elements whose presence marks a title as HTML.
const HTML_ELEMENTS = new Set(
  'a abbr b big blockquote br center cite code dd del dfn div dl dt em font h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp small span strike strong sub sup table tbody td th thead tr tt u ul'.split(
    ' ',
  ),
);
const TAG_NAMES = /<\/?([A-Za-z][A-Za-z0-9]*)(?=[\s/>])[^<>]*>/g;
const REFERENCE = /&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;

/**
 * True when text whose format does not say (an RSS or JSON Feed title) is HTML, as lenient
 * readers decide: it holds character references, or tags that are all HTML elements. A title
 * that only mentions "<blink>" or "<T>" is plain text.
 */
export function looksLikeHtml(text: string): boolean {
  if (!text.includes('<')) return REFERENCE.test(text);
  let tags = 0;
  for (const [, name] of text.matchAll(TAG_NAMES)) {
    if (!HTML_ELEMENTS.has(name!.toLowerCase())) return false;
    tags++;
  }
  return tags > 0 || REFERENCE.test(text);
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
