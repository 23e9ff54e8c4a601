import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { detectCyrillic } from './cyrillic-charset';
import { decodeWindows1252 } from './windows-1252';

/** How a body was decoded, for `feeds check` and tests. */
export interface DecodedBody {
  text: string;
  /** The encoding used, by its WHATWG name (`windows-1251`, `koi8-r`, `utf-16le`...). */
  encoding: string;
  /** Where it came from. */
  source: 'bom' | 'header' | 'prolog' | 'utf-8 content' | 'detected' | 'default';
  /** What the detector found, when `source` is `detected`. */
  detail?: string;
}

// Node's own TextDecoder (full ICU, as in the Lambda runtime), so the bundle carries no code
// tables: iconv-lite's were a third of the poll bundle and of its load time (docs/bundles.md).
// It follows the WHATWG Encoding Standard, as browsers read feeds: ISO-8859-1, Latin-1 and
// US-ASCII labels mean windows-1252 (publishers who say Latin-1 mean the quotes and dashes in
// 0x80-0x9f too), and every legacy encoding news sites use (windows-125x, KOI8-R/U,
// ISO-8859-x, Shift_JIS, EUC-JP/KR, GBK, GB18030, Big5) is there. windows-1252 alone is
// decoded by our own table (./windows-1252.ts): Node's is wrong in the versions Lambda runs.
// Decoders are kept per label that names an encoding: a finite set (about 220 labels), so a
// feed sending a new made-up label each poll cannot grow it.
const decoders = new Map<string, TextDecoder>();

/** The decoder for a label, or undefined when the label names no encoding this Node.js reads. */
function decoderFor(label: string): TextDecoder | undefined {
  let decoder = decoders.get(label);
  if (!decoder) {
    try {
      // Not fatal: bytes invalid in the encoding become U+FFFD instead of losing the feed.
      decoder = new TextDecoder(label === 'x-user-defined' ? 'windows-1252' : label);
    } catch {
      // RangeError: an unknown label (or a Node.js built without full ICU).
      return undefined;
    }
    decoders.set(label, decoder);
  }
  return decoder;
}

/**
 * Turns a feed body into text, never throwing. The encoding is chosen as XML and browsers do,
 * hardened against the mislabelled feeds of the real web:
 * 1. a byte-order mark wins (UTF-8, UTF-16LE/BE);
 * 2. a body that is valid UTF-8 and not plain ASCII is UTF-8, whatever the header or prolog
 *    claim (a legacy encoding almost never yields valid UTF-8 by chance; wrong labels do occur,
 *    e.g. a UTF-8 feed whose prolog still says ISO-8859-1);
 * 3. else the Content-Type charset, then the XML prolog's encoding, when it names an encoding;
 * 4. else, for bytes that are not UTF-8 and carry no label, windows-1251, KOI8-R/U or
 *    ISO-8859-5 when the bytes read as Cyrillic text in one of them (./cyrillic-charset.ts),
 *    windows-1252 otherwise; UTF-8 for plain ASCII.
 * UTF-32 is read when a byte-order mark says so. Bytes invalid in the chosen encoding become U+FFFD.
 */
export function decodeBody(body: Uint8Array, contentType?: string): DecodedBody {
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const bom = encodingFromBom(buffer);
  if (bom) return decode(buffer, bom, 'bom');
  const header = knownEncoding(charsetFromContentType(contentType));
  const prolog = knownEncoding(encodingFromProlog(buffer));
  // UTF-16 without a BOM can only be told by its prolog's byte pattern.
  const utf16 = utf16FromPattern(buffer);
  if (utf16) return decode(buffer, utf16, 'prolog');
  if (!isAscii(buffer) && isValidUtf8(buffer)) return decode(buffer, 'utf-8', 'utf-8 content');
  if (header && header !== 'utf-8') return decode(buffer, header, 'header');
  if (prolog && prolog !== 'utf-8') return decode(buffer, prolog, 'prolog');
  if (header || prolog || isAscii(buffer))
    return decode(buffer, 'utf-8', header ? 'header' : prolog ? 'prolog' : 'default');
  const cyrillic = detectCyrillic(buffer);
  if (cyrillic) return { ...decode(buffer, cyrillic.encoding, 'detected'), detail: cyrillic.detail };
  return decode(buffer, 'windows-1252', 'default');
}

