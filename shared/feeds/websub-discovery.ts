/** Where a feed's updates can be pushed from (WebSub): its hub and the topic URL to subscribe to. */
export interface WebSubLinks {
  hub: string;
  /** The feed's own URL as it states it (rel="self"), else the URL it was fetched from. */
  topic: string;
}

// The feed-level part of an XML feed ends where its first item or entry begins: the hub of a
// feed is never inside an entry (an entry may link to hubs of its own, for comments).
const FIRST_ENTRY = /<(?:[\w.-]+:)?(?:item|entry)[\s>/]/i;
const LINK_TAG = /<(?:[\w.-]+:)?link\b[^>]*>/gi;
const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * The WebSub hub and topic a feed advertises (W3C WebSub, section 4: `Link` headers first,
 * then `<link rel="hub">` / `<atom:link rel="hub">` in the feed, or JSON Feed's `hubs`), or
 * undefined when it names no http(s) hub. Relative URLs resolve against the fetched URL.
 *
 * @param body the feed text as fetched
 * @param fetchedUrl the URL the body came from (after redirects)
 * @param linkHeader the response's `Link` header, if any
 */
export function discoverWebSub(
  body: string,
  fetchedUrl: string,
  linkHeader?: string,
): WebSubLinks | undefined {
  const links = [
    ...headerLinks(linkHeader),
    ...(/^[\s\ufeff]*[{[]/.test(body) ? jsonLinks(body) : xmlLinks(body)),
  ];
  const hub = absolute(links.find((l) => l.rel === 'hub')?.href, fetchedUrl);
  if (!hub) return undefined;
  const topic = absolute(links.find((l) => l.rel === 'self')?.href, fetchedUrl) ?? fetchedUrl;
  return { hub, topic };
}

interface Link {
  rel: string;
  href: string;
}

function xmlLinks(body: string): Link[] {
  const head = body.slice(0, Math.max(0, body.search(FIRST_ENTRY)) || body.length);
  const links: Link[] = [];
  for (const [tag] of head.matchAll(LINK_TAG)) {
    const attrs = new Map<string, string>();
    for (const m of tag.matchAll(ATTRIBUTE)) attrs.set(m[1]!.toLowerCase(), decodeXml(m[2] ?? m[3] ?? ''));
    const href = attrs.get('href');
    for (const rel of (attrs.get('rel') ?? '').toLowerCase().split(/\s+/))
      if (href && rel) links.push({ rel, href });
  }
  return links;
}

function jsonLinks(body: string): Link[] {
  try {
    const feed = JSON.parse(body) as { hubs?: { type?: unknown; url?: unknown }[]; feed_url?: unknown };
    const links: Link[] = [];
    for (const hub of Array.isArray(feed.hubs) ? feed.hubs : [])
      if (typeof hub?.url === 'string' && /websub|pubsubhubbub/i.test(String(hub.type ?? 'websub')))
        links.push({ rel: 'hub', href: hub.url });
    if (typeof feed.feed_url === 'string') links.push({ rel: 'self', href: feed.feed_url });
    return links;
  } catch {
    return [];
  }
}

/** `<https://hub.example/>; rel="hub", <https://example.org/feed>; rel="self"` */
function headerLinks(header: string | undefined): Link[] {
  const links: Link[] = [];
  for (const m of (header ?? '').matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
    const rel = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(m[2] ?? '')?.[1] ?? '';
    for (const r of rel.toLowerCase().split(/\s+/)) if (r) links.push({ rel: r, href: m[1]! });
  }
  return links;
}

function absolute(href: string | undefined, base: string): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

function decodeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[\da-f]+);/gi, (_, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (named[e.toLowerCase()]) return named[e.toLowerCase()]!;
    return String.fromCodePoint(
      e[1]?.toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10),
    );
  });
}
