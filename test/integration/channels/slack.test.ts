import { PacingQueue } from '../../../shared/alerts/channels/pacing-queue';
import {
  renderSlackMessage,
  SLACK_LIMITS,
  SlackChannel,
  SLACK_INTERVAL_MS,
} from '../../../shared/alerts/channels/slack';
import { oversizedChannelAlert, seedChannelAlert } from '../../support/channel-alerts';
import { startChatReceiver, type ChatReceiver } from '../../support/chat-receiver';

interface TextObject {
  type: string;
  text: string;
}
interface Block {
  type: string;
  text?: TextObject;
  fields?: TextObject[];
  elements?: TextObject[];
}

/** Every documented limit our messages can reach, checked on a rendered message. */
function expectWithinSlackLimits(message: { text: string; blocks: unknown[] }) {
  const blocks = message.blocks as Block[];
  expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  for (const block of blocks) {
    expect(['section', 'context', 'header', 'divider']).toContain(block.type);
    if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    if (block.fields) {
      expect(block.fields.length).toBeLessThanOrEqual(SLACK_LIMITS.fields);
      for (const f of block.fields) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
    }
    if (block.elements) {
      expect(block.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
      for (const e of block.elements) expect(e.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    }
    const texts = [block.text, ...(block.fields ?? []), ...(block.elements ?? [])].filter(
      Boolean,
    ) as TextObject[];
    for (const t of texts) {
      expect(t.type).toBe('mrkdwn');
      // Slack's control characters appear only as links we made (<https://...|label>).
      expect(t.text.replace(/<https?:\/\/[^<>|\s]+\|[^<>]*>/g, '')).not.toMatch(/[<>]/);
      expect(t.text).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
  }
}

describe('Slack rendering', () => {
  test('headline as a link, watchlist and priority, actors, snippet with the hits in bold', () => {
    const alert = seedChannelAlert();
    const message = renderSlackMessage(alert);
    const blocks = message.blocks as Block[];
    expect(blocks[0]!.text!.text).toBe(`*<${alert.story.link}|${alert.story.title}>*`);
    const context = blocks[1]!.elements!.map((e) => e.text).join(' | ');
    expect(context).toContain('Watchlist: Ukraine peace talks');
    expect(context).toContain('*HIGH*');
    expect(blocks[2]!.fields!.map((f) => f.text)).toEqual([
      '*Actors*\nputin, witkoff',
      '*Terms*\npeace plan',
    ]);
    expect(blocks[3]!.text!.text).toBe(
      'Russian President Vladimir *Putin* will meet US special envoy Steve *Witkoff* in Moscow to discuss a *peace plan* to end the war in Ukraine.',
    );
    // One report: no sources block.
    expect(blocks).toHaveLength(4);
    expect(message.text).toBe(
      'HIGH: [Ukraine peace talks] Putin to meet US envoy Witkoff in Moscow on peace plan',
    );
    expectWithinSlackLimits(message);
  });

  test('&, < and > from feeds are escaped, so a title cannot inject a link or a mention', () => {
    const alert = seedChannelAlert();
    alert.story.title = 'AT&T says <!channel> and <https://evil.example|click> > all';
    const message = renderSlackMessage(alert);
    const headline = (message.blocks as Block[])[0]!.text!.text;
    expect(headline).toBe(
      `*<${alert.story.link}|AT&amp;T says &lt;!channel&gt; and &lt;https://evil.example|click&gt; &gt; all>*`,
    );
    expect(message.text).not.toContain('<!channel>');
  });

  test('an update says so, and the other reports of the development are listed', () => {
    const alert = seedChannelAlert({ update: true });
    alert.sources = [
      ...alert.sources,
      {
        feedId: 'tass',
        storyId: 's2',
        title: 'Путин встретится с Уиткоффом',
        link: 'https://tass.example/2',
      },
      { feedId: 'kyiv', storyId: 's3', title: 'Report & more', link: '' },
    ];
    const message = renderSlackMessage(alert);
    const blocks = message.blocks as Block[];
    expect(message.text.startsWith('Update: HIGH: ')).toBe(true);
    expect(blocks[1]!.elements!.map((e) => e.text).join(' ')).toContain('update: priority raised');
    expect(blocks.at(-1)!.text!.text).toBe(
      '*Also reported by (2)*\n• <https://tass.example/2|Путин встретится с Уиткоффом> (tass)\n• Report &amp; more (kyiv)',
    );
  });

  test('long inputs are cut to fit every limit, escaping included', () => {
    const message = renderSlackMessage(oversizedChannelAlert());
    expectWithinSlackLimits(message);
    const blocks = message.blocks as Block[];
    expect(blocks[0]!.text!.text.endsWith('…>*')).toBe(true);
    expect(blocks[3]!.text!.text).toContain('*Putin*');
    expect(blocks.at(-1)!.text!.text).toMatch(/…and \d+ more$/);
    // A cut never splits an emoji (a lone surrogate would be refused as invalid JSON text by some parsers).
    for (const block of blocks)
      expect(JSON.stringify(block)).not.toMatch(/\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])/i);
  });
});

describe('Slack delivery to a local receiver', () => {
  let receiver: ChatReceiver;
  beforeEach(async () => {
    receiver = await startChatReceiver();
  });
  afterEach(() => receiver.close());
  const local = { policy: { allowLoopback: true }, backoffMs: 20 };

  test('posts the rendered message; two messages to one webhook are paced about a second apart', async () => {
    const url = receiver.url('/services/T1/B1/secret');
    const channel = new SlackChannel(
      { id: 'ops-slack', url },
      { ...local, pacing: new PacingQueue(SLACK_INTERVAL_MS) },
    );
    const alerts = [seedChannelAlert(), seedChannelAlert({ id: 'second:alert' })];
    const results = await channel.deliver(alerts);
    expect(results).toEqual([
      { alertId: alerts[0]!.id, ok: true, status: 200, attempts: 1 },
      { alertId: 'second:alert', ok: true, status: 200, attempts: 1 },
    ]);
    const [first, second] = receiver.on('/services/T1/B1/secret');
    expect(JSON.parse(first!.body)).toEqual(channel.renderAlert(alerts[0]!));
    expect(first!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(SLACK_INTERVAL_MS * 0.9);
  });

  test('one rejected message is its own result; the next one of the batch is still sent', async () => {
    const path = '/services/T1/B1/s3cr3t';
    receiver.reply(path, { status: 400, body: 'invalid_blocks' }, { status: 200, body: 'ok' });
    const channel = new SlackChannel(
      { id: 'ops-slack', url: receiver.url(path) },
      { ...local, pacing: new PacingQueue(0) },
    );
    const [bad, good] = await channel.deliver([seedChannelAlert(), seedChannelAlert({ id: 'b' })]);
    expect(bad).toEqual({
      alertId: seedChannelAlert().id,
      ok: false,
      reason: 'slack destination ops-slack: HTTP 400: invalid_blocks',
      retryable: false,
      status: 400,
      attempts: 1,
    });
    expect(good).toMatchObject({ ok: true });
  });

  test('a 429 from Slack is waited out in the queue, and the batch keeps its order', async () => {
    const path = '/services/T1/B1/x';
    receiver.reply(
      path,
      { status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' },
      { status: 200 },
    );
    const channel = new SlackChannel(
      { id: 'ops-slack', url: receiver.url(path) },
      { ...local, pacing: new PacingQueue(0) },
    );
    const alerts = [seedChannelAlert({ id: 'a' }), seedChannelAlert({ id: 'b' })];
    const results = await channel.deliver(alerts);
    expect(results.map((r) => [r.alertId, r.ok, r.attempts])).toEqual([
      ['a', true, 2],
      ['b', true, 1],
    ]);
    const bodies = receiver.on(path).map((r) => (JSON.parse(r.body) as { text: string }).text);
    expect(bodies).toHaveLength(3);
    expect(receiver.on(path)[1]!.at - receiver.on(path)[0]!.at).toBeGreaterThanOrEqual(900);
  });
});
