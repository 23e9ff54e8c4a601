/**
 * The one Story type. Raw feed formats never leave the feed parser; every later stage
 * (matching, storing, alerting) sees only this.
 */
export interface Story {
  /** Stable id: a hash of the feed id and the story's identity (GUID, else link, else text). */
  id: string;
  /** The configured feed this story came from. */
  feedId: string;
  title: string;
  /** Plain-text summary (may be empty). */
  summary: string;
  /** Absolute link to the story, or '' when the feed gives none. */
  link: string;
  /** ISO 8601 UTC; the fetch time when the feed gives no date. */
  publishedAt: string;
  /** ISO 8601 UTC time the story was fetched. */
  fetchedAt: string;
}
