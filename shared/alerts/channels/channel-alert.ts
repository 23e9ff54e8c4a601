import { alertId, langOf, priorityOf, termTexts, type AlertMatch, type Priority } from '../alert-match';

/** A range of the snippet's text that a watchlist alias or term matched (UTF-16 offsets, end exclusive). */
export interface HitRange {
  start: number;
  end: number;
}

/** One report of the development an alert is about. */
export interface AlertSource {
  feedId: string;
  storyId: string;
  title: string;
  link: string;
}

/**
 * What the chat and webhook channels render: one alert, in plain fields. Every text is plain
 * (no markup); each channel escapes it for its own format.
 */
export interface ChannelAlert {
  /** Stable across retries and redeliveries: receivers use it to drop duplicates. */
  id: string;
  watchlist: { id: string; name: string };
  priority: Priority;
  /** True when the alert repeats an earlier one of its development because its priority rose. */
  update: boolean;
  /** Ids of the actors mentioned, in the watchlist's order. */
  actors: string[];
  /** The watchlist terms that made the rule true. */
  terms: string[];
  story: {
    id: string;
    feedId: string;
    title: string;
    /** Absolute http(s) link, or '' when the feed gives none. */
    link: string;
    summary: string;
    /** The feed's name, else its id. */
    source: string;
    /** BCP 47, `und` when unknown. */
    lang: string;
    /** ISO 8601 UTC. */
    publishedAt: string;
  };
  /** A passage of the story around its hits, with the hit ranges into `text`. */
  snippet: { text: string; hits: HitRange[] };
  /** The development's cluster, when the clustering stage placed the story in one. */
  clusterId?: string;
  /** The reports of the development known when the alert is sent (the alerted story among them). */
  sources: AlertSource[];
}

/** Longest snippet taken from a story, in characters; channels cut further to their limits. */
export const SNIPPET_MAX = 600;

/**
 * A stored match as the channels read it. The fields the clustering stage adds (`clusterId`,
 * `sources`, `update`) are optional, as are the matcher's `hits` (stored matches may predate them).
 */
export type ChannelMatch = AlertMatch & {
  clusterId?: string;
  sources?: readonly AlertSource[];
  update?: boolean;
};

/** Maps a stored match to the alert the chat and webhook channels render. */
export function channelAlertOf(match: ChannelMatch): ChannelAlert {
  const { story } = match;
  const sources = match.sources?.length
    ? match.sources.map((s) => ({ feedId: s.feedId, storyId: s.storyId, title: s.title, link: s.link }))
    : [{ feedId: story.feedId, storyId: story.id, title: story.title, link: story.link }];
  return {
    id: alertId(story.id, match.watchlistId),
    watchlist: { id: match.watchlistId, name: match.watchlistName },
    priority: priorityOf(match),
    update: match.update === true,
    actors: [...match.actors],
    terms: termTexts(match.terms),
    story: {
      id: story.id,
      feedId: story.feedId,
      title: story.title,
      link: story.link,
      summary: story.summary,
      source: story.feedName ?? story.feedId,
      lang: langOf(story),
      publishedAt: story.publishedAt,
    },
    snippet: snippetOf(match),
    ...(match.clusterId ? { clusterId: match.clusterId } : {}),
    sources,
  };
}

/**
 * The snippet with its hits as ranges: from the matcher's hit offsets when the match has them
 * (the summary's, else the title's), else from the `*hit*` marks of the stored snippet, else
 * the start of the summary with no hits.
 */
function snippetOf(match: ChannelMatch): ChannelAlert['snippet'] {
  const { story } = match;
  const hits = match.hits ?? [];
  for (const field of ['summary', 'title'] as const) {
    const text = story[field];
    const ranges = hits
      .filter((h) => h.field === field && h.start >= 0 && h.end <= text.length && h.start < h.end)
      .map((h) => ({ start: h.start, end: h.end }));
    if (ranges.length) return cutAround(text, ranges, SNIPPET_MAX);
  }
  if (match.snippet) return unmark(match.snippet);
  return cutAround(story.summary || story.title, [], SNIPPET_MAX);
}

/** Reads `*hit*` marks (as the matcher writes them) back into plain text and ranges. */
function unmark(marked: string): ChannelAlert['snippet'] {
  const parts = marked.split('*');
  // An odd number of stars is not a marking we wrote: keep the text as it is.
  if (parts.length % 2 === 0) return { text: marked, hits: [] };
  let text = '';
  const hits: HitRange[] = [];
  parts.forEach((part, i) => {
    if (i % 2 === 1 && part) hits.push({ start: text.length, end: text.length + part.length });
    text += part;
  });
  return { text, hits };
}

/**
 * Cuts `text` (whitespace collapsed) to at most `max` characters around its first hit, on word
 * boundaries, with "..." at a cut end; hit ranges are moved with the text and dropped when cut.
 */
export function cutAround(text: string, hits: readonly HitRange[], max: number): ChannelAlert['snippet'] {
  // Collapse whitespace while keeping a map from old offsets to new ones.
  const map: number[] = [];
  let clean = '';
  let space = false;
  for (let i = 0; i < text.length; i++) {
    if (/\s/.test(text[i]!)) {
      map[i] = clean.length;
      space = clean.length > 0;
      continue;
    }
    if (space) clean += ' ';
    space = false;
    map[i] = clean.length;
    clean += text[i];
  }
  map[text.length] = clean.length;
  const moved = [...hits]
    .sort((a, b) => a.start - b.start)
    .map((h) => ({ start: map[h.start]!, end: map[h.end]! }))
    .filter((h, i, all) => h.start < h.end && (i === 0 || h.start >= all[i - 1]!.end));
  if (clean.length <= max) return { text: clean, hits: moved };
  const first = moved[0]?.start ?? 0;
  let start = Math.max(0, Math.min(first - Math.floor(max / 4), clean.length - max));
  if (start > 0) {
    const next = clean.indexOf(' ', start);
    if (next >= 0 && next < first) start = next + 1;
  }
  let end = Math.min(clean.length, start + max - 6);
  if (end < clean.length) {
    const last = clean.lastIndexOf(' ', end);
    if (last > start) end = last;
  }
  const prefix = start > 0 ? '...' : '';
  const kept = moved
    .filter((h) => h.start >= start && h.end <= end)
    .map((h) => ({ start: h.start - start + prefix.length, end: h.end - start + prefix.length }));
  return { text: `${prefix}${clean.slice(start, end)}${end < clean.length ? '...' : ''}`, hits: kept };
}
