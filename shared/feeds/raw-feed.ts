/**
 * What a feed reader (XML or JSON) hands to normalisation: the fields that matter, still raw
 * (titles may hold HTML, links may be relative). Never leaves shared/feeds/.
 */
export interface RawFeed {
  /** Which reader read it, for `feeds check`. */
  format: 'rss' | 'rdf' | 'atom' | 'json';
  title?: string;
  /** The feed's home page, possibly relative to `base`. */
  link?: string;
  /** The feed's own URL as it states it (Atom rel="self", RSS atom:link), possibly relative. */
  selfLink?: string;
  /** xml:base values that apply to the feed's own links, outermost first (each may be relative). */
  bases?: string[];
  lang?: string;
  /** RSS <ttl>: minutes the publisher asks readers to wait between polls. */
  ttlMinutes?: number;
  entries: RawEntry[];
}

/** One item or entry, still raw. */
export interface RawEntry {
  guid?: string;
  /** Title as HTML or text. */
  title?: string;
  /** Summary (or content) as HTML or text. */
  summary?: string;
  /** Link, possibly relative to `base`. */
  link?: string;
  /** xml:base values that apply to this entry's link, outermost first (each may be relative). */
  bases?: string[];
  /** Date as written in the feed. */
  date?: string;
  lang?: string;
}
