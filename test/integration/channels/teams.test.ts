import { PacingQueue } from '../../../shared/alerts/channels/pacing-queue';
import {
  renderTeamsMessage,
  TEAMS_PAYLOAD_BUDGET,
  TEAMS_PAYLOAD_MAX,
  TeamsChannel,
} from '../../../shared/alerts/channels/teams';
import { oversizedChannelAlert, seedChannelAlert } from '../../support/channel-alerts';
import { startChatReceiver, type ChatReceiver } from '../../support/chat-receiver';

interface Element {
  type: string;
  text?: string;
  inlines?: { type: string; text: string; weight?: string; selectAction?: { type: string; url: string } }[];
  facts?: { title: string; value: string }[];
}
interface Envelope {
  type: string;
  attachments: {
    contentType: string;
    content: { type: string; version: string; body: Element[]; actions?: unknown[] };
  }[];
}

function cardOf(message: unknown) {
  const envelope = message as Envelope;
  expect(envelope.type).toBe('message');
  expect(envelope.attachments).toHaveLength(1);
  expect(envelope.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
  const card = envelope.attachments[0]!.content;
  expect(card.type).toBe('AdaptiveCard');
  expect(card.version).toBe('1.4');
  return card;
}

/** Every element type the card uses is one Adaptive Cards 1.4 defines; feed text only in TextRuns. */
function expectKnownElements(body: Element[]) {
  for (const element of body) {
    expect(['TextBlock', 'RichTextBlock', 'FactSet']).toContain(element.type);
    for (const inline of element.inlines ?? []) expect(inline.type).toBe('TextRun');
  }
}

describe('Teams rendering', () => {
  test('an Adaptive Card in the message envelope: headline linked, facts, snippet with hits in bold, a button', () => {
    const alert = seedChannelAlert();
    const card = cardOf(renderTeamsMessage(alert));
    expectKnownElements(card.body);
    const headline = card.body.find((e) => e.type === 'RichTextBlock')!.inlines![0]!;
    expect(headline).toMatchObject({
      text: alert.story.title,
      weight: 'Bolder',
      selectAction: { type: 'Action.OpenUrl', url: alert.story.link },
    });
    const facts = Object.fromEntries(
      card.body.find((e) => e.type === 'FactSet')!.facts!.map((f) => [f.title, f.value]),
    );
    expect(facts).toMatchObject({
      Watchlist: 'Ukraine peace talks',
      Priority: 'high',
      Actors: 'putin, witkoff',
      Terms: 'peace plan',
    });
    const snippet = card.body.filter((e) => e.type === 'RichTextBlock')[1]!.inlines!;
    expect(snippet.filter((r) => r.weight === 'Bolder').map((r) => r.text)).toEqual([
      'Putin',
      'Witkoff',
      'peace plan',
    ]);
    expect(snippet.map((r) => r.text).join('')).toBe(alert.snippet.text);
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', url: alert.story.link, title: 'Open story' }]);
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: 'HIGH PRIORITY' });
  });

  test('markdown in a headline stays text (TextRun), and the other reports are listed', () => {
    const alert = seedChannelAlert({ priority: 'normal' });
    alert.story.title = '**Breaking** [click](https://evil.example) _now_';
    alert.sources = [
      ...alert.sources,
      { feedId: 'tass', storyId: 's2', title: 'Путин и Уиткофф', link: 'https://tass.example/2' },
    ];
    const card = cardOf(renderTeamsMessage(alert));
    expect(card.body.some((e) => e.type === 'TextBlock' && e.text?.includes('Breaking'))).toBe(false);
    expect(card.body.find((e) => e.type === 'RichTextBlock')!.inlines![0]!.text).toBe(alert.story.title);
    expect(card.body.find((e) => e.text === 'Also reported by (1)')).toBeDefined();
    expect(card.body.at(-1)!.inlines![0]).toMatchObject({
      text: '• Путин и Уиткофф (tass)',
      selectAction: { url: 'https://tass.example/2' },
    });
    // Normal priority: no banner.
    expect(card.body[0]!.type).toBe('RichTextBlock');
  });

  test('long inputs are cut to fit the payload budget, well under Teams 28 KB', () => {
    const message = renderTeamsMessage(oversizedChannelAlert());
    const bytes = Buffer.byteLength(JSON.stringify(message));
    expect(bytes).toBeLessThanOrEqual(TEAMS_PAYLOAD_BUDGET);
    expect(bytes).toBeLessThan(TEAMS_PAYLOAD_MAX);
    const card = cardOf(message);
    expectKnownElements(card.body);
    expect(card.body.find((e) => e.type === 'RichTextBlock')!.inlines![0]!.text.endsWith('…')).toBe(true);
    expect(card.body.at(-1)!.text).toMatch(/^…and \d+ more$/);
    // A tighter budget cuts further and still fits.
    const tight = Buffer.byteLength(JSON.stringify(renderTeamsMessage(oversizedChannelAlert(), 6000)));
    expect(tight).toBeLessThanOrEqual(6000);
  });
});

describe('Teams delivery to a local receiver', () => {
  let receiver: ChatReceiver;
  beforeEach(async () => {
    receiver = await startChatReceiver();
  });
  afterEach(() => receiver.close());

  test('posts the card; 202 Accepted is a delivery; a 500 then 202 is retried once', async () => {
    const path = '/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=s3cr3t';
    receiver.reply(path, { status: 500 }, { status: 202, body: '' });
    const channel = new TeamsChannel(
      { id: 'ops-teams', url: receiver.url(path) },
      { policy: { allowLoopback: true }, backoffMs: 20, pacing: new PacingQueue(0) },
    );
    const [result] = await channel.deliver([seedChannelAlert()]);
    expect(result).toEqual({ alertId: seedChannelAlert().id, ok: true, status: 202, attempts: 2 });
    const bodies = receiver.on(path).map((r) => JSON.parse(r.body) as unknown);
    expect(bodies).toEqual([
      channel.renderAlert(seedChannelAlert()),
      channel.renderAlert(seedChannelAlert()),
    ]);
  });

  test('a hanging workflow is a timeout failure naming the destination, never its URL', async () => {
    const path = '/workflows/abc/triggers/manual/paths/invoke?sig=s3cr3t';
    receiver.reply(path, 'hang');
    const channel = new TeamsChannel(
      { id: 'ops-teams', url: receiver.url(path) },
      { policy: { allowLoopback: true }, timeoutMs: 200, attempts: 1, pacing: new PacingQueue(0) },
    );
    const [result] = await channel.deliver([seedChannelAlert()]);
    expect(result).toMatchObject({
      ok: false,
      retryable: true,
      reason: 'teams destination ops-teams: no answer within 200 ms',
    });
    expect(JSON.stringify(result)).not.toContain('s3cr3t');
  });
});
