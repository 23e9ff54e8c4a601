import type { Alert, AlertPublisher } from '../alert';
import type { Channel, ChannelResult, Notice } from '../channel';
import { formatAlert } from '../format-alert';

/** Options of {@link SnsChannel}. */
export interface SnsChannelOptions {
  /** The name the ledger records sends under. @default 'sns' */
  name?: string;
  /** SMS segments an alert may use. @default 1 */
  smsSegments?: number;
}

/**
 * E-mail and SMS through one SNS topic: one message per notice with per-protocol texts and
 * the message attributes subscribers' filter policies select on (SNS does the routing).
 * The publisher does the sending: {@link SnsAlertPublisher} in AWS, the outbox locally.
 */
export class SnsChannel implements Channel<Alert> {
  readonly name: string;
  readonly sendsSms = true;
  private readonly smsSegments?: number;

  constructor(
    private readonly publisher: AlertPublisher,
    options: SnsChannelOptions = {},
  ) {
    this.name = options.name ?? 'sns';
    this.smsSegments = options.smsSegments;
  }

  render(notice: Notice): Alert {
    return renderSnsAlert(notice, this.smsSegments);
  }

  async send(messages: Alert[]): Promise<ChannelResult<Alert>> {
    const result = await this.publisher.publish(messages);
    return {
      sent: result.published.map(({ alert, messageId }) => ({ message: alert, messageId })),
      failed: result.failed.map(({ alert, reason }) => ({ message: alert, reason })),
    };
  }
}

/** A notice as one SNS message: a match rendered for every protocol; a digest as it was stored. */
export function renderSnsAlert(notice: Notice, smsSegments?: number): Alert {
  if (notice.kind !== 'alert') return notice.digest;
  return formatAlert(notice.match, { smsSegments, delivery: notice.facts.delivery });
}
