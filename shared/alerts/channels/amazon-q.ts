import type { ChannelAlert } from './channel-alert';
import { clipText } from './clip-text';
import { boldHits } from './slack';

/** The custom-notification shape Amazon Q Developer in chat applications posts from an SNS topic. */
export interface AmazonQNotification {
  version: '1.0';
  source: 'custom';
  id: string;
  content: { textType: 'client-markdown'; title: string; description: string; keywords: string[] };
  metadata: { threadId?: string; eventType: string; summary: string };
}

/**
 * An alert as an Amazon Q Developer custom notification (publish its JSON to a topic that an
 * Amazon Q channel configuration subscribes to). The description is Slack-style markdown, which
 * Amazon Q renders in the target chat's own markdown; a development's alerts share a thread.
 */
export function renderAmazonQNotification(alert: ChannelAlert): AmazonQNotification {
  const { story } = alert;
  const flag = alert.priority === 'high' ? ':rotating_light: HIGH: ' : '';
  const title = clipText(`${alert.update ? 'Update: ' : ''}${flag}${story.title}`.replace(/\s+/g, ' '), 250);
  const lines = [
    clipText(
      `*Watchlist:* ${alert.watchlist.name} · *Priority:* ${alert.priority} · *Source:* ${story.source}`,
      400,
    ),
    alert.actors.length ? clipText(`*Actors:* ${alert.actors.join(', ')}`, 400) : '',
    boldHits(alert.snippet, 1500, (text) => text),
    story.link.length <= 2000 ? story.link : '',
  ].filter(Boolean);
  return {
    version: '1.0',
    source: 'custom',
    id: alert.id,
    content: {
      textType: 'client-markdown',
      title,
      description: lines.join('\n'),
      keywords: [alert.watchlist.id, alert.priority, ...alert.actors].slice(0, 10),
    },
    metadata: {
      ...(alert.clusterId ? { threadId: alert.clusterId } : {}),
      eventType: alert.update ? 'alert.updated' : 'alert.created',
      summary: clipText(`[${alert.watchlist.name}] ${story.title}`.replace(/\s+/g, ' '), 200),
    },
  };
}
