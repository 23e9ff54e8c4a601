import Parser from 'rss-parser';
import type { RawEntry, RawFeed } from './raw-feed';

/** An xml2js node: text, or an object with attributes in `$`, text in `_` and child arrays. */
type XmlNode = string | { $?: Record<string, string>; _?: string; [child: string]: unknown };

type Item = Parser.Item & {
  attrs?: Record<string, string>;
  links?: XmlNode[];
  rawTitle?: XmlNode[];
  guid?: unknown;
  rawGuid?: XmlNode[];
  id?: unknown;
  summary?: string;
  date?: string;
  published?: string;
  updated?: string;
  issued?: string;
  modified?: string;
  created?: string;
  'dc:language'?: string;
  'content:encoded'?: string;
};
type Feed = Parser.Output<Item> & {
  attrs?: Record<string, string>;
  language?: string;
  ttl?: string;
  'dc:language'?: string;
  title?: unknown;
};

/**
 * rss-parser with the raw fields it would otherwise drop: attributes (xml:base, xml:lang),
 * every <link> element and the raw title (Atom titles may be XHTML), plus Atom 0.3's dates.
 */
class FeedParser extends Parser<Feed, Item> {
  constructor() {
    super({
      // A <rss> without a version attribute is read as RSS 2.0 rather than refused.
      defaultRSS: 2,
      customFields: {
        feed: [['$', 'attrs', { keepArray: true }], 'dc:language'] as never,
        item: [
          ['$', 'attrs', { keepArray: true }],
          ['link', 'links', { keepArray: true }],
          ['title', 'rawTitle', { keepArray: true }],
          ['guid', 'rawGuid', { keepArray: true }],
          'published',
          'updated',
          'issued',
          'modified',
          'created',
          'dc:language',
        ] as never,
      },
    });
  }
}

// rss-parser calls toISOString() on Atom dates unguarded: one bad date would sink the feed.
const proto = FeedParser.prototype as unknown as { parseItemAtom(entry: Record<string, unknown>): Item };
const parseItemAtom = proto.parseItemAtom;
proto.parseItemAtom = function (this: unknown, entry: Record<string, unknown>): Item {
  try {
    return parseItemAtom.call(this, entry);
  } catch {
    const item = parseItemAtom.call(this, { ...entry, published: undefined, updated: undefined });
    return { ...item, date: firstText(entry.published) ?? firstText(entry.updated) };
  }
};

const parser = new FeedParser();

/**
 * Reads RSS 0.9x, RSS 1.0 (RDF), RSS 2.0 and Atom (1.0, and 0.3 where cheap) with
 * rss-parser's `parseString`. Throws rss-parser's own error on anything else.
 */
export async function readXmlFeed(xml: string): Promise<RawFeed> {
  const feed = await parser.parseString(entryAsFeed(xhtmlAsHtml(xml.replace(/^[\s\ufeff]+/, ''))));
  const isAtom =
    /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*|<\?[^>]*>\s*)*<(\w+:)?feed\b/.test(
      xml.slice(0, 4096).replace(/^\ufeff/, ''),
    );
  const isRdf = !isAtom && /<(\w+:)?RDF\b/.test(xml.slice(0, 4096));
  const feedBases = compact([feed.attrs?.['xml:base']]);
  const feedLang = feed.attrs?.['xml:lang'] ?? feed.language ?? feed['dc:language'];
  return {
    format: isAtom ? 'atom' : isRdf ? 'rdf' : 'rss',
    title: textOf(feed.title as XmlNode | undefined),
    link: typeof feed.link === 'string' ? feed.link : undefined,
    selfLink: typeof feed.feedUrl === 'string' ? feed.feedUrl : undefined,
    bases: feedBases,
    lang: typeof feedLang === 'string' ? feedLang : undefined,
    ttlMinutes: positiveNumber(feed.ttl),
    entries: (feed.items ?? []).map((item) =>
      isAtom ? atomEntry(item, feedBases) : rssEntry(item, feedBases),
    ),
  };
}

const ENTRY_ROOT = /^((?:<\?xml[^>]*\?>|<!--[\s\S]*?-->|<\?[^>]*\?>|\s)*)(<(?:\w+:)?entry\b[\s\S]*)$/;

/** An Atom Entry Document (root <entry>) read as a feed of one entry. */
function entryAsFeed(xml: string): string {
  const match = ENTRY_ROOT.exec(xml.slice(0, 2048)) ? ENTRY_ROOT.exec(xml) : null;
  if (!match) return xml;
  return `${match[1]}<feed xmlns="http://www.w3.org/2005/Atom">${match[2]}</feed>`;
}

