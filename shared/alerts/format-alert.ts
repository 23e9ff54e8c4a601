import type { StoryMatch } from '../watchlists/story-match';
import type { Alert } from './alert';
import { fitSms } from './sms-text';
import { toAscii } from './transliterate';

/** Longest subject SNS accepts is 99 characters ("less than 100"). */
const SUBJECT_MAX = 99;

/** Renders a stored match as an alert for every protocol. */
export function formatAlert(match: StoryMatch): Alert {
  const { story } = match;
  const subject = truncate(toAscii(`[${match.watchlistName}] ${story.title}`.replace(/\s+/g, ' ')), SUBJECT_MAX);
  const published = story.publishedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
  const email = [
    story.title,
    '',
    `Source: ${story.feedId}, published ${published}`,
    `Watchlist: ${match.watchlistName}`,
    `Actors: ${match.actors.join(', ')}`,
    `Terms: ${match.terms.join(', ')}`,
    ...(match.priority === 'high' ? [`Priority: high (${(match.priorityReasons ?? []).join('; ')})`] : []),
    ...(match.snippet ? ['', `Why: ${match.snippet}`] : []),
    '',
    story.summary,
    '',
    story.link,
    '',
    '--',
    'You receive this because you subscribed to newsalert alerts. To change what you receive, ask your newsalert operator to update your subscription.',
  ].join('\n');
  const sms = fitSms(story.title, story.link);
  return {
    watchlist: match.watchlistId,
    storyId: story.id,
    subject,
    email,
    sms,
    default: `${story.title} ${story.link}`.trim(),
    attributes: {
      watchlist: { DataType: 'String', StringValue: match.watchlistId },
      actors: { DataType: 'String.Array', StringValue: JSON.stringify(match.actors) },
      // Subscribers' filter policies choose on it (e.g. SMS only for high).
      priority: { DataType: 'String', StringValue: match.priority ?? 'normal' },
    },
  };
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 3);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}...`;
}
