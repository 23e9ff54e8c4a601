/**
 * The one Story type. Raw feed formats never leave the feed parser; every later stage
 * (matching, storing, alerting) sees only this.
 */
export interface Story {
  /** Stable id: a hash of the feed id and the story's identity (GUID, else canonical link, else text). */
  id: string;
  /** The configured feed this story came from. */
  feedId: string;
  /** Plain text: no tags, entities decoded, whitespace collapsed. */
  title: string;
  /** Plain-text summary (may be empty), cut to a bounded length. */
  summary: string;
  /** Canonical absolute http(s) link (no fragment, no tracking parameters), or '' when the feed gives none. */
  link: string;
  /** ISO 8601 UTC; the fetch time when the feed gives no date (or one in the future). */
  publishedAt: string;
  /** ISO 8601 UTC time the story was fetched. */
  fetchedAt: string;
  /** Language (BCP 47) from the item, else the feed, else the feed's configuration; absent when unknown. */
  lang?: string;
}
