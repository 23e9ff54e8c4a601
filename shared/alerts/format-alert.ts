import type { Alert, DeliveryChannel, MessageAttribute } from './alert';
import { alertId, priorityOf, termTexts, type AlertMatch } from './alert-match';
import { matchFacts, type RoutingFacts } from './routing';
import { fitSms } from './sms-text';
import { markedSnippet } from './snippet';
import { toAscii } from './transliterate';

/** SNS subjects must be shorter than 100 characters. */
export const SUBJECT_MAX = 99;

/** Options of {@link formatAlert}. */
export interface FormatAlertOptions {
  /**
   * SMS segments an alert may use; each one is billed.
   * @default 1
   */
  smsSegments?: number;
  /**
   * Who the alert goes to (the `delivery` attribute). An alert over the SMS cap is sent for
   * e-mail only and rolls into the SMS digest.
   * @default ['email', 'sms']
   */
  delivery?: readonly DeliveryChannel[];
}

/** The footer of every e-mail: SNS e-mail is plain text, so the how-to is spelled out. */
export const EMAIL_FOOTER = [
  '--',
  'You receive this because you subscribed to newsalert alerts. To choose other watchlists,',
  'actors or priorities, ask your newsalert operator to run `newsalert subscribe` for your',
  'address again (changes take up to 15 minutes); the unsubscribe link below stops all alerts.',
].join('\n');

/** Renders a stored match as an alert for every protocol. */
export function formatAlert(match: AlertMatch, options: FormatAlertOptions = {}): Alert {
  const { story } = match;
  const priority = priorityOf(match);
  const terms = termTexts(match.terms);
  const flag = `${match.update ? 'UPDATE: ' : ''}${priority === 'high' ? 'HIGH: ' : ''}`;
  const subject = formatSubject(`[${match.watchlistName}] ${flag}${story.title}`, story.lang);
  const snippet = match.snippet?.trim() || markedSnippet(story.summary || story.title, terms);
  const email = [
    story.title,
    '',
    `Source:    ${story.feedName ?? story.feedId}${hostOf(story.link)}`,
    `Published: ${utc(story.publishedAt)}`,
    `Watchlist: ${match.watchlistName}${priority === 'normal' ? '' : ` (priority: ${priority}${match.priorityReasons?.length ? `: ${match.priorityReasons.join('; ')}` : ''})`}`,
    `Actors:    ${match.actors.join(', ') || '-'}`,
    `Terms:     ${terms.join(', ') || '-'}`,
    '',
    snippet,
    '',
    story.link || '(the feed gives no link)',
    `Also reported by: ${match.alsoReportedBy?.length ? match.alsoReportedBy.join(', ') : '-'}`,
    '',
    EMAIL_FOOTER,
  ].join('\n');
  return {
    id: alertId(story.id, match.watchlistId),
    kind: 'alert',
    watchlist: match.watchlistId,
    storyId: story.id,
    subject,
    email,
    sms: fitSms(`${flag}${story.title}`, story.link, { segments: options.smsSegments }),
    default: `${flag}${story.title} [${match.watchlistName}] ${story.link}`.replace(/\s+/g, ' ').trim(),
    ...(match.clusterId
      ? {
          clusterId: match.clusterId,
          sources: (match.sources ?? []).map((s) => ({
            feedId: s.feedId,
            storyId: s.storyId,
            title: s.title,
            link: s.link,
          })),
        }
      : {}),
    ...(match.update ? { update: true as const } : {}),
    attributes: alertAttributes(matchFacts(match, options.delivery ?? ['email', 'sms'])),
  };
}

/** The SNS rendering of the routing facts: the message attributes subscribers' filter policies select on. */
export function alertAttributes(values: RoutingFacts): Record<string, MessageAttribute> {
  return {
    watchlist: { DataType: 'String', StringValue: values.watchlist },
    actors: { DataType: 'String.Array', StringValue: JSON.stringify(values.actors) },
    priority: { DataType: 'String', StringValue: values.priority },
    lang: { DataType: 'String', StringValue: values.lang },
    delivery: { DataType: 'String.Array', StringValue: JSON.stringify(values.delivery) },
  };
}

/**
 * An SNS e-mail subject: ASCII (Cyrillic transliterated by the rules of `lang` when it is
 * Russian or Ukrainian, else as its letters suggest), one line, under 100 characters.
 */
export function formatSubject(text: string, lang?: string): string {
  // toAscii keeps only printable ASCII, and whitespace (line breaks included) is collapsed first.
  const ascii = toAscii(text.replace(/\s+/g, ' ').trim(), { lang });
  return truncate(ascii, SUBJECT_MAX);
}

/** ISO time as `2025-12-01 18:05 UTC`. */
export function utc(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function hostOf(link: string): string {
  try {
    return link ? ` (${new URL(link).host})` : '';
  } catch {
    return '';
  }
}

/** Cuts on a word boundary when one is near, and marks the cut with "...". */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 3);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}...`;
}
