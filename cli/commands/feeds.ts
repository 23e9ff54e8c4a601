import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { FeedFetchError } from '../../shared/errors';
import { decodeBody, decodingReason, type DecodedBody } from '../../shared/feeds/decode-body';
import { fetchFeed } from '../../shared/feeds/fetch-feed';
import { parseFeed, type ParsedFeed } from '../../shared/feeds/parse-feed';
import { redactUrl } from '../../shared/redact';
import { Output } from '../output';

/** Options of `newsalert feeds check`. */
export interface CheckOptions {
  /** Print one JSON document instead of text. @default false */
  json?: boolean;
  /** Feed id the story ids are computed with (ids are scoped to a feed). @default "check" */
  feedId: string;
}

/** The result of checking one feed: what was read, how it decoded, what it parsed into. */
export interface FeedCheck {
  source: string;
  decoded: Pick<DecodedBody, 'encoding' | 'source' | 'detail'>;
  feed: ParsedFeed;
}

/**
 * Reads one feed the way the pipeline does (fetch in local mode, or a file; decode; parse;
 * normalise). Throws FeedFetchError / FeedParseError naming the URL or file.
 */
export async function checkFeed(target: string, feedId = 'check', now = new Date()): Promise<FeedCheck> {
  let body: Uint8Array;
  let url = target;
  let contentType: string | undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    // Local mode: a feed served from this machine (127.0.0.1) may be checked.
    const fetched = await fetchFeed(target, {}, { allowLoopback: true });
    if (fetched.status !== 'ok')
      throw new FeedFetchError(target, 'the server answered 304 Not Modified to an unconditional request');
    body = fetched.body;
    url = fetched.finalUrl;
    contentType = fetched.contentType;
  } else {
    try {
      body = readFileSync(target);
    } catch (cause) {
      throw new FeedFetchError(
        target,
        `cannot read the file (${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message})`,
        { cause },
      );
    }
  }
  const decoded = decodeBody(body, contentType);
  try {
    const feed = await parseFeed(decoded.text, { feedId, url, fetchedAt: now.toISOString(), contentType });
    return { source: url, decoded, feed };
  } catch (err) {
    // Name what the user typed, not the URL after redirects.
    if (err instanceof Error && url !== target)
      err.message = err.message.replace(redactUrl(url), redactUrl(target));
    throw err;
  }
}

/**
 * The `--json` document: its fields are a contract other tools read, extended only. `encoding` says
 * how the bytes were read: the encoding, where it came from (`bom`, `header`, `prolog`,
 * `utf-8 content`, `detected` or `default`) and why, in words.
 */
export function checkJson(check: FeedCheck): string {
  const { feed, decoded } = check;
  return JSON.stringify({
    feed: { title: feed.title, link: feed.link },
    stories: feed.stories.map((s) => ({
      id: s.id,
      title: s.title,
      link: s.link,
      publishedAt: s.publishedAt,
      summary: s.summary,
    })),
    encoding: { name: decoded.encoding, source: decoded.source, reason: decodingReason(decoded) },
  });
}

/** `newsalert feeds check`: one feed's normalised stories, as text or JSON. */
export async function checkCommand(target: string, options: CheckOptions, out = new Output()): Promise<void> {
  const check = await checkFeed(target, options.feedId);
  if (options.json) {
    out.line(checkJson(check));
    return;
  }
  const { feed, decoded } = check;
  out.line(`${feed.title || '(untitled feed)'}${feed.link ? ` <${feed.link}>` : ''}`);
  out.line(
    `${feed.format}, ${decoded.encoding} (${decoded.source === 'detected' ? `detected: ${decoded.detail}` : `from ${decoded.source}`}), ${feed.stories.length} stories` +
      `${feed.cut ? ` (the newest ${feed.itemsInFeed - feed.cut} of ${feed.itemsInFeed} items)` : ''}` +
      `${feed.skipped ? `, ${feed.skipped} items skipped (repeated, empty or invalid)` : ''}` +
      `${feed.lang ? `, language ${feed.lang}` : ''}${feed.ttlMinutes ? `, ttl ${feed.ttlMinutes} min` : ''}`,
  );
  for (const story of feed.stories) {
    out.line('');
    out.line(`${story.publishedAt.slice(0, 16).replace('T', ' ')}  ${story.title || '(no title)'}`);
    if (story.link) out.line(`                  ${story.link}`);
    if (story.summary)
      out.line(
        `                  ${story.summary.length > 160 ? `${story.summary.slice(0, 159)}…` : story.summary}`,
      );
  }
}

/** Adds `feeds check` to the CLI. */
export function registerFeeds(program: Command): void {
  const feeds = program.command('feeds').description('work with feeds');
  feeds
    .command('check <url-or-file>')
    .description('fetch (or read) one feed and print its normalised stories')
    .option(
      '--json',
      'print one JSON document: {"feed": {"title", "link"}, "stories": [{"id", "title", "link", "publishedAt", "summary"}], "encoding": {"name", "source", "reason"}}',
    )
    .option('--feed-id <id>', 'feed id the story ids are computed with, as in feeds.yaml', 'check')
    .action((target: string, options: CheckOptions) => checkCommand(target, options));
}
