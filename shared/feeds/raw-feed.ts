/**
 * A piece of feed text as its format defines it: `text` is plain text (nothing in it is
 * markup), `html` is HTML source. The reader decides from the format's rules (Atom's `type`,
 * RSS's entity-encoded HTML, JSON Feed's field names), so the text is decoded exactly once.
 */
export interface TextConstruct {
  type: 'text' | 'html';
  value: string;
}

/**
 * What a feed reader (XML or JSON) hands to normalisation: the fields that matter, still raw
 * (titles may hold HTML, links may be relative). Never leaves shared/feeds/.
 */
export interface RawFeed {
  /** Which reader read it, for `feeds check`. */
  format: 'rss' | 'rdf' | 'atom' | 'json';
  title?: TextConstruct;
  /** The feed's home page, possibly relative to `base`. */
  link?: string;
  /** The feed's own URL as it states it (Atom rel="self", RSS atom:link), possibly relative. */
  selfLink?: string;
  /** xml:base values that apply to the feed's own links, outermost first (each may be relative). */
  bases?: string[];
  lang?: string;
  /** RSS <ttl>: minutes the publisher asks readers to wait between polls. */
  ttlMinutes?: number;
  /** The entries kept (at most the reader's `maxItems`, the newest), in document order. */
  entries: RawEntry[];
  /** Items in the document, those left out by `maxItems` included. */
  itemsInFeed: number;
}

/** One item or entry, still raw. */
export interface RawEntry {
  guid?: string;
  title?: TextConstruct;
  /** Summary (or content). */
  summary?: TextConstruct;
  /** Link, possibly relative to `base`. */
  link?: string;
  /** xml:base values that apply to this entry's link, outermost first (each may be relative). */
  bases?: string[];
  /** Date as written in the feed: the first of its dates that can be read, else the first. */
  date?: string;
  lang?: string;
}
