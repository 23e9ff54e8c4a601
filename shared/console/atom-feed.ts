import type { MatchGroup } from './match-view';

/** What the feed says about itself. */
export interface AtomFeedInfo {
  watchlistId: string;
  watchlistName: string;
  /** The feed's own URL without its token (the token is a secret; feed readers keep the URL they were given). */
  selfUrl: string;
  /** The console's address, linked from the feed. */
  consoleUrl: string;
  /** When the feed was built: its `updated` when it has no entry. */
  now: Date;
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text for XML content and attributes; characters XML 1.0 forbids are dropped. */
export function xmlText(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

function html(group: MatchGroup): string {
  const snippet = group.snippet
    .map((p) => (p.hit ? `<mark>${xmlText(p.text)}</mark>` : xmlText(p.text)))
    .join('');
  const sources = group.sources
    .map((s) => {
      const name = xmlText(s.feedId + (s.lang ? ` (${s.lang})` : ''));
      return s.link
        ? `<li><a href="${xmlText(s.link)}">${name}</a>: ${xmlText(s.title)}</li>`
        : `<li>${name}</li>`;
    })
    .join('');
  return (
    `<p>${snippet}</p>` +
    `<p>Priority ${xmlText(group.priority)}${group.priorityReasons.length ? ` (${xmlText(group.priorityReasons.join(', '))})` : ''}; ` +
    `actors: ${xmlText(group.actors.join(', ') || 'none')}; terms: ${xmlText(group.terms.join(', ') || 'none')}</p>` +
    `<p>Reported by:</p><ul>${sources}</ul>`
  );
}

/**
 * An Atom 1.0 document (RFC 4287) of a watchlist's matched developments: one entry per
 * group, whose `id` is the cluster's and whose `updated` moves when the group grows, so a
 * feed reader shows a grown development again instead of a second entry.
 */
export function atomFeed(info: AtomFeedInfo, groups: readonly MatchGroup[]): string {
  const updated =
    groups.reduce((max, g) => (g.updatedAt > max ? g.updatedAt : max), '') || info.now.toISOString();
  const entries = groups.map((g) => {
    const link = g.link ? `\n    <link rel="alternate" href="${xmlText(g.link)}"/>` : '';
    const categories = [`priority:${g.priority}`, ...g.actors.map((a) => `actor:${a}`)]
      .map((c) => `\n    <category term="${xmlText(c)}"/>`)
      .join('');
    return `  <entry>
    <id>urn:newsalert:${xmlText(info.watchlistId)}:cluster:${xmlText(g.clusterId)}</id>
    <title>${xmlText(g.headline || '(no title)')}</title>${link}
    <published>${g.matchedAt}</published>
    <updated>${g.updatedAt}</updated>
    <author><name>${xmlText(g.source)}</name></author>${categories}
    <summary type="text">${xmlText(g.snippet.map((p) => p.text).join(''))}</summary>
    <content type="html">${xmlText(html(g))}</content>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>urn:newsalert:watchlist:${xmlText(info.watchlistId)}</id>
  <title>${xmlText(`newsalert: ${info.watchlistName}`)}</title>
  <subtitle>Matches of watchlist ${xmlText(info.watchlistId)}, one entry per development</subtitle>
  <updated>${updated}</updated>
  <link rel="self" type="application/atom+xml" href="${xmlText(info.selfUrl)}"/>
  <link rel="alternate" type="text/html" href="${xmlText(info.consoleUrl)}"/>
  <generator>newsalert</generator>
${entries.join('\n')}
</feed>
`;
}
