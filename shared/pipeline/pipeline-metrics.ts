import type { StoryMatch } from '../watchlists/story-match';
import type { DispatchSummary } from './dispatch-due-feeds';
import type { FeedPollResult } from './poll-feed';

/**
 * The pipeline's custom metrics, named once: the functions emit them (CloudWatch EMF through
 * Powertools Metrics) and the stack's alarms and dashboard read them, so the two cannot drift.
 * Every metric is published without a per-feed dimension: one CloudWatch metric per feed would
 * cost 0.30 USD a month each (60 USD at 200 feeds).
 */
export const METRICS = {
  // dispatch
  feedsDue: 'FeedsDue',
  feedsDispatched: 'FeedsDispatched',
  feedsNotDispatched: 'FeedsNotDispatched',
  feedsFailing: 'FeedsFailing',
  longestFeedFailure: 'LongestFeedFailure',
  // poll
  feedsPolled: 'FeedsPolled',
  feedsNotModified: 'FeedsNotModified',
  feedsFailed: 'FeedsFailed',
  storiesNew: 'StoriesNew',
  matchesNew: 'MatchesNew',
  /** Poll messages that are not feed messages: failed records, bound for the DLQ. */
  malformedMessages: 'MalformedMessages',
  // notify
  alertsSent: 'AlertsSent',
  alertsCapped: 'AlertsCapped',
  alertLatency: 'AlertLatency',
  // notify and digest, per channel kind (dimension `channel`: sns, slack, teams, webhook)
  /** Messages a channel took. */
  channelSent: 'ChannelSent',
  /** Messages a channel failed after its own retries (kept pending, retried later). */
  channelFailed: 'ChannelFailed',
  /** Messages given up to the dead-letter queue (refused for good, or too old). */
  channelDeadLettered: 'ChannelDeadLettered',
} as const;

/** The channel kinds that get a metric (and an alarm) of their own. */
export const CHANNEL_KINDS = ['sns', 'slack', 'teams', 'webhook'] as const;

/** A metric name of {@link METRICS}. */
export type MetricName = (typeof METRICS)[keyof typeof METRICS];

/** The `service` dimension of each function's metrics (Powertools' POWERTOOLS_SERVICE_NAME). */
export const SERVICES = { dispatch: 'dispatch', poll: 'poll', notify: 'notify', digest: 'digest' } as const;

/** One value of one metric. */
export interface MetricPoint {
  name: MetricName;
  unit: 'Count' | 'Seconds';
  value: number;
  /** Dimensions besides `service`. @default none */
  dimensions?: Record<string, string>;
}

/**
 * The metrics of one delivery run per channel kind (dimension `channel`), summed over the
 * destinations of a kind: one metric per kind, not per destination, as for feeds.
 */
export function channelMetrics(
  outcomes: readonly { channel: string; sent: number; failed: number; deadLettered: number }[],
): MetricPoint[] {
  const byKind = new Map<string, { sent: number; failed: number; deadLettered: number }>();
  for (const o of outcomes) {
    const kind = o.channel.split(':')[0]!;
    const sum = byKind.get(kind) ?? { sent: 0, failed: 0, deadLettered: 0 };
    sum.sent += o.sent;
    sum.failed += o.failed;
    sum.deadLettered += o.deadLettered;
    byKind.set(kind, sum);
  }
  return [...byKind].flatMap(([channel, sum]) => [
    { name: METRICS.channelSent, unit: 'Count' as const, value: sum.sent, dimensions: { channel } },
    { name: METRICS.channelFailed, unit: 'Count' as const, value: sum.failed, dimensions: { channel } },
    {
      name: METRICS.channelDeadLettered,
      unit: 'Count' as const,
      value: sum.deadLettered,
      dimensions: { channel },
    },
  ]);
}

/** The metrics of one dispatch run. */
export function dispatchMetrics(summary: DispatchSummary): MetricPoint[] {
  return [
    { name: METRICS.feedsDue, unit: 'Count', value: summary.due },
    { name: METRICS.feedsDispatched, unit: 'Count', value: summary.dispatched },
    { name: METRICS.feedsNotDispatched, unit: 'Count', value: summary.failed.length },
    { name: METRICS.feedsFailing, unit: 'Count', value: summary.failingFeeds },
    { name: METRICS.longestFeedFailure, unit: 'Seconds', value: summary.longestFailureSeconds },
  ];
}

/**
 * The metrics of one polled feed. Zeros are emitted too: "no new story for N hours" must see
 * polls that found nothing, and tell them from no polls at all (missing data).
 */
export function pollMetrics(result: FeedPollResult): MetricPoint[] {
  return [
    { name: METRICS.feedsPolled, unit: 'Count', value: 1 },
    { name: METRICS.feedsNotModified, unit: 'Count', value: result.outcome === 'not-modified' ? 1 : 0 },
    { name: METRICS.feedsFailed, unit: 'Count', value: result.outcome === 'failed' ? 1 : 0 },
    { name: METRICS.storiesNew, unit: 'Count', value: result.newStories },
    { name: METRICS.matchesNew, unit: 'Count', value: result.newMatches.length },
  ];
}

/**
 * The metrics of matches whose alerts SNS accepted at `acceptedAt`: the count, and per alert
 * the latency from the story's publication (its publishedAt, which is the first-seen time when
 * the feed gives no date) to SNS accepting it. Stories dated in the future count as 0.
 */
export function alertMetrics(matches: readonly StoryMatch[], acceptedAt: Date): MetricPoint[] {
  const points: MetricPoint[] = [{ name: METRICS.alertsSent, unit: 'Count', value: matches.length }];
  for (const match of matches) {
    const published = Date.parse(match.story.publishedAt);
    if (Number.isNaN(published)) continue;
    points.push({
      name: METRICS.alertLatency,
      unit: 'Seconds',
      value: Math.max(0, (acceptedAt.getTime() - published) / 1000),
    });
  }
  return points;
}
