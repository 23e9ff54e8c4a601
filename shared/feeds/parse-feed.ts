import Parser from 'rss-parser';
import { FeedParseError } from '../errors';
import type { Story } from '../stories/story';
import { storyId } from '../stories/story-id';
import { htmlToText } from './html-to-text';

/** A parsed feed: its own title and link, and its stories. */
export interface ParsedFeed {
  title: string;
  link: string;
  stories: Story[];
}

/** Where the feed text came from, for ids, relative links and dates. */
export interface ParseContext {
  feedId: string;
  /** The URL the feed was fetched from (relative links resolve against it). */
  url: string;
  /** ISO time of the fetch; stories without a date get it. */
  fetchedAt: string;
}

type RawItem = Parser.Item & { id?: string; summary?: string; description?: string; guid?: unknown };

const parser = new Parser();

/**
 * Parses RSS or Atom text with rss-parser's `parseString` into Stories. Raw rss-parser objects
 * never leave this module. Items that repeat inside one feed (same identity) count once.
 */
export async function parseFeed(xml: string, context: ParseContext): Promise<ParsedFeed> {
  let raw: Parser.Output<RawItem>;
  try {
    raw = (await parser.parseString(xml)) as Parser.Output<RawItem>;
  } catch (cause) {
    throw new FeedParseError(context.url, `not a readable RSS or Atom feed (${firstLine(cause)})`, { cause });
  }
  const seen = new Set<string>();
  const stories: Story[] = [];
  for (const item of raw.items ?? []) {
    const story = toStory(item, context);
    if (!story || seen.has(story.id)) continue;
    seen.add(story.id);
    stories.push(story);
  }
  return { title: htmlToText(raw.title), link: resolveLink(raw.link, context.url), stories };
}

function toStory(item: RawItem, context: ParseContext): Story | undefined {
  const title = htmlToText(item.title);
  const summary = htmlToText(item.content ?? item.summary ?? item.description ?? item.contentSnippet);
  if (!title && !summary) return undefined;
  const link = resolveLink(item.link, context.url);
  const guid = guidOf(item);
  return {
    id: storyId(context.feedId, { guid, link, title, summary }),
    feedId: context.feedId,
    title,
    summary,
    link,
    publishedAt: isoDate(item.isoDate ?? item.pubDate) ?? context.fetchedAt,
    fetchedAt: context.fetchedAt,
  };
}

function guidOf(item: RawItem): string | undefined {
  const guid = item.guid ?? item.id;
  if (typeof guid === 'string') return guid;
  if (guid && typeof guid === 'object' && '_' in guid) return String((guid as { _: unknown })._);
  return undefined;
}

function resolveLink(link: string | undefined, base: string): string {
  if (!link) return '';
  try {
    return new URL(link.trim(), base).toString();
  } catch {
    return '';
  }
}

function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'unknown error';
}