const XHTML_CONSTRUCT =
  /<((?:\w+:)?(?:title|subtitle|summary|content|rights))\b([^>]*?)\btype\s*=\s*(["'])xhtml\3([^>]*)>([\s\S]*?)<\/\1\s*>/g;

/**
 * Atom text constructs of type "xhtml" hold markup as child elements, whose interleaving
 * with text xml2js does not keep ("Macron <em>receives</em> Zelensky" would come back as
 * "Macron Zelensky receives"). Rewritten as escaped type="html" before parsing, they keep
 * their order and take the same path as HTML titles.
 */
export function xhtmlAsHtml(xml: string): string {
  if (!/type\s*=\s*["']xhtml["']/.test(xml)) return xml;
  return xml.replace(
    XHTML_CONSTRUCT,
    (_whole, tag: string, before: string, _q: string, after: string, inner: string) => {
      const escaped = inner.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      return `<${tag}${before}type="html"${after}>${escaped}</${tag}>`;
    },
  );
}

function rssEntry(item: Item, feedBases: string[]): RawEntry {
  const guid = textOf(item.guid as XmlNode | undefined)?.trim();
  const rawGuid = item.rawGuid?.[0];
  const permalink = typeof rawGuid === 'object' ? rawGuid.$?.isPermaLink !== 'false' : true;
  const link = textOf(item.links?.[0]) ?? stringOr((item as Record<string, unknown>)['rdf:about']);
  return {
    guid,
    title: textOf(item.rawTitle?.[0]) ?? stringOr(item.title),
    // The description is the summary; content:encoded is the whole article, a fallback.
    summary: stringOr(item.content) ?? stringOr(item['content:encoded']) ?? stringOr(item.summary),
    // A permalink GUID is the link when the item has none (RSS 2.0: isPermaLink defaults to true).
    link: link ?? (guid && permalink && /^https?:\/\//i.test(guid) ? guid : undefined),
    bases: compact([...feedBases, item.attrs?.['xml:base']]),
    // The date as written: rss-parser's isoDate reads a date without a zone in local time.
    date: stringOr(item.pubDate) ?? stringOr(item.date),
    lang: item.attrs?.['xml:lang'] ?? stringOr(item['dc:language']),
  };
}

function atomEntry(item: Item, feedBases: string[]): RawEntry {
  const link = alternateLink(item.links);
  return {
    guid: stringOr(item.id),
    title: textOf(item.rawTitle?.[0]),
    summary: stringOr(item.summary) ?? stringOr(item.content),
    link: link?.href,
    bases: compact([...feedBases, item.attrs?.['xml:base'], link?.base]),
    date:
      stringOr(item.published) ??
      stringOr(item.updated) ??
      stringOr(item.date) ??
      stringOr(item.issued) ??
      stringOr(item.modified) ??
      stringOr(item.created),
    lang: item.attrs?.['xml:lang'],
  };
}

/** The entry's alternate link: rel absent or "alternate", HTML preferred; else the first. */
function alternateLink(links: XmlNode[] | undefined): { href: string; base?: string } | undefined {
  const parsed = (links ?? []).flatMap((node) => {
    if (typeof node === 'string')
      return node.trim() ? [{ href: node.trim(), rel: 'alternate', type: '' }] : [];
    const href = node.$?.href ?? node._;
    return href
      ? [{ href, rel: node.$?.rel ?? 'alternate', type: node.$?.type ?? '', base: node.$?.['xml:base'] }]
      : [];
  });
  const alternates = parsed.filter((l) => l.rel === 'alternate');
  return alternates.find((l) => /html/.test(l.type)) ?? alternates[0] ?? parsed[0];
}

/** Text of a node: its string, its `_`, or (XHTML titles) the text of its children. */
function textOf(node: XmlNode | unknown): string | undefined {
  if (node === undefined || node === null) return undefined;
  if (typeof node === 'string') return node;
  if (typeof node !== 'object') return String(node);
  const obj = node as Record<string, unknown>;
  if (typeof obj._ === 'string') return obj._;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(obj)) {
    if (key === '$') continue;
    for (const child of Array.isArray(value) ? value : [value]) {
      const text = textOf(child);
      if (text) parts.push(text);
    }
  }
  return parts.length > 0 ? parts.join(' ') : undefined;
}

function firstText(value: unknown): string | undefined {
  return Array.isArray(value) ? textOf(value[0]) : undefined;
}

function stringOr(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') return textOf(value);
  return undefined;
}

function compact(values: (string | undefined)[]): string[] {
  return values.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
}

function positiveNumber(value: unknown): number | undefined {
  const n = Number(typeof value === 'string' ? value.trim() : value);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
