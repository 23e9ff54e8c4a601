import type { ChannelAlert } from './channel-alert';
import { ChatChannel, type ChatDeliveryResult, type ChatDestination, type ChatMessage } from './chat-channel';
import type { HttpDeliveryOptions } from './http-delivery';
import { signatureHeaders } from './webhook-signature';

/** The payload's schema version (docs/webhooks.md, docs/schemas/webhook-alert-v1.json). */
export const WEBHOOK_SCHEMA_VERSION = 1;

/** Event types: a new alert, and the update sent when a development's priority rises. */
export type WebhookEventType = 'alert.created' | 'alert.updated';

/** The JSON body of a webhook request, version 1. */
export interface WebhookAlertV1 {
  version: 1;
  type: WebhookEventType;
  /** The alert's id: the same on every retry and redelivery of this alert. */
  id: string;
  watchlist: { id: string; name: string };
  priority: ChannelAlert['priority'];
  actors: string[];
  terms: string[];
  story: ChannelAlert['story'];
  snippet: ChannelAlert['snippet'];
  clusterId?: string;
  sources: ChannelAlert['sources'];
}

/** Options of {@link WebhookChannel}. */
export interface WebhookChannelOptions extends HttpDeliveryOptions {
  /**
   * Requests in flight to one destination at a time.
   * @default 4
   */
  concurrency?: number;
}

/**
 * The webhook body for one alert. It depends on the alert alone (no send time), so a retry
 * sends the same bytes; the send time travels in the signed timestamp header.
 */
export function renderWebhookPayload(alert: ChannelAlert): WebhookAlertV1 {
  return {
    version: WEBHOOK_SCHEMA_VERSION,
    type: alert.update ? 'alert.updated' : 'alert.created',
    id: alert.id,
    watchlist: { ...alert.watchlist },
    priority: alert.priority,
    actors: [...alert.actors],
    terms: [...alert.terms],
    story: { ...alert.story },
    snippet: {
      text: alert.snippet.text,
      hits: alert.snippet.hits.map((h) => ({ start: h.start, end: h.end })),
    },
    ...(alert.clusterId ? { clusterId: alert.clusterId } : {}),
    sources: alert.sources.map((s) => ({ ...s })),
  };
}

/** A generic webhook: JSON POST of the versioned payload, signed with the destination's secret. */
export class WebhookChannel extends ChatChannel {
  readonly kind = 'webhook' as const;
  private readonly secret: string;

  constructor(
    target: ChatDestination,
    private readonly options: WebhookChannelOptions = {},
  ) {
    super(target, options);
    if (!target.secret) throw new TypeError(`webhook destination ${target.id} has no signing secret`);
    this.secret = target.secret;
  }

  renderAlert(alert: ChannelAlert): WebhookAlertV1 {
    return renderWebhookPayload(alert);
  }

  // Signed again for every attempt: a retry after a long Retry-After stays within the receiver's window.
  protected override headers(message: ChatMessage, body: string): Record<string, string> {
    const payload = message.payload as WebhookAlertV1;
    return {
      ...signatureHeaders(this.secret, body),
      'X-Newsalert-Event': payload.type,
      'X-Newsalert-Id': payload.id,
    };
  }

  protected async postAll(messages: readonly ChatMessage[]): Promise<ChatDeliveryResult[]> {
    const results: ChatDeliveryResult[] = new Array(messages.length);
    let next = 0;
    const lane = async () => {
      while (next < messages.length) {
        const i = next++;
        results[i] = await this.post(messages[i]!);
      }
    };
    const lanes = Math.max(1, Math.min(this.options.concurrency ?? 4, messages.length));
    await Promise.all(Array.from({ length: lanes }, lane));
    return results;
  }
}
