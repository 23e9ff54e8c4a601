import type { Notice } from '../../../shared/alerts/channel';
import type { ChatChannel, ChatDestination } from '../../../shared/alerts/channels/chat-channel';
import { PacingQueue } from '../../../shared/alerts/channels/pacing-queue';
import { SlackChannel } from '../../../shared/alerts/channels/slack';
import { TeamsChannel } from '../../../shared/alerts/channels/teams';
import { WebhookChannel } from '../../../shared/alerts/channels/webhook';
import { matchFacts } from '../../../shared/alerts/routing';
import { formatEmailDigest } from '../../../shared/alerts/format-digest';
import { seedMatch } from '../../support/story-fixture';
import { startChatReceiver, type ChatReceiver } from '../../support/chat-receiver';

function notice(
  overrides: Parameters<typeof seedMatch>[0] = {},
  story: Parameters<typeof seedMatch>[1] = {},
): Notice {
  const match = seedMatch(overrides, story);
  return {
    id: `${match.story.id}:${match.watchlistId}`,
    kind: 'alert',
    watchlist: match.watchlistId,
    storyId: match.story.id,
    facts: matchFacts(match, ['email', 'sms']),
    match,
  };
}

const local = { policy: { allowLoopback: true }, backoffMs: 20, pacing: new PacingQueue(0) };
const kinds: [string, (d: ChatDestination) => ChatChannel][] = [
  ['slack', (d) => new SlackChannel(d, local)],
  ['teams', (d) => new TeamsChannel(d, local)],
  ['webhook', (d) => new WebhookChannel({ ...d, secret: 's' }, local)],
];

describe.each(kinds)('%s on the channel port', (kind, make) => {
  let receiver: ChatReceiver;
  beforeEach(async () => {
    receiver = await startChatReceiver();
  });
  afterEach(() => receiver.close());

  test('one channel per destination, named <kind>:<id> for the ledger', () => {
    expect(make({ id: 'ops', url: receiver.url('/a') }).name).toBe(`${kind}:ops`);
  });

  test('a destination whose choice excludes the alert renders nothing (and so sends nothing)', () => {
    const channel = make({
      id: 'ops',
      url: receiver.url('/a'),
      route: { watchlists: ['ukraine-peace-talks'], actors: ['zelensky'], minPriority: 'high' },
    });
    expect(channel.render(notice({ priority: 'high' }))).toBeUndefined(); // no zelensky
    expect(channel.render(notice({ priority: 'normal', actors: ['zelensky'] }))).toBeUndefined(); // below high
    expect(channel.render(notice({ priority: 'high' }, { lang: 'ru' }))).toBeUndefined();
    const routed = channel.render(notice({ priority: 'high', actors: ['zelensky'] }));
    expect(routed).toMatchObject({ noticeId: notice().id, alert: { id: notice().id, priority: 'high' } });
    const byLang = make({ id: 'ru-desk', url: receiver.url('/a'), route: { langs: ['ru'] } });
    expect(byLang.render(notice({}, { lang: 'en' }))).toBeUndefined();
    expect(byLang.render(notice({}, { lang: 'ru' }))).toBeDefined();
  });

  test('digests are not rendered for chat destinations', () => {
    const channel = make({ id: 'ops', url: receiver.url('/a') });
    const digest = formatEmailDigest(
      {
        id: 'digest:email:2025-12-01:ukraine-peace-talks',
        watchlistId: 'ukraine-peace-talks',
        watchlistName: 'Ukraine peace talks',
        from: '2025-12-01T00:00:00.000Z',
        to: '2025-12-02T00:00:00.000Z',
      },
      [seedMatch()],
    );
    const digestNotice: Notice = {
      id: digest.id,
      kind: 'email-digest',
      watchlist: 'ukraine-peace-talks',
      storyId: digest.storyId,
      facts: { ...matchFacts(seedMatch(), ['email-digest']) },
      digest,
    };
    expect(channel.render(digestNotice)).toBeUndefined();
  });

  test('send reports each message as sent or failed, the same objects back', async () => {
    receiver.reply('/ok', { status: 200 });
    receiver.reply('/down', { status: 503, body: 'maintenance' });
    const good = make({ id: 'good', url: receiver.url('/ok') });
    const bad = make({ id: 'bad', url: receiver.url('/down') });
    const messages = [good.render(notice())!, good.render(notice({ watchlistId: 'other' }))!];
    const sent = await good.send(messages);
    expect(sent.sent.map((s) => s.message)).toEqual(messages);
    expect(sent.failed).toEqual([]);
    const failed = await bad.send([bad.render(notice())!]);
    expect(failed.sent).toEqual([]);
    expect(failed.failed[0]!.reason).toBe(
      `${kind} destination bad: HTTP 503: maintenance (after 3 attempts)`,
    );
    expect(receiver.on('/ok')).toHaveLength(2);
  });
});
