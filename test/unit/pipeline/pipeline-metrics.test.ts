import type { FeedPollResult } from '../../../shared/pipeline/poll-feed';
import { alertMetrics, dispatchMetrics, pollMetrics } from '../../../shared/pipeline/pipeline-metrics';
import { initialFeedState } from '../../../shared/feeds/feed-state';
import { seedMatch } from '../../support/story-fixture';

const result = (overrides: Partial<FeedPollResult>): FeedPollResult => ({
  feedId: 'world',
  url: 'https://news.example.org/world.xml',
  outcome: 'new',
  storiesInFeed: 0,
  newStories: 0,
  newMatches: [],
  status: 'ok',
  state: initialFeedState('world'),
  ...overrides,
});
const asMap = (points: { name: string; value: number }[]) =>
  Object.fromEntries(points.map((p) => [p.name, p.value]));

describe('pipeline metrics', () => {
  test('a poll with new stories and matches', () => {
    expect(
      asMap(
        pollMetrics(result({ storiesInFeed: 30, newStories: 4, newMatches: [seedMatch(), seedMatch()] })),
      ),
    ).toEqual({
      FeedsPolled: 1,
      FeedsNotModified: 0,
      FeedsFailed: 0,
      StoriesNew: 4,
      MatchesNew: 2,
    });
  });

  test('304 and failures count as polled too, with zero new stories (so "no new story" sees them)', () => {
    expect(asMap(pollMetrics(result({ outcome: 'not-modified' })))).toMatchObject({
      FeedsPolled: 1,
      FeedsNotModified: 1,
      FeedsFailed: 0,
      StoriesNew: 0,
    });
    expect(asMap(pollMetrics(result({ outcome: 'failed', error: 'x: HTTP 500' })))).toMatchObject({
      FeedsPolled: 1,
      FeedsNotModified: 0,
      FeedsFailed: 1,
      StoriesNew: 0,
    });
  });

  test('a dispatch run', () => {
    const points = dispatchMetrics({
      feeds: 200,
      due: 150,
      dispatched: 148,
      failed: [
        { feedId: 'a', reason: 'r' },
        { feedId: 'b', reason: 'r' },
      ],
      failingFeeds: 3,
      longestFailureSeconds: 7200,
    });
    expect(asMap(points)).toEqual({
      FeedsDue: 150,
      FeedsDispatched: 148,
      FeedsNotDispatched: 2,
      FeedsFailing: 3,
      LongestFeedFailure: 7200,
    });
    expect(points.find((p) => p.name === 'LongestFeedFailure')!.unit).toBe('Seconds');
  });

  test('alerts: the count, and per alert the seconds from the story being published to SNS accepting it', () => {
    const accepted = new Date('2025-12-01T18:10:30.000Z');
    const points = alertMetrics(
      [
        seedMatch({}, { publishedAt: '2025-12-01T18:05:00.000Z' }),
        seedMatch({}, { publishedAt: '2025-12-01T19:00:00.000Z' }), // dated in the future by its feed
      ],
      accepted,
    );
    expect(points).toEqual([
      { name: 'AlertsSent', unit: 'Count', value: 2 },
      { name: 'AlertLatency', unit: 'Seconds', value: 330 },
      { name: 'AlertLatency', unit: 'Seconds', value: 0 },
    ]);
  });
});
