import { QueueMessageError } from '../../../shared/errors';
import { parseFeedMessage, toFeedMessage } from '../../../shared/pipeline/feed-message';

describe('feed messages', () => {
  test('round trip: the whole feed and the dispatch time', () => {
    const feed = { id: 'kyiv', url: 'https://kyiv.example.org/rss', name: 'Київ', lang: 'uk' };
    const body = toFeedMessage(feed, new Date('2025-12-02T08:00:00Z'));
    expect(parseFeedMessage(body)).toEqual({ feed, dispatchedAt: '2025-12-02T08:00:00.000Z' });
  });

  test.each([
    ['not JSON', 'hello', 'm-1: body is not JSON: "hello"'],
    [
      'no feed',
      '{"url":"https://x"}',
      'm-1: expected {"feed":{"id":…,"url":…},"dispatchedAt":…}, got "{\\"url\\":\\"https://x\\"}"',
    ],
    ['feed without url', '{"feed":{"id":"a"}}', 'm-1: expected {"feed"'],
    ['null', 'null', 'm-1: expected {"feed"'],
  ])('%s: one line naming the message', (_name, body, message) => {
    expect(() => parseFeedMessage(body, 'm-1')).toThrow(QueueMessageError);
    expect(() => parseFeedMessage(body, 'm-1')).toThrow(message);
  });
});
