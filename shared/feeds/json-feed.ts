import { looksLikeHtml } from './html-to-text';
import { NewestItems } from './newest-items';
import { parseFeedDate } from './feed-date';
import type { RawEntry, RawFeed, TextConstruct } from './raw-feed';

// Checked by hand, not with zod: this runs in the poll function, where zod's classic API
// (which cannot be tree-shaken) was a quarter of the bundle and of its load time
// (docs/bundles.md). The checks are the JSON Feed 1.0/1.1 spec's types, nothing more.

const VERSION = /^https?:\/\/jsonfeed\.org\/version\/1(\.\d+)?\/?$/;

/** The fields of an item we read. Unknown fields and extensions ("_x") are allowed. */
const ITEM_TEXT = [
  'url',
  'external_url',
  'content_html',
  'content_text',
  'summary',
  'date_published',
  'date_modified',
  'language',
] as const;
type JsonFeedItem = Partial<Record<(typeof ITEM_TEXT)[number] | 'id' | 'title', string>>;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string field, absent when missing or null; `false` when it holds anything else. */
function stringField(object: Json, key: string): string | undefined | false {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : false;
}

/** Publishers write numbers where the spec says strings (ids above all): both are read as text. */
function textField(object: Json, key: string): string | undefined | false {
  const value = object[key];
  return typeof value === 'number' ? String(value) : stringField(object, key);
}

/** An item's fields, or undefined when one has the wrong type (the item is then skipped). */
function readItem(raw: unknown): JsonFeedItem | undefined {
  if (!isObject(raw)) return undefined;
  const item: JsonFeedItem = {};
  for (const key of ['id', 'title', ...ITEM_TEXT] as const) {
    const value = key === 'id' || key === 'title' ? textField(raw, key) : stringField(raw, key);
    if (value === false) return undefined;
    if (value !== undefined) item[key] = value;
  }
  return item;
}

/** The first thing that makes a document not a JSON Feed, as `path: problem`. */
function documentProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'document: expected an object';
  if (typeof value.version !== 'string') return 'version: expected a string';
  if (!VERSION.test(value.version))
    return 'version: is not a JSON Feed version URL (https://jsonfeed.org/version/1.1)';
  for (const key of ['home_page_url', 'feed_url', 'language'])
    if (stringField(value, key) === false) return `${key}: expected a string`;
  if (textField(value, 'title') === false) return 'title: expected a string';
  if (!Array.isArray(value.items)) return 'items: expected an array';
  return undefined;
}

/** True when a body looks like JSON rather than XML. */
export function looksLikeJson(text: string): boolean {
  return /^[\s\ufeff]*[{[]/.test(text);
}

/**
 * A title or summary: plain text by the spec, but publishers write entities and tags in them
 * ("&quot;optimistic&quot;"), which are read as HTML when they look like it.
 */
function lenientText(value: string | undefined): TextConstruct | undefined {
  return value === undefined ? undefined : { type: looksLikeHtml(value) ? 'html' : 'text', value };
}

/**
 * Reads a JSON Feed 1.0 / 1.1 document, its fields checked against the spec's types. An item that does not fit
 * the schema is skipped (and counted) rather than sinking the whole feed. Keeps the `maxItems` newest items.
 * Throws an Error with a one-line reason when the document itself is not a JSON Feed.
 */
export function readJsonFeed(json: string, maxItems = Infinity): RawFeed & { skippedItems: number } {
  let value: unknown;
  try {
    value = JSON.parse(json.replace(/^\ufeff/, ''));
  } catch (cause) {
    throw new Error(`not valid JSON (${(cause as Error).message})`, { cause });
  }
  const problem = documentProblem(value);
  if (problem) throw new Error(`not a JSON Feed: ${problem}`);
  const feed = value as Json & { items: unknown[] };
  let skippedItems = 0;
  const entries = new NewestItems<RawEntry>(maxItems);
  for (const raw of feed.items) {
    const i = readItem(raw);
    if (!i) {
      skippedItems++;
      continue;
    }
    const date = i.date_published ?? i.date_modified;
    const iso = parseFeedDate(date);
    entries.add(
      {
        guid: i.id,
        title: lenientText(i.title),
        summary:
          lenientText(i.summary) ??
          (i.content_text !== undefined ? { type: 'text', value: i.content_text } : undefined) ??
          (i.content_html !== undefined ? { type: 'html', value: i.content_html } : undefined),
        link: i.url ?? i.external_url,
        date,
        lang: i.language,
      },
      iso ? Date.parse(iso) : undefined,
    );
  }
  return {
    format: 'json',
    // Checked above: none of these is `false` here.
    title: lenientText(textField(feed, 'title') as string | undefined),
    link: stringField(feed, 'home_page_url') as string | undefined,
    selfLink: stringField(feed, 'feed_url') as string | undefined,
    lang: stringField(feed, 'language') as string | undefined,
    entries: entries.items(),
    itemsInFeed: entries.count,
    skippedItems,
  };
}
