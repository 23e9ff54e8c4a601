/**
 * `npx tsx scripts/charset-check.ts <locale-folder>`: judges the unlabelled-Cyrillic detector
 * (shared/feeds/cyrillic-charset.ts) on text it was not tuned on: the translations in gettext
 * catalogs (`<folder>/{ru,uk}/LC_MESSAGES/*.mo`, as a Debian system keeps them), each message
 * encoded as windows-1251, KOI8-R (KOI8-U for Ukrainian) and ISO-8859-5 inside an RSS item
 * with no label, and Western catalogs (fr, de, es, it, pt) in windows-1252, which must not be
 * read as Cyrillic. A reading is right when it gives back the text. Prints the rates by
 * encoding and length; never part of `npm test`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { decodeBody } from '../shared/feeds/decode-body';

/** The translated strings of one .mo catalog (GNU gettext's binary format). */
function translations(file: string): string[] {
  const mo = readFileSync(file);
  const little = mo.readUInt32LE(0) === 0x950412de;
  const u32 = (at: number) => (little ? mo.readUInt32LE(at) : mo.readUInt32BE(at));
  const count = u32(8);
  const table = u32(16);
  const out: string[] = [];
  for (let i = 1; i < count; i++) {
    const length = u32(table + i * 8);
    const offset = u32(table + i * 8 + 4);
    for (const s of mo
      .subarray(offset, offset + length)
      .toString('utf8')
      .split('\0'))
      out.push(s);
  }
  return out;
}

function catalogText(root: string, lang: string, from: number, max: number): string[] {
  const dir = join(root, lang, 'LC_MESSAGES');
  if (!existsSync(dir)) return [];
  const texts = readdirSync(dir)
    .filter((f) => f.endsWith('.mo'))
    .sort()
    .flatMap((f) => translations(join(dir, f)))
    // Messages, not format strings or single words.
    .map((s) =>
      s
        .replace(/%[-+ #0-9.]*[a-zA-Z]|\\[nt]|[_&~]/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((s) => s.length >= 20 && !/[<>&]/.test(s));
  return [...new Set(texts)].slice(from, from + max);
}

const feed = (title: string, summary: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><item><guid>1</guid><title>${title}</title><description>${summary}</description></item></channel></rss>`;

function main(): void {
  const root = process.argv[2];
  // Which part of the messages: the detector was tuned on part 0 (the first 3,000 messages of
  // each Cyrillic language, 1,000 of each Western one); part 1 is the next as many, unseen.
  const part = Number(process.argv[3] ?? 1);
  if (!root || !(part >= 0)) {
    console.error(
      'usage: npx tsx scripts/charset-check.ts <folder with ru/LC_MESSAGES, uk/LC_MESSAGES...> [part]',
    );
    process.exit(1);
  }
  const results = new Map<string, { right: number; all: number; wrong: string[] }>();
  const count = (key: string, right: boolean, note: string) => {
    const r = results.get(key) ?? { right: 0, all: 0, wrong: [] };
    r.all++;
    if (right) r.right++;
    else if (r.wrong.length < 3) r.wrong.push(note);
    results.set(key, r);
  };
  const cases: [string, string[]][] = [
    ['ru', ['windows-1251', 'koi8-r', 'iso-8859-5']],
    ['uk', ['windows-1251', 'koi8-u', 'iso-8859-5']],
  ];
  for (const [lang, encodings] of cases) {
    const texts = catalogText(root, lang, part * 3000, 3000);
    for (let i = 0; i + 1 < texts.length; i += 2) {
      // A short item (a title only, as some feeds have) and a longer one (title and summary).
      for (const [size, title, summary] of [
        ['short', texts[i]!.slice(0, 80), ''],
        ['long', texts[i]!, texts[i + 1]!],
      ] as const) {
        const xml = feed(title, summary);
        for (const encoding of encodings) {
          const bytes = iconv.encode(xml, encoding);
          // A message with a letter the encoding lacks is no test of reading it.
          if (iconv.decode(bytes, encoding) !== xml) continue;
          const decoded = decodeBody(bytes);
          count(
            `${lang} ${encoding} ${size}`,
            decoded.text === xml,
            `${decoded.encoding}: ${title.slice(0, 40)}`,
          );
        }
      }
    }
  }
  for (const lang of ['fr', 'de', 'es', 'it', 'pt']) {
    const texts = catalogText(root, lang, part * 1000, 1000);
    for (let i = 0; i + 1 < texts.length; i += 2) {
      const xml = feed(texts[i]!, texts[i + 1]!);
      const bytes = iconv.encode(xml, 'windows-1252');
      if (iconv.decode(bytes, 'windows-1252') !== xml || !/[^ -~\s]/.test(xml)) continue;
      const decoded = decodeBody(bytes);
      count(
        `${lang} windows-1252 long`,
        decoded.encoding === 'windows-1252',
        `${decoded.encoding}: ${texts[i]!.slice(0, 40)}`,
      );
    }
  }
  let right = 0;
  let all = 0;
  for (const [key, r] of [...results].sort()) {
    right += r.right;
    all += r.all;
    console.log(
      `${key.padEnd(28)} ${r.right}/${r.all} (${((r.right / r.all) * 100).toFixed(1)}%)${r.wrong.length ? `  e.g. ${r.wrong.join(' | ')}` : ''}`,
    );
  }
  console.log(`all: ${right}/${all} (${((right / all) * 100).toFixed(2)}%)`);
}

main();
