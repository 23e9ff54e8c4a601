import type { ChannelAlert } from './channel-alert';
import { ChatChannel, type ChatDeliveryResult, type ChatDestination, type ChatMessage } from './chat-channel';
import { clipText } from './clip-text';
import type { HttpDeliveryOptions } from './http-delivery';
import { PacingQueue } from './pacing-queue';

/**
 * Teams refuses a posted message over about 28 KB ("Request Entity too large"), and users of
 * Workflows webhooks report refusals from about 21 KB, since Teams counts what it wraps around
 * the card too. Our cards aim under the lower figure.
 */
export const TEAMS_PAYLOAD_MAX = 28 * 1024;
/** The budget a card is cut to, in bytes of UTF-8 JSON. */
export const TEAMS_PAYLOAD_BUDGET = 20_000;

/** Teams throttles a webhook that gets more than four requests in a second. */
export const TEAMS_INTERVAL_MS = 250;

/** The Adaptive Card schema version: 1.4 renders in Teams on desktop, web and mobile. */
export const ADAPTIVE_CARD_VERSION = '1.4';

/** Options of {@link TeamsChannel}. */
export interface TeamsChannelOptions extends HttpDeliveryOptions {
  /**
   * Spaces requests to one Workflows URL.
   * @default a process-wide queue of TEAMS_INTERVAL_MS
   */
  pacing?: PacingQueue;
  /**
   * Largest message, in bytes of UTF-8 JSON; longer texts are cut to fit.
   * @default TEAMS_PAYLOAD_BUDGET
   */
  maxBytes?: number;
}

const sharedPacing = new PacingQueue(TEAMS_INTERVAL_MS);

interface Caps {
  title: number;
  snippet: number;
  sources: number;
}
const START: Caps = { title: 400, snippet: 1500, sources: 10 };

/** Links this long are not shown (a card has better use for the bytes). */
const LINK_MAX = 2000;
const usable = (url: string) => /^https?:\/\//i.test(url) && url.length <= LINK_MAX;

/** The Workflows message for one alert: an Adaptive Card in Teams' message envelope, within `maxBytes`. */
export function renderTeamsMessage(alert: ChannelAlert, maxBytes = TEAMS_PAYLOAD_BUDGET): unknown {
  const caps = { ...START };
  let message = envelope(card(alert, caps));
  // Cut what is longest first: the list of other reports, then the snippet, then the headline.
  while (Buffer.byteLength(JSON.stringify(message)) > maxBytes) {
    if (caps.sources > 0) caps.sources = Math.floor(caps.sources / 2);
    else if (caps.snippet > 100) caps.snippet = Math.floor(caps.snippet / 2);
    else if (caps.title > 60) caps.title = Math.floor(caps.title / 2);
    else break;
    message = envelope(card(alert, caps));
  }
  return message;
}

function envelope(content: unknown) {
  return {
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content }],
  };
}

function card(alert: ChannelAlert, caps: Caps) {
  const { story } = alert;
  const open = usable(story.link) ? { type: 'Action.OpenUrl', url: story.link } : undefined;
  const banner = [
    alert.priority === 'high' ? 'HIGH PRIORITY' : '',
    alert.update ? 'UPDATE: priority raised' : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const body: unknown[] = [];
  if (banner)
    body.push({
      type: 'TextBlock',
      text: banner,
      weight: 'Bolder',
      color: 'Attention',
      size: 'Small',
      wrap: true,
    });
  // Feed text goes in TextRuns, which Teams shows as written: a TextBlock would read it as markdown.
  body.push({
    type: 'RichTextBlock',
    inlines: [
      {
        type: 'TextRun',
        text: clipText(story.title || '(no title)', caps.title),
        size: 'Large',
        weight: 'Bolder',
        ...(open ? { selectAction: open } : {}),
      },
    ],
  });
  body.push({
    type: 'FactSet',
    facts: [
      { title: 'Watchlist', value: clipText(alert.watchlist.name, 200) },
      { title: 'Priority', value: alert.priority },
      ...(alert.actors.length ? [{ title: 'Actors', value: clipText(alert.actors.join(', '), 500) }] : []),
      ...(alert.terms.length ? [{ title: 'Terms', value: clipText(alert.terms.join(', '), 500) }] : []),
      { title: 'Source', value: clipText(story.source, 200) },
      { title: 'Published', value: `${story.publishedAt.slice(0, 16).replace('T', ' ')} UTC` },
    ],
  });
  const snippet = snippetRuns(alert.snippet, caps.snippet);
  if (snippet.length) body.push({ type: 'RichTextBlock', inlines: snippet });
  const others = alert.sources.filter((s) => s.storyId !== story.id);
  if (others.length) {
    body.push({
      type: 'TextBlock',
      text: `Also reported by (${others.length})`,
      weight: 'Bolder',
      spacing: 'Medium',
      wrap: true,
    });
    for (const source of others.slice(0, caps.sources))
      body.push({
        type: 'RichTextBlock',
        spacing: 'None',
        inlines: [
          {
            type: 'TextRun',
            text: `• ${clipText(source.title || source.storyId, 200)} (${clipText(source.feedId, 80)})`,
            ...(usable(source.link) ? { selectAction: { type: 'Action.OpenUrl', url: source.link } } : {}),
          },
        ],
      });
    if (others.length > caps.sources)
      body.push({
        type: 'TextBlock',
        text: `…and ${others.length - caps.sources} more`,
        isSubtle: true,
        spacing: 'None',
        wrap: true,
      });
  }
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: ADAPTIVE_CARD_VERSION,
    msteams: { width: 'Full' },
    body,
    ...(open ? { actions: [{ ...open, title: 'Open story' }] } : {}),
  };
}

/** The snippet as TextRuns, hits in bold, at most `max` characters of text. */
function snippetRuns(snippet: ChannelAlert['snippet'], max: number) {
  const runs: { type: 'TextRun'; text: string; weight?: 'Bolder' }[] = [];
  let at = 0;
  let left = max;
  const push = (text: string, bold: boolean) => {
    if (!text || left <= 0) return;
    const kept = clipText(text, left);
    left = kept.length < text.length ? 0 : left - kept.length;
    runs.push({ type: 'TextRun', text: kept, ...(bold ? { weight: 'Bolder' as const } : {}) });
  };
  for (const hit of snippet.hits) {
    if (hit.start < at) continue;
    push(snippet.text.slice(at, hit.start), false);
    push(snippet.text.slice(hit.start, hit.end), true);
    at = hit.end;
  }
  push(snippet.text.slice(at), false);
  return runs;
}

/** Microsoft Teams Workflows webhooks ("When a Teams webhook request is received"): one Adaptive Card per alert. */
export class TeamsChannel extends ChatChannel {
  readonly kind = 'teams' as const;
  private readonly pacing: PacingQueue;

  constructor(
    target: ChatDestination,
    private readonly options: TeamsChannelOptions = {},
  ) {
    super(target, options);
    this.pacing = options.pacing ?? sharedPacing;
  }

  renderAlert(alert: ChannelAlert): unknown {
    return renderTeamsMessage(alert, this.options.maxBytes);
  }

  protected postAll(messages: readonly ChatMessage[]): Promise<ChatDeliveryResult[]> {
    return this.postPaced(this.pacing, messages);
  }
}
