import type { ChannelAlert } from './channel-alert';
import type { HttpDeliveryResult } from './http-delivery';

/** The kinds of destination a chat or webhook channel delivers to. */
export type ChatChannelKind = 'slack' | 'teams' | 'webhook';

/** One destination: where a channel sends, and how it proves who sent. */
export interface ChatDestination {
  /** The destination's id, the only name results and errors use for it. */
  id: string;
  /** The webhook URL: a secret (Slack and Teams put their credential in it), never printed. */
  url: string;
  /** The signing secret of a generic webhook. */
  secret?: string;
}

/** An alert rendered for one channel: the JSON body it POSTs, as the outbox records it. */
export interface RenderedMessage {
  alertId: string;
  payload: unknown;
}

/** What happened to one alert of a batch. */
export type ChatDeliveryResult =
  | { alertId: string; ok: true; status: number; attempts: number }
  | {
      alertId: string;
      ok: false;
      /** One line naming the destination by id (never its URL) and what went wrong. */
      reason: string;
      /** True when sending the same alert later may succeed. */
      retryable: boolean;
      status?: number;
      attempts: number;
      /** How long the destination asked to wait, when it asked for longer than a retry may wait. */
      retryAfterMs?: number;
    };

/** A chat or webhook channel bound to one destination. */
export interface ChatChannel {
  readonly kind: ChatChannelKind;
  readonly destination: string;
  /** The message for one alert; pure, so the outbox can record it without sending. */
  render(alert: ChannelAlert): RenderedMessage;
  /** Sends each alert; one result per alert, in order. Never throws for one alert's failure. */
  send(alerts: readonly ChannelAlert[]): Promise<ChatDeliveryResult[]>;
}

/** A POST's outcome as a channel result: the destination id goes before the reason. */
export function deliveryResult(
  kind: ChatChannelKind,
  destination: string,
  alertId: string,
  outcome: HttpDeliveryResult,
): ChatDeliveryResult {
  if (outcome.ok) return { alertId, ok: true, status: outcome.status, attempts: outcome.attempts };
  return {
    alertId,
    ok: false,
    reason: `${kind} destination ${destination}: ${outcome.reason}${outcome.attempts > 1 ? ` (after ${outcome.attempts} attempts)` : ''}`,
    retryable: outcome.retryable,
    attempts: outcome.attempts,
    ...(outcome.status !== undefined ? { status: outcome.status } : {}),
    ...(outcome.retryAfterMs !== undefined ? { retryAfterMs: outcome.retryAfterMs } : {}),
  };
}
