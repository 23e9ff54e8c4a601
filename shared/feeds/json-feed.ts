import { z } from 'zod';
import type { RawFeed } from './raw-feed';

// Publishers write numbers where the spec says strings (ids above all): accept both.
const text = z.union([z.string(), z.number().transform(String)]);

/** One JSON Feed item (1.0 and 1.1); unknown fields and extensions ("_x") are allowed. */
const JsonFeedItemSchema = z.looseObject({
  id: text.optional(),
  url: z.string().optional(),
  external_url: z.string().optional(),
  title: text.optional(),
  content_html: z.string().optional(),
  content_text: z.string().optional(),
  summary: z.string().optional(),
  date_published: z.string().optional(),
  date_modified: z.string().optional(),
  language: z.string().optional(),
});

/** A JSON Feed document, version 1.0 or 1.1 (https://jsonfeed.org/version/1.1). */
export const JsonFeedSchema = z.looseObject({
  version: z.string().regex(/^https?:\/\/jsonfeed\.org\/version\/1(\.\d+)?\/?$/, 'is not a JSON Feed version URL (https://jsonfeed.org/version/1.1)'),
  title: text.optional(),
  home_page_url: z.string().optional(),
  feed_url: z.string().optional(),
  language: z.string().optional(),
  items: z.array(z.unknown()),
});

/** True when a body looks like JSON rather than XML. */
export function looksLikeJson(text: string): boolean {
  return /^[\s\ufeff]*[{[]/.test(text);
}

/**
 * Reads a JSON Feed 1.0 / 1.1 document, validated with a schema. An item that does not fit
 * the schema is skipped (and counted) rather than sinking the whole feed.
 * Throws an Error with a one-line reason when the document itself is not a JSON Feed.
 */
export function readJsonFeed(json: string): RawFeed & { skippedItems: number } {
  let value: unknown;
  try {
    value = JSON.parse(json.replace(/^\ufeff/, ''));
  } catch (cause) {
    throw new Error(`not valid JSON (${(cause as Error).message})`, { cause });
  }
  const feed = JsonFeedSchema.safeParse(value);
  if (!feed.success) {
    const issue = feed.error.issues[0]!;
    throw new Error(`not a JSON Feed: ${issue.path.join('.') || 'document'}: ${issue.message}`);
  }
  let skippedItems = 0;
  const entries: RawFeed['entries'] = [];
  for (const raw of feed.data.items) {
    const item = JsonFeedItemSchema.safeParse(raw);
    if (!item.success) {
      skippedItems++;
      continue;
    }
    const i = item.data;
    entries.push({
      guid: i.id,
      title: i.title,
      summary: i.summary ?? i.content_text ?? i.content_html,
      link: i.url ?? i.external_url,
      date: i.date_published ?? i.date_modified,
      lang: i.language,
    });
  }
  return {
    format: 'json',
    title: feed.data.title,
    link: feed.data.home_page_url,
    selfLink: feed.data.feed_url,
    lang: feed.data.language,
    entries,
    skippedItems,
  };
}
