import { FeedParseError } from '../errors';
import { canonicalUrl } from '../stories/canonical-url';
import type { Story } from '../stories/story';
import { storyId } from '../stories/story-id';
import { parseFeedDate } from './feed-date';
import { htmlToText, truncateText } from './html-to-text';
import { looksLikeJson, readJsonFeed } from './json-feed';
import type { RawEntry, RawFeed } from './raw-feed';
import { readXmlFeed } from './xml-feed';
import { xmlSafetyProblem } from './xml-safety';

/** A parsed feed: its own title and link, what it asks of pollers, and its stories. */
export interface ParsedFeed {
  format: RawFeed['format'];
  title: string;
  /** The feed's home page (absolute), or ''. */
  link: string;
  lang?: string;
  /** RSS <ttl> in minutes, when the feed gives one. */
  ttlMinutes?: number;
  stories: Story[];
  /** Items dropped: repeated inside the feed, or with neither title nor summary, or invalid (JSON Feed). */
  skipped: number;
}

/** Where the feed text came from, for ids, relative links and dates. */
export interface ParseContext {
  feedId: string;
  /** The URL the feed was fetched from (or a file path): named in errors, and relative links resolve against it when it is http(s). */
  url: string;
  /** ISO time of the fetch; stories without a date (or with one in the future) get it. */
  fetchedAt: string;
  /** The language of the feed from its configuration, used when the feed does not say. */
  lang?: string;
  /** The Content-Type of the response, if any: `application/feed+json` or `json` selects JSON Feed. */
  contentType?: string;
}

/**
 * Longest summary kept, in characters. Matching and alerts need the first lines; some feeds
 * put whole articles in their items, which would only bloat the table (items are capped at 400 KB).
 */
export const MAX_SUMMARY_CHARS = 1000;
const MAX_TITLE_CHARS = 500;

/**
 * Parses feed text (RSS, RDF, Atom or JSON Feed) into Stories. Raw feed formats never leave
 * shared/feeds/. Items that repeat inside one feed (same identity) count once. Throws a
 * FeedParseError naming the URL when the text is not a feed, or is refused as unsafe.
 */
export async function parseFeed(text: string, context: ParseContext): Promise<ParsedFeed> {
  const raw = await readRaw(text, context);
  // A file has no URL: its links then resolve against the URL the feed states for itself.
  const docBase = /^https?:/i.test(context.url) ? context.url : absoluteHttp(raw.selfLink);
  const feedBase = resolveBases(docBase, raw.bases);
  const feedLink = canonicalUrl(raw.link, feedBase);
  // Failing all else, relative links resolve against the feed's own home page.
  const entryRoot = docBase ?? (feedLink || undefined);
  const feedLang = normaliseLang(raw.lang) ?? normaliseLang(context.lang);
  const seen = new Set<string>();
  const stories: Story[] = [];
  let skipped = 'skippedItems' in raw ? Number(raw.skippedItems) : 0;
  for (const entry of raw.entries) {
    const story = toStory(entry, context, resolveBases(entryRoot, entry.bases), feedLang);
    if (!story || seen.has(story.id)) {
      skipped++;
      continue;
    }
    seen.add(story.id);
    stories.push(story);
  }
  return {
    format: raw.format,
    title: htmlToText(raw.title),
    link: feedLink,
    lang: feedLang,
    ttlMinutes: raw.ttlMinutes,
    stories,
    skipped,
  };
}

async function readRaw(text: string, context: ParseContext): Promise<RawFeed> {
  // The body decides: servers send XML feeds as application/json and JSON Feeds as text/plain.
  if (looksLikeJson(text) || (/json/i.test(context.contentType ?? '') && !/^[\s\ufeff]*</.test(text))) {
    try {
      return readJsonFeed(text);
    } catch (cause) {
      throw new FeedParseError(context.url, firstLine(cause), { cause });
    }
  }
  const unsafe = xmlSafetyProblem(text);
  if (unsafe) throw new FeedParseError(context.url, unsafe);
  try {
    return await readXmlFeed(text);
  } catch (cause) {
    const hint = /^\s*(<!doctype html|<html)/i.test(text)
      ? 'got an HTML page'
      : /Unclosed root tag/.test(firstLine(cause))
        ? 'the document is cut short: its root element never closes'
        : /not recognized/i.test(firstLine(cause))
          ? `the root element ${rootElement(text)} is not <rss>, <rdf:RDF> or <feed>`
          : firstLine(cause);
    throw new FeedParseError(context.url, `not a readable RSS or Atom feed (${hint})`, { cause });
  }
}

function toStory(
  entry: RawEntry,
  context: ParseContext,
  base: string | undefined,
  feedLang: string | undefined,
): Story | undefined {
  const title = truncateText(htmlToText(entry.title), MAX_TITLE_CHARS);
  const summary = truncateText(htmlToText(entry.summary), MAX_SUMMARY_CHARS);
  if (!title && !summary) return undefined;
  const link = canonicalUrl(entry.link, base);
  const published = parseFeedDate(entry.date);
  const story: Story = {
    id: storyId(context.feedId, { guid: entry.guid, link, title, summary }),
    feedId: context.feedId,
    title,
    summary,
    link,
    // A date in the future is a wrong zone or a scheduled post: the fetch time is closer to the truth.
    publishedAt: published && published <= context.fetchedAt ? published : context.fetchedAt,
    fetchedAt: context.fetchedAt,
  };
  const lang = normaliseLang(entry.lang) ?? feedLang;
  if (lang) story.lang = lang;
  return story;
}

/** Resolves an xml:base chain (outermost first) against the document URL. */
function resolveBases(root: string | undefined, bases: string[] | undefined): string | undefined {
  let base = root;
  for (const next of bases ?? []) {
    try {
      base = base ? new URL(next.trim(), base).toString() : new URL(next.trim()).toString();
    } catch {
      // A relative xml:base with nothing to resolve it against adds nothing.
    }
  }
  return base;
}

function absoluteHttp(link: string | undefined): string | undefined {
  return canonicalUrl(link) || undefined;
}

/** "en-us" → "en-US"; undefined for anything that is not a language tag. */
function normaliseLang(lang: string | undefined): string | undefined {
  const tag = lang?.trim().replace(/_/g, '-');
  if (!tag) return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

function rootElement(xml: string): string {
  return (
    /<([A-Za-z_][\w:.-]*)/
      .exec(xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<![^>]*>/g, ''))?.[0]
      ?.concat('>') ?? 'of the document'
  );
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'unknown error';
}
