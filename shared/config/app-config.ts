import type { FeedConfig } from '../feeds/feed-config';
import type { Watchlist } from '../watchlists/watchlist';

/** Everything the pipeline is configured with: JSON-serialisable, so it can be bundled. */
export interface AppConfig {
  feeds: FeedConfig[];
  watchlists: Watchlist[];
}
