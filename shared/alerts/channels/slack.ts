import type { ChannelAlert } from './channel-alert';
import { ChatChannel, type ChatDeliveryResult, type ChatDestination, type ChatMessage } from './chat-channel';
import { clipText, ELLIPSIS } from './clip-text';
import type { HttpDeliveryOptions } from './http-delivery';
import { PacingQueue } from './pacing-queue';

/** Slack's documented Block Kit limits that a message of ours can reach. */
export const SLACK_LIMITS = {
  /** Blocks in one message. */
  blocks: 50,
  /** A section block's text object. */
  sectionText: 3000,
  /** Each text of a section's `fields`. */
  fieldText: 2000,
  /** Fields in one section. */
  fields: 10,
  /** Elements of a context block. */
  contextElements: 10,
  /** The top-level `text`, which notifications show. Slack truncates at 40,000; we keep it one line. */
  fallbackText: 300,
} as const;

/** Other reports listed under an alert, at most. */
export const SLACK_SOURCES_MAX = 10;

/** Slack allows about one message per second per incoming webhook. */
export const SLACK_INTERVAL_MS = 1000;

/** Options of {@link SlackChannel}. */
export interface SlackChannelOptions extends HttpDeliveryOptions {
  /**
   * Spaces messages to one webhook; shared by every Slack channel of the process by default, so
   * two destinations with the same URL are paced together.
   * @default a process-wide queue of SLACK_INTERVAL_MS
   */
  pacing?: PacingQueue;
}

const sharedPacing = new PacingQueue(SLACK_INTERVAL_MS);

/** Slack's control characters in mrkdwn and plain text: the only three it asks to escape. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const escapedLength = (s: string) => escapeMrkdwn(s).length;

/** `text` escaped for mrkdwn and cut so that the escaped form fits `max`. */
function fit(text: string, max: number): string {
  return escapeMrkdwn(clipText(text, max, escapedLength));
}

/** A URL inside `<url|label>`: the characters that would end the link are percent-encoded. */
function linkTarget(url: string): string {
  return escapeMrkdwn(url.replace(/\|/g, '%7C').replace(/\s/g, '%20'));
}

/** `<url|label>` within `max` characters, or the bare label when there is no usable link. */
function link(url: string, label: string, max: number): string {
  const target = /^https?:\/\//i.test(url) ? linkTarget(url) : '';
  // A link longer than half the room is not worth the label it would cost.
  if (!target || target.length + 3 > max / 2) return fit(label, max);
  return `<${target}|${fit(label, max - target.length - 3)}>`;
}

/**
 * The snippet with its hits in `*bold*`, escaped for mrkdwn (or with `escape`), within `max`
 * characters, marks and escapes included.
 */
export function boldHits(
  snippet: ChannelAlert['snippet'],
  max: number,
  escape: (text: string) => string = escapeMrkdwn,
): string {
  const fitted = (text: string, room: number) => escape(clipText(text, room, (t) => escape(t).length));
  let out = '';
  let at = 0;
  const runs: { text: string; bold: boolean }[] = [];
  for (const hit of snippet.hits) {
    if (hit.start < at) continue;
    runs.push({ text: snippet.text.slice(at, hit.start), bold: false });
    runs.push({ text: snippet.text.slice(hit.start, hit.end), bold: true });
    at = hit.end;
  }
  runs.push({ text: snippet.text.slice(at), bold: false });
  for (const run of runs) {
    // Bold only reads as bold around non-space text; a hit with edge spaces keeps them outside.
    const text = run.bold ? run.text.trim() : run.text;
    if (!text) continue;
    const marks = run.bold ? 2 : 0;
    const room = max - out.length - marks;
    const escaped = escape(text);
    if (escaped.length <= room) {
      out += run.bold ? `*${escaped}*` : escaped;
      continue;
    }
    if (room > ELLIPSIS.length) out += run.bold ? `*${fitted(text, room)}*` : fitted(text, room);
    else if (max - out.length >= ELLIPSIS.length) out += ELLIPSIS;
    break;
  }
  return out;
}

function priorityLabel(alert: ChannelAlert): string {
  const label = alert.priority === 'high' ? ':rotating_light: *HIGH*' : alert.priority;
  return alert.update ? `${label} (update: priority raised)` : label;
}

/** The Block Kit message for one alert (an incoming webhook's JSON body). */
export function renderSlackMessage(alert: ChannelAlert): { text: string; blocks: unknown[] } {
  const { story } = alert;
  const flag = alert.priority === 'high' ? 'HIGH: ' : '';
  const text = fit(
    `${alert.update ? 'Update: ' : ''}${flag}[${alert.watchlist.name}] ${story.title}`.replace(/\s+/g, ' '),
    SLACK_LIMITS.fallbackText,
  );
  const blocks: unknown[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${link(story.link, story.title || '(no title)', SLACK_LIMITS.sectionText - 2)}*`,
      },
    },
    {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: fit(`Watchlist: ${alert.watchlist.name}`, 300) },
        { type: 'mrkdwn', text: `Priority: ${priorityLabel(alert)}` },
        {
          type: 'mrkdwn',
          text: fit(`${story.source} · ${story.publishedAt.slice(0, 16).replace('T', ' ')} UTC`, 300),
        },
      ],
    },
  ];
  const fields: unknown[] = [];
  if (alert.actors.length)
    fields.push({
      type: 'mrkdwn',
      text: `*Actors*\n${fit(alert.actors.join(', '), SLACK_LIMITS.fieldText - 9)}`,
    });
  if (alert.terms.length)
    fields.push({
      type: 'mrkdwn',
      text: `*Terms*\n${fit(alert.terms.join(', '), SLACK_LIMITS.fieldText - 8)}`,
    });
  if (fields.length) blocks.push({ type: 'section', fields });
  const snippet = boldHits(alert.snippet, SLACK_LIMITS.sectionText);
  if (snippet) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: snippet } });
  const others = alert.sources.filter((s) => s.storyId !== story.id);
  if (others.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: sourcesText(others) } });
  return { text, blocks };
}

/** "Also reported by" with one line per other report, within a section's limit. */
function sourcesText(others: ChannelAlert['sources']): string {
  let out = `*Also reported by (${others.length})*`;
  const max = SLACK_LIMITS.sectionText;
  let shown = 0;
  for (const source of others.slice(0, SLACK_SOURCES_MAX)) {
    const line = `\n• ${link(source.link, source.title || source.storyId, 400)} (${fit(source.feedId, 100)})`;
    // Leave room for the "and N more" line.
    if (out.length + line.length > max - 40) break;
    out += line;
    shown++;
  }
  if (shown < others.length) out += `\n…and ${others.length - shown} more`;
  return out;
}

/** Slack incoming webhooks: one Block Kit message per alert, about one per second per webhook. */
export class SlackChannel extends ChatChannel {
  readonly kind = 'slack' as const;
  private readonly pacing: PacingQueue;

  constructor(target: ChatDestination, options: SlackChannelOptions = {}) {
    super(target, options);
    this.pacing = options.pacing ?? sharedPacing;
  }

  renderAlert(alert: ChannelAlert): unknown {
    return renderSlackMessage(alert);
  }

  protected postAll(messages: readonly ChatMessage[]): Promise<ChatDeliveryResult[]> {
    // Queued per webhook: the batch goes out in order, paced, each with its retries in its turn.
    return this.postPaced(this.pacing, messages);
  }
}
