import { FeedParseError } from '../errors';
import { canonicalUrl } from '../stories/canonical-url';
import type { Story } from '../stories/story';
import { storyId } from '../stories/story-id';
import { CpuBudget, CpuBudgetExceededError } from './cpu-budget';
import { parseFeedDate } from './feed-date';
import { htmlToText, plainToText, truncateText } from './html-to-text';
import { looksLikeJson, readJsonFeed } from './json-feed';
import type { RawEntry, RawFeed, TextConstruct } from './raw-feed';
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
  /** Items in the document. */
  itemsInFeed: number;
  /** Items left out because the feed holds more than `maxItems` (the oldest go); 0 when none. */
  cut: number;
}

/** Bounds on what one feed may cost to read. */
export interface ParseLimits {
  /**
   * Items read per feed, the newest (by date; undated ones count as new); the others are left
   * out and counted in {@link ParsedFeed.cut}.
   * @default 300 ({@link DEFAULT_MAX_ITEMS})
   */
  maxItems?: number;
  /**
   * Milliseconds of CPU one feed may take to be read; past it the feed fails with one line and
   * the other feeds of the cycle go on.
   * @default 1500 ({@link DEFAULT_CPU_BUDGET_MS})
   */
  cpuBudgetMs?: number;
}

/** Items read per feed unless configured: more than any news feed carries at once. */
export const DEFAULT_MAX_ITEMS = 300;
/** CPU per feed unless configured: a 10 MiB feed is read in a fraction of it. */
export const DEFAULT_CPU_BUDGET_MS = 1500;

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
  /** Bounds on the cost of reading it. */
  limits?: ParseLimits;
}

/**
 * Longest summary kept, in characters. Matching and alerts need the first lines; some feeds
 * put whole articles in their items, which would only bloat the table (items are capped at 400 KB).
 */
export const MAX_SUMMARY_CHARS = 1000;
const MAX_TITLE_CHARS = 500;

/**
 * Parses feed text (RSS, RDF, Atom or JSON Feed) into Stories. Raw feed formats never leave
 * shared/feeds/. Items that repeat inside one feed (same identity) count once; at most
 * `limits.maxItems` items are read, the newest. Throws a FeedParseError naming the URL when
 * the text is not a feed, is refused as unsafe, or costs more CPU than `limits.cpuBudgetMs`.
 */
export async function parseFeed(text: string, context: ParseContext): Promise<ParsedFeed> {
  const budget = new CpuBudget(context.limits?.cpuBudgetMs ?? DEFAULT_CPU_BUDGET_MS);
  try {
    return await parseWithin(text, context, budget);
  } catch (err) {
    if (!(err instanceof CpuBudgetExceededError)) throw err;
    throw new FeedParseError(
      context.url,
      `refused: reading the feed took more than its CPU budget of ${err.limitMs} ms (${text.length} characters); it is too large or too complex to read`,
      { cause: err },
    );
  }
}

async function parseWithin(text: string, context: ParseContext, budget: CpuBudget): Promise<ParsedFeed> {
  const maxItems = Math.max(1, context.limits?.maxItems ?? DEFAULT_MAX_ITEMS);
  const raw = await readRaw(text, context, maxItems, budget);
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
  const cut = raw.itemsInFeed - raw.entries.length;
  await budget.yield();
  budget.run(() => {
    for (const entry of raw.entries) {
      const story = toStory(entry, context, resolveBases(entryRoot, entry.bases), feedLang);
      if (!story || seen.has(story.id)) {
        skipped++;
        continue;
      }
      seen.add(story.id);
      stories.push(story);
    }
  });
  return {
    format: raw.format,
    title: storyText(raw.title, MAX_TITLE_CHARS),
    link: feedLink,
    lang: feedLang,
    ttlMinutes: raw.ttlMinutes,
    stories,
    skipped,
    itemsInFeed: raw.itemsInFeed,
    cut,
  };
}

async function readRaw(
  text: string,
  context: ParseContext,
  maxItems: number,
  budget: CpuBudget,
): Promise<RawFeed> {
  // The body decides: servers send XML feeds as application/json and JSON Feeds as text/plain.
  if (looksLikeJson(text) || (/json/i.test(context.contentType ?? '') && !/^[\s\ufeff]*</.test(text))) {
    try {
      return budget.run(() => readJsonFeed(text, maxItems));
    } catch (cause) {
      if (cause instanceof CpuBudgetExceededError) throw cause;
      throw new FeedParseError(context.url, firstLine(cause), { cause });
    }
  }
  const unsafe = xmlSafetyProblem(text);
  if (unsafe) throw new FeedParseError(context.url, unsafe);
  try {
    return await readXmlFeed(text, { maxItems, budget });
  } catch (cause) {
    if (cause instanceof CpuBudgetExceededError) throw cause;
    throw new FeedParseError(context.url, `not a readable RSS or Atom feed (${firstLine(cause)})`, { cause });
  }
}

/**
 * The one place where feed text becomes Story text: decoded by its construct's rules, cleaned
 * of control, bidi and invisible characters (./clean-text.ts), collapsed and cut.
 */
function storyText(construct: TextConstruct | undefined, max: number): string {
  if (!construct) return '';
  const text =
    construct.type === 'html' ? htmlToText(construct.value, max) : plainToText(construct.value, max);
  return truncateText(text, max);
}

function toStory(
  entry: RawEntry,
  context: ParseContext,
  base: string | undefined,
  feedLang: string | undefined,
): Story | undefined {
  const title = storyText(entry.title, MAX_TITLE_CHARS);
  const summary = storyText(entry.summary, MAX_SUMMARY_CHARS);
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

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'unknown error';
}
