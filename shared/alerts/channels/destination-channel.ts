import type { ChatChannel, ChatChannelKind, ChatDestination } from './chat-channel';
import type { HttpDeliveryOptions } from './http-delivery';
import { SlackChannel } from './slack';
import { TeamsChannel } from './teams';
import { WebhookChannel } from './webhook';

/** A configured destination: its kind beside where it sends and what it receives. */
export type DestinationConfig = ChatDestination & { kind: ChatChannelKind };

/**
 * The channel for one destination (one channel per destination, so the ledger records each
 * apart). Throws TypeError for a webhook without a secret, naming the destination.
 */
export function destinationChannel(
  destination: DestinationConfig,
  options: HttpDeliveryOptions = {},
): ChatChannel {
  switch (destination.kind) {
    case 'slack':
      return new SlackChannel(destination, options);
    case 'teams':
      return new TeamsChannel(destination, options);
    case 'webhook':
      return new WebhookChannel(destination, options);
  }
}
