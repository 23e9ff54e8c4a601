/**
 * What bytes 0x80-0x9F mean in windows-1252 (WHATWG Encoding Standard); every other byte is
 * its Latin-1 code point. The five bytes Microsoft left undefined keep their C1 code point, as
 * browsers do.
 */
const HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Decodes windows-1252, the encoding of most unlabelled legacy feeds and of every "ISO-8859-1"
 * one. Not Node's TextDecoder: since Node.js 20.18.3 and 22.13.0 it reads windows-1252 as
 * Latin-1 and loses the curly quotes, dashes and euro sign (nodejs/node#56542, #60888).
 */
export function decodeWindows1252(bytes: Buffer): string {
  return bytes.toString('latin1').replace(/[\x80-\x9f]/g, (c) => HIGH[c.charCodeAt(0) - 0x80]!);
}

/**
 * The character a C1 control (U+0080-U+009F) stands for when a feed meant Windows-1252, as
 * browsers read `&#146;`; the five code points Windows-1252 leaves undefined stay as they are.
 */
export function windows1252Char(c1: string): string {
  const code = c1.charCodeAt(0);
  return code >= 0x80 && code <= 0x9f ? HIGH[code - 0x80]! : c1;
}
