import type { Alert, AlertKind } from './alert';
import type { AlertMatch } from './alert-match';
import type { RoutingFacts } from './routing';

/**
 * One thing to deliver, as every channel sees it: a match alert, or a digest (stored with
 * its SNS rendering, which other channels may render from: its subject and e-mail text).
 */
export type Notice = {
  /** The delivery id: `<storyId>:<watchlistId>` for an alert, `digest:...` for a digest. */
  id: string;
  kind: AlertKind;
  watchlist: string;
  /** The story alerted; for a digest, the digest id. */
  storyId: string;
  /** What routing decides on (SNS: the message attributes). */
  facts: RoutingFacts;
} & ({ kind: 'alert'; match: AlertMatch } | { kind: 'sms-digest' | 'email-digest'; digest: Alert });

/** What one {@link Channel.send} did, per message given. */
export interface ChannelResult<M> {
  /** Accepted by the destination; `messageId` when it gives one. */
  sent: { message: M; messageId?: string }[];
  /**
   * Not accepted after the channel's own retries. `retryable: false` means sending it again
   * would fail the same way (a 4xx other than 408 and 429): the deliverer then dead-letters it
   * instead of retrying. @default retryable true
   */
  failed: { message: M; reason: string; retryable?: boolean }[];
}

/**
 * The port every delivery channel implements (SNS, the local outbox, Slack, Teams,
 * webhooks: one file each under `shared/alerts/channels/`). The deliverer claims each
 * notice, asks every channel that is on to render it, sends each channel's batch and records
 * per (notice, channel) what was sent, so one channel failing never re-sends another.
 */
export interface Channel<M = unknown> {
  /** The name the ledger records sends under (`sns`, `outbox`, `slack`...): keep it stable. */
  readonly name: string;
  /**
   * True when the channel sends SMS: the deliverer then takes a slot of the SMS cost guard
   * before rendering, and gives it back when this channel fails. @default false
   */
  readonly sendsSms?: boolean;
  /**
   * Renders a notice for this channel, or undefined when it has nothing to send for it (no
   * destination of the channel is routed this notice): that counts as delivered. An alert
   * whose SMS went over the cap has `facts.delivery` without `sms`.
   */
  render(notice: Notice): M | undefined;
  /**
   * Sends rendered messages. Never throws for one message's failure: each message given
   * comes back (the same object) in `sent` or `failed`.
   */
  send(messages: M[]): Promise<ChannelResult<M>>;
  /**
   * What a dead letter keeps of a message this channel could not deliver, so it can be looked
   * at and replayed by hand (the rendered body, never a URL or secret). @default nothing kept
   */
  deadLetterBody?(message: M): unknown;
}