/** One line on why a body was read in its encoding, for `feeds check`. */
export function decodingReason(decoded: Pick<DecodedBody, 'encoding' | 'source' | 'detail'>): string {
  switch (decoded.source) {
    case 'bom':
      return 'the body starts with its byte-order mark';
    case 'header':
      return 'the charset of the Content-Type header says so';
    case 'prolog':
      return 'the XML prolog says so';
    case 'utf-8 content':
      return 'the bytes are valid UTF-8, whatever a label says';
    case 'detected':
      return `no charset in the header, a byte-order mark or the XML prolog, and not UTF-8: ${decoded.detail ?? 'detected from the bytes'}`;
    default:
      return decoded.encoding === 'utf-8'
        ? 'no charset anywhere, and the bytes are plain ASCII'
        : 'no charset anywhere, not UTF-8 and not Cyrillic: windows-1252, as browsers read unlabelled feeds';
  }
}

function decode(buffer: Buffer, encoding: string, source: DecodedBody['source']): DecodedBody {
  if (encoding === 'utf-32le' || encoding === 'utf-32be')
    return { text: decodeUtf32(buffer, encoding === 'utf-32be'), encoding, source };
  // A byte-order mark of the chosen encoding is dropped (TextDecoder's default), as XML wants.
  const decoder = decoderFor(encoding)!;
  const text = decoder.encoding === 'windows-1252' ? decodeWindows1252(buffer) : decoder.decode(buffer);
  return { text, encoding: decoder.encoding, source };
}

/** The charset parameter of a Content-Type header, lower-cased, if any. */
export function charsetFromContentType(contentType?: string): string | undefined {
  return /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
}

function encodingFromBom(body: Buffer): string | undefined {
  // UTF-32 first: its little-endian mark begins like UTF-16's.
  if (body[0] === 0xff && body[1] === 0xfe && body[2] === 0 && body[3] === 0) return 'utf-32le';
  if (body[0] === 0 && body[1] === 0 && body[2] === 0xfe && body[3] === 0xff) return 'utf-32be';
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  return undefined;
}

function utf16FromPattern(body: Buffer): string | undefined {
  // "<?" as UTF-16 (XML 1.0, appendix F).
  if (body[0] === 0x3c && body[1] === 0x00 && body[2] === 0x3f && body[3] === 0x00) return 'utf-16le';
  if (body[0] === 0x00 && body[1] === 0x3c && body[2] === 0x00 && body[3] === 0x3f) return 'utf-16be';
  return undefined;
}

function encodingFromProlog(body: Buffer): string | undefined {
  const head = body.subarray(0, 512).toString('latin1');
  return /^\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']/.exec(head)?.[1]?.toLowerCase();
}

/** The WHATWG name for a label, or undefined when it names no encoding we can read. */
function knownEncoding(label: string | undefined): string | undefined {
  if (!label) return undefined;
  return decoderFor(label)?.encoding;
}

function isAscii(body: Buffer): boolean {
  for (let i = 0; i < body.length; i++) if (body[i]! > 0x7f) return false;
  return true;
}

function isValidUtf8(body: Buffer): boolean {
  return isUtf8(body);
}

/**
 * UTF-32 (no TextDecoder reads it: the WHATWG standard has no UTF-32), BOM dropped; a code
 * unit that is no Unicode scalar value becomes U+FFFD, and so do trailing bytes.
 */
function decodeUtf32(body: Buffer, bigEndian: boolean): string {
  const parts: string[] = [];
  let chunk: number[] = [];
  for (let at = 4; at + 4 <= body.length; at += 4) {
    const point = bigEndian ? body.readUInt32BE(at) : body.readUInt32LE(at);
    chunk.push(point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff) ? 0xfffd : point);
    if (chunk.length === 8192) {
      parts.push(String.fromCodePoint(...chunk));
      chunk = [];
    }
  }
  if (body.length % 4 !== 0) chunk.push(0xfffd);
  parts.push(String.fromCodePoint(...chunk));
  return parts.join('');
}
