import type { Story } from '../stories/story';
import type { Matcher } from '../watchlists/compile-matcher';
import type { ExplainNode } from '../watchlists/explain';
import { buildSnippet } from '../watchlists/snippet';
import type { StoryMatch, TermHit } from '../watchlists/story-match';
import type { MatchGroup, MatchSource, RulePart, SnippetPart } from './console-views';

export type { MatchGroup, MatchSource, RulePart, SnippetPart } from './console-views';

// Private-use characters mark hits inside the snippet, so the text around them needs no escaping.
const OPEN = '\uE000';
const CLOSE = '\uE001';

/** The snippet of a match with its hits as separate parts (highlighted by the page). */
export function snippetParts(
  story: Pick<Story, 'title' | 'summary'>,
  hits: readonly TermHit[],
): SnippetPart[] {
  const spans = hits.map(
    (h) => ({ field: h.field === 'title' ? 0 : 1, start: h.start, end: h.end }) as const,
  );
  const text = buildSnippet([story.title, story.summary ?? ''], spans, { marks: [OPEN, CLOSE] });
  const parts: SnippetPart[] = [];
  for (const [i, piece] of text.split(OPEN).entries()) {
    if (i === 0) {
      if (piece) parts.push({ text: piece, hit: false });
      continue;
    }
    const [hit, rest] = piece.split(CLOSE) as [string, string | undefined];
    parts.push({ text: hit, hit: true });
    if (rest) parts.push({ text: rest, hit: false });
  }
  return parts;
}

/** Longest rule part sent to the page: a big watchlist's rule is kilobytes, and the page shows a line. */
const RULE_MAX = 200;

function flatten(node: ExplainNode, depth: number, out: RulePart[], maxDepth = 2): RulePart[] {
  const rule = node.rule.replace(/\s+/g, ' ');
  out.push({
    rule: rule.length > RULE_MAX ? `${rule.slice(0, RULE_MAX - 1)}…` : rule,
    holds: node.holds,
    depth,
  });
  if (depth < maxDepth) for (const child of node.children) flatten(child, depth + 1, out, maxDepth);
  return out;
}

/**
 * The rule's parts evaluated on a story by a matcher of the watchlist as it runs now (a
 * stored match keeps its actors, terms and hits, not the tree of the rule of its day).
 */
export function ruleParts(matcher: Matcher | undefined, story: Pick<Story, 'title' | 'summary'>): RulePart[] {
  if (!matcher) return [];
  const [explanation] = matcher.explain(story);
  if (!explanation) return [];
  const tree = explanation.tree;
  // The whole rule is the verdict; its parts are what explains it.
  return tree.children.length > 0 ? tree.children.flatMap((c) => flatten(c, 0, [], 1)) : flatten(tree, 0, []);
}

/** A stored match as the console's group (one story until clustering fills in the other reports). */
export function matchGroup(match: StoryMatch, matcher: Matcher | undefined): MatchGroup {
  const { story } = match;
  const also = (match as { alsoReportedBy?: unknown }).alsoReportedBy;
  const source: MatchSource = {
    storyId: story.id,
    feedId: story.feedId,
    title: story.title,
    link: story.link,
    lang: story.lang,
    publishedAt: story.publishedAt,
  };
  const others: MatchSource[] = Array.isArray(also)
    ? also.map((feedId) => ({ storyId: '', feedId: String(feedId), title: '', link: '', publishedAt: '' }))
    : [];
  return {
    clusterId: story.id,
    watchlistId: match.watchlistId,
    watchlistName: match.watchlistName,
    headline: story.title,
    link: story.link,
    source: story.feedId,
    lang: story.lang,
    publishedAt: story.publishedAt,
    matchedAt: match.matchedAt,
    updatedAt: match.matchedAt,
    priority: match.priority ?? 'normal',
    priorityReasons: match.priorityReasons ?? [],
    actors: match.actors,
    terms: match.terms,
    snippet: match.hits
      ? snippetParts(story, match.hits)
      : [{ text: match.snippet ?? story.title, hit: false }],
    ruleParts: ruleParts(matcher, story),
    sources: [source, ...others],
  };
}
