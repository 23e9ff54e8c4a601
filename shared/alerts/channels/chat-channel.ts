import type { Channel, ChannelResult, Notice } from '../channel';
import { routeAccepts, type SubscriberChoice } from '../routing';
import { channelAlertOf, type ChannelAlert } from './channel-alert';
import { postWithRetries, type HttpDeliveryOptions, type HttpDeliveryResult } from './http-delivery';
import type { PacingQueue } from './pacing-queue';

/** The kinds of destination a chat or webhook channel delivers to. */
export type ChatChannelKind = 'slack' | 'teams' | 'webhook';

/**
 * What a destination chose to receive: the same choices as an e-mail subscriber, decided
 * in-process with the one routing model (`routeAccepts`).
 */
export type DestinationRoute = Omit<SubscriberChoice, 'protocol'>;

/** One destination: where a channel sends, how it proves who sent, and what it receives. */
export interface ChatDestination {
  /** The destination's id: the ledger's channel name is `<kind>:<id>`, and results name it. */
  id: string;
  /** The webhook URL: a secret (Slack and Teams put their credential in it), never printed. */
  url: string;
  /** The signing secret of a generic webhook. */
  secret?: string;
  /** @default every alert */
  route?: DestinationRoute;
}

/** One alert rendered for one destination: what `send` posts (and an outbox may record). */
export interface ChatMessage {
  /** The notice's delivery id, which is also the alert's id. */
  noticeId: string;
  alert: ChannelAlert;
  /** The JSON body posted. */
  payload: unknown;
}

/** What happened to one alert sent to one destination. */
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

/**
 * A chat or webhook channel bound to one destination, on the channel port. Each destination
 * is a channel of its own (`slack:ops`), so the ledger records each one's sends apart: one
 * destination failing never re-sends to another.
 */
export abstract class ChatChannel implements Channel<ChatMessage> {
  abstract readonly kind: ChatChannelKind;
  readonly destination: string;

  constructor(
    protected readonly target: ChatDestination,
    protected readonly http: HttpDeliveryOptions = {},
  ) {
    this.destination = target.id;
  }

  /** The ledger's name for this destination's sends. */
  get name(): string {
    return `${this.kind}:${this.target.id}`;
  }

  /** The JSON body for one alert; pure. */
  abstract renderAlert(alert: ChannelAlert): unknown;

  /**
   * Headers of one request, asked for before every attempt (a signature carries its time).
   * @default none beyond the JSON content type
   */
  protected headers?(message: ChatMessage, body: string): Record<string, string>;

  /** Posts one rendered message (with the channel's retries); never throws. */
  protected async post(message: ChatMessage): Promise<ChatDeliveryResult> {
    const body = JSON.stringify(message.payload);
    const headers = this.headers?.bind(this);
    const outcome = await postWithRetries(
      { url: this.target.url, body, ...(headers ? { headers: () => headers(message, body) } : {}) },
      this.http,
    );
    return deliveryResult(this.kind, this.destination, message.alert.id, outcome);
  }

  /** Posts the messages of one batch in the channel's order and pace; one result per message, in order. */
  protected abstract postAll(messages: readonly ChatMessage[]): Promise<ChatDeliveryResult[]>;

  /** {@link postAll} for chat webhooks that take about one message a second: queued per URL, never dropped. */
  protected postPaced(pacing: PacingQueue, messages: readonly ChatMessage[]): Promise<ChatDeliveryResult[]> {
    return Promise.all(messages.map((message) => pacing.run(this.target.url, () => this.post(message))));
  }

  /**
   * The message for a notice, or undefined when this destination is not routed it. Digests
   * are not rendered for chat destinations (undefined: nothing to send).
   */
  render(notice: Notice): ChatMessage | undefined {
    if (notice.kind !== 'alert') return undefined;
    const route = this.target.route;
    if (route && !routeAccepts({ ...route, protocol: 'email' }, notice.facts)) return undefined;
    return this.message({ ...channelAlertOf(notice.match), id: notice.id }, notice.id);
  }

  async send(messages: ChatMessage[]): Promise<ChannelResult<ChatMessage>> {
    const results = await this.postAll(messages);
    const out: ChannelResult<ChatMessage> = { sent: [], failed: [] };
    results.forEach((result, i) => {
      const message = messages[i]!;
      if (result.ok) out.sent.push({ message });
      else out.failed.push({ message, reason: result.reason, retryable: result.retryable });
    });
    return out;
  }

  /** A dead letter keeps the JSON body as it would have been posted (no URL, no signature). */
  deadLetterBody(message: ChatMessage): unknown {
    return message.payload;
  }

  /** Renders and sends alerts directly, with the full per-alert results (status, attempts, retryability). */
  deliver(alerts: readonly ChannelAlert[]): Promise<ChatDeliveryResult[]> {
    return this.postAll(alerts.map((alert) => this.message(alert, alert.id)));
  }

  private message(alert: ChannelAlert, noticeId: string): ChatMessage {
    return { noticeId, alert, payload: this.renderAlert(alert) };
  }
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
