import type { Alert, AlertPublisher } from '../alerts/alert';
import { formatAlert } from '../alerts/format-alert';
import type { StoryMatch } from '../watchlists/story-match';

/**
 * Formats newly stored matches and publishes them. In AWS the table stream calls this with
 * the new match items; locally the cycle calls it with the matches it just stored.
 */
export async function notifyMatches(matches: StoryMatch[], publisher: AlertPublisher): Promise<Alert[]> {
  const alerts = matches.map(formatAlert);
  await publisher.publish(alerts);
  return alerts;
}
