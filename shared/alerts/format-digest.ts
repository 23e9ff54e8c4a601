import type { Alert } from './alert';
import { langOf, priorityOf, PRIORITIES, type AlertMatch } from './alert-match';
import { alertAttributes, EMAIL_FOOTER, formatSubject, utc } from './format-alert';
import { fitSms } from './sms-text';

/** An e-mail digest lists at most this many stories, then says how many more there were. */
export const DIGEST_MAX_LISTED = 150;

/** What a digest covers. */
export interface DigestScope {
  /** The digest's delivery id, e.g. `digest:sms:2025-12-01T08:watchlist`. */
  id: string;
  watchlistId: string;
  watchlistName: string;
  /** ISO start and end of the period the digest covers. */
  from: string;
  to: string;
}

/**
 * The hourly SMS digest of the alerts that went over the SMS cap: one SMS saying how many
 * there were, with the most important headline and its link. It goes to SMS subscribers
 * only (`delivery: sms`); e-mail subscribers already had each alert.
 */
export function formatSmsDigest(
  scope: DigestScope,
  matches: readonly AlertMatch[],
  options: { smsSegments?: number } = {},
): Alert {
  const sorted = byImportance(matches);
  const top = sorted[0]!;
  const period = `${utc(scope.from).slice(11, 16)}-${utc(scope.to).slice(11, 16)} UTC`;
  const count = matches.length === 1 ? '1 alert' : `${matches.length} alerts`;
  const lead = `${scope.watchlistName}: ${count} ${period} (SMS cap). Top: ${top.story.title}`;
  return {
    ...digestBase(scope, 'sms-digest', matches),
    subject: formatSubject(`[${scope.watchlistName}] ${count} over the SMS cap, ${period}`),
    email: [
      `${count} for ${scope.watchlistName} went over the hourly SMS cap between ${utc(scope.from)} and ${utc(scope.to)}:`,
      '',
      ...listing(sorted),
      '',
      EMAIL_FOOTER,
    ].join('\n'),
    sms: fitSms(lead, top.story.link, { segments: options.smsSegments }),
    default:
      `${scope.watchlistName}: ${count} ${period} over the SMS cap. Top: ${top.story.title} ${top.story.link}`.trim(),
    attributes: digestAttributes(scope, matches, 'sms'),
  };
}

/** The daily e-mail digest of one watchlist: every story it matched that day, most important first. */
export function formatEmailDigest(scope: DigestScope, matches: readonly AlertMatch[]): Alert {
  // One line per development: the reports folded into a cluster are counted on its line.
  const reports = new Map<string, number>();
  for (const m of matches) if (m.clusterId) reports.set(m.clusterId, (reports.get(m.clusterId) ?? 0) + 1);
  const seen = new Set<string>();
  const sorted = byImportance(matches).filter(
    (m) => !m.clusterId || (!seen.has(m.clusterId) && seen.add(m.clusterId) !== undefined),
  );
  const day = scope.from.slice(0, 10);
  const count = sorted.length === 1 ? '1 alert' : `${sorted.length} alerts`;
  return {
    ...digestBase(scope, 'email-digest', matches),
    subject: formatSubject(`[${scope.watchlistName}] Daily digest ${day}: ${count}`),
    email: [
      `${scope.watchlistName}, ${day} (UTC): ${count}.`,
      '',
      ...listing(sorted, reports),
      '',
      EMAIL_FOOTER,
    ].join('\n'),
    sms: fitSms(
      `${scope.watchlistName} ${day}: ${count}. Top: ${sorted[0]!.story.title}`,
      sorted[0]!.story.link,
    ),
    default: `${scope.watchlistName} daily digest ${day}: ${count}`,
    attributes: digestAttributes(scope, matches, 'email-digest'),
  };
}

function digestBase(scope: DigestScope, kind: Alert['kind'], matches: readonly AlertMatch[]) {
  return {
    id: scope.id,
    kind,
    watchlist: scope.watchlistId,
    storyId: scope.id,
    storyIds: matches.map((m) => m.story.id),
  };
}

function listing(sorted: readonly AlertMatch[], reports?: ReadonlyMap<string, number>): string[] {
  const sources = (m: AlertMatch) => {
    const n = m.clusterId ? (reports?.get(m.clusterId) ?? 1) : 1;
    return n > 1 ? ` (${n} sources)` : '';
  };
  const lines = sorted
    .slice(0, DIGEST_MAX_LISTED)
    .flatMap((m) => [
      `- ${priorityOf(m) === 'high' ? 'HIGH: ' : ''}${m.story.title}${sources(m)}`,
      `  ${utc(m.story.publishedAt)}, ${m.story.feedName ?? m.story.feedId}; actors: ${m.actors.join(', ') || '-'}`,
      `  ${m.story.link || '(no link)'}`,
    ]);
  if (sorted.length > DIGEST_MAX_LISTED) lines.push(`... and ${sorted.length - DIGEST_MAX_LISTED} more.`);
  return lines;
}

/** Highest priority first, then the newest. */
function byImportance(matches: readonly AlertMatch[]): AlertMatch[] {
  const rank = (m: AlertMatch) => PRIORITIES.indexOf(priorityOf(m));
  return [...matches].sort(
    (a, b) => rank(b) - rank(a) || b.story.publishedAt.localeCompare(a.story.publishedAt),
  );
}

/**
 * The attributes a digest is routed by: only what every alert in it has, so a subscriber's
 * filter can select a digest only when it would have selected each of its alerts. The
 * priority is the lowest of them (filters take a priority and everything above it), the
 * actors those that every alert names, the language theirs when they share one, else `mul`
 * (ISO 639: several languages). A filtered subscriber may so miss a digest it would have
 * accepted in part; it never receives alerts it chose not to.
 */
function digestAttributes(
  scope: DigestScope,
  matches: readonly AlertMatch[],
  delivery: 'sms' | 'email-digest',
) {
  const [first, ...rest] = matches.map((m) => new Set(m.actors));
  const actors = [...(first ?? [])].filter((a) => rest.every((set) => set.has(a)));
  const priority = PRIORITIES[Math.min(...matches.map((m) => PRIORITIES.indexOf(priorityOf(m))))]!;
  const langs = new Set(matches.map((m) => langOf(m.story)));
  const lang = langs.size === 1 ? [...langs][0]! : 'mul';
  return alertAttributes({ watchlist: scope.watchlistId, actors, priority, lang, delivery: [delivery] });
}
