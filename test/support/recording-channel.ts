import type { Channel, ChannelResult, Notice } from '../../shared/alerts/channel';
import { routeAccepts, type SubscriberChoice } from '../../shared/alerts/routing';

/** What the recording channel renders: the notice's id and the text a chat message would carry. */
export interface RecordedMessage {
  id: string;
  text: string;
}

/**
 * A channel without filter policies (like a chat webhook): it routes in-process with one
 * destination's choice, records what it sends and fails the notices `fail` picks, for tests
 * of the per-channel ledger.
 */
export class RecordingChannel implements Channel<RecordedMessage> {
  readonly sent: RecordedMessage[] = [];
  fail: (message: RecordedMessage) => boolean = () => false;

  constructor(
    readonly name: string,
    private readonly route: SubscriberChoice = { protocol: 'email' },
  ) {}

  render(notice: Notice): RecordedMessage | undefined {
    if (!routeAccepts(this.route, notice.facts)) return undefined;
    const text = notice.kind === 'alert' ? notice.match.story.title : notice.digest.subject;
    return { id: notice.id, text };
  }

  async send(messages: RecordedMessage[]): Promise<ChannelResult<RecordedMessage>> {
    const result: ChannelResult<RecordedMessage> = { sent: [], failed: [] };
    for (const message of messages) {
      if (this.fail(message)) result.failed.push({ message, reason: `${this.name}: ${message.id}: 503` });
      else {
        this.sent.push(message);
        result.sent.push({ message, messageId: `${this.name}-${this.sent.length}` });
      }
    }
    return result;
  }
}
