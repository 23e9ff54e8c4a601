import { parseFeedDate } from './feed-date';
import type { RawEntry, TextConstruct } from './raw-feed';

// How the items and entries the XML reader collected become RawEntry, by each format's rules.

/** How a text construct's content is read. */
export type Mode = 'text' | 'html' | 'rss-title' | 'skip';

/** An item or entry as the reader collected it: its direct children, links and context. */
export interface EntryDraft {
  fields: Map<string, TextConstruct>;
  links: { href: string; rel: string; type: string; base?: string }[];
  guidPermalink: boolean;
  about?: string;
  base?: string;
  lang?: string;
}

// Direct children of an item or entry that are read, and as what.
export const TEXT_FIELDS = new Set([
  'title',
  'dc:title',
  'description',
  'content:encoded',
  'dc:description',
  'xhtml:body',
  'atom:title',
  'atom:summary',
  'atom:content',
]);
export const DATE_FIELDS = [
  'atom:published',
  'pubDate',
  'dc:date',
  'atom:issued',
  'dcterms:issued',
  'dcterms:created',
  'atom:created',
  'atom:updated',
  'dcterms:modified',
  'atom:modified',
  'dcterms:date',
];
export const SMALL_FIELDS = new Set([
  'link',
  'guid',
  'atom:id',
  'dc:language',
  'dc:identifier',
  ...DATE_FIELDS,
]);

export function rssEntry(draft: EntryDraft, feedBases: string[]): RawEntry {
  const f = draft.fields;
  const text = (key: string) => f.get(key)?.value.trim() || undefined;
  const guid = text('guid');
  const link = text('link') ?? pickAlternate(draft.links)?.href ?? draft.about;
  return {
    guid,
    title: nonEmpty(f.get('title')) ?? nonEmpty(f.get('dc:title')) ?? nonEmpty(f.get('atom:title')),
    // The description is the summary; the whole article (content:encoded) is a fallback.
    summary: firstNonEmpty(f, [
      'description',
      'content:encoded',
      'dc:description',
      'xhtml:body',
      'atom:summary',
      'atom:content',
    ]),
    // A permalink GUID is the link when the item has none (RSS 2.0: isPermaLink defaults to true).
    link: link ?? (guid && draft.guidPermalink && /^https?:\/\//i.test(guid) ? guid : undefined),
    bases: compact([...feedBases, draft.base]),
    date: firstDate(f),
    lang: draft.lang ?? text('dc:language'),
  };
}

export function atomEntry(draft: EntryDraft, feedBases: string[]): RawEntry {
  const f = draft.fields;
  const link = pickAlternate(draft.links);
  return {
    guid: f.get('atom:id')?.value.trim() || undefined,
    title: nonEmpty(f.get('atom:title')) ?? nonEmpty(f.get('dc:title')),
    summary: firstNonEmpty(f, ['atom:summary', 'atom:content', 'dc:description']),
    link: link?.href,
    bases: compact([...feedBases, draft.base, link?.base]),
    date: firstDate(f),
    lang: draft.lang ?? (f.get('dc:language')?.value.trim() || undefined),
  };
}

/** The first date that can be read, in the order of what each means (publication first). */
export function firstDate(fields: Map<string, TextConstruct>): string | undefined {
  const dates = DATE_FIELDS.map((key) => fields.get(key)?.value.trim()).filter((d): d is string => !!d);
  return dates.find((d) => parseFeedDate(d) !== undefined) ?? dates[0];
}

export function firstNonEmpty(fields: Map<string, TextConstruct>, keys: string[]): TextConstruct | undefined {
  for (const key of keys) {
    const value = nonEmpty(fields.get(key));
    if (value) return value;
  }
  return undefined;
}

export function nonEmpty(construct: TextConstruct | undefined): TextConstruct | undefined {
  return construct && construct.value.trim() ? construct : undefined;
}

/** Atom's `type` (1.0: text, html, xhtml or a MIME type; 0.3: a MIME type and a `mode`). */
export function atomMode(attrs: Record<string, string>): Mode {
  const type = (attrs.type ?? 'text').trim().toLowerCase();
  const mode = attrs.mode?.trim().toLowerCase();
  if (mode === 'base64') return 'skip';
  if (type === 'html' || type === 'text/html') return 'html';
  // XHTML's elements arrive as children; its text is plain.
  if (
    type === 'text' ||
    type === 'xhtml' ||
    mode === 'xml' ||
    type.startsWith('text/') ||
    /[+/]xml$/.test(type)
  )
    return 'text';
  return 'skip';
}

export function linkOf(attrs: Record<string, string>): EntryDraft['links'][number] {
  return {
    href: (attrs.href ?? '').trim(),
    rel: (attrs.rel ?? 'alternate').trim(),
    type: attrs.type ?? '',
    base: attrs['xml:base'],
  };
}

/** The alternate link: rel absent or "alternate", HTML preferred; else the first. */
export function pickAlternate(links: EntryDraft['links']): EntryDraft['links'][number] | undefined {
  const usable = links.filter((l) => l.href);
  const alternates = usable.filter((l) => l.rel === 'alternate');
  return (
    alternates.find((l) => /html/.test(l.type)) ??
    alternates[0] ??
    usable.find((l) => l.rel !== 'self') ??
    usable[0]
  );
}

function compact(values: (string | undefined)[]): string[] {
  return values.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
}
