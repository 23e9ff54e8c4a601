import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { startChatReceiver, type ChatReceiver } from '../support/chat-receiver';
import { talksYaml, tempFolder } from '../support/config-files';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server';
import { runCli } from '../support/run-cli';

let feeds: FeedServer;
let receiver: ChatReceiver;
let config: string;
let data: string;
const SECRET = 'run-test-secret-0123456789';
const env = { NEWSALERT_ALLOW_LOOPBACK: 'true' };
const cli = (...args: string[]) => runCli([...args, '--data', data], { timeoutMs: 90_000, env });
const run = () => runCli(['run', '--once', '--config', config, '--data', data], { timeoutMs: 90_000, env });

// A receiver's own check of the signature (not the project's signing code).
const signedBy = (secret: string, r: { headers: Record<string, unknown>; body: string }) =>
  r.headers['x-newsalert-signature'] ===
  `sha256=${createHmac('sha256', secret)
    .update(`${String(r.headers['x-newsalert-timestamp'])}.${r.body}`)
    .digest('hex')}`;

jest.setTimeout(180_000);

beforeAll(async () => {
  feeds = await startFeedServer();
  receiver = await startChatReceiver();
  feeds.route('/wire.xml', {
    body: rss([
      { guid: 'w1', title: 'Putin to meet Witkoff on the peace plan', link: 'https://news.example.org/w1' },
    ]),
  });
  config = tempFolder({
    'feeds.yaml': `feeds:\n  - id: wire\n    url: ${feeds.url('/wire.xml')}\n`,
    'watchlists/talks.yaml': talksYaml(),
  });
  data = join(config, 'data');
});
afterAll(async () => {
  await feeds.close();
  await receiver.close();
});

describe('newsalert run delivers to the stored destinations', () => {
  it('sends each alert once per destination, honours filters, and retries only the destination that failed', async () => {
    const add = async (id: string, path: string, ...more: string[]) => {
      const out = await cli(
        'destinations',
        'add',
        id,
        '--webhook',
        receiver.url(path),
        '--secret',
        SECRET,
        ...more,
      );
      expect({ code: out.code, stderr: out.stderr }).toEqual({ code: 0, stderr: '' });
    };
    await add('ops', '/ops');
    await add('french-desk', '/fr', '--lang', 'fr');
    await add('flaky', '/flaky');
    // Fails every attempt of the first delivery, then takes the alert.
    receiver.reply('/flaky', { status: 503 }, { status: 503 }, { status: 503 }, { status: 200 });

    const first = await run();
    expect(first.stdout).toContain('ALERT [Peace talks] Putin to meet Witkoff on the peace plan');
    const ops = receiver.on('/ops');
    expect(ops).toHaveLength(1);
    expect(signedBy(SECRET, ops[0]!)).toBe(true);
    expect(JSON.parse(ops[0]!.body)).toMatchObject({
      version: 1,
      type: 'alert.created',
      watchlist: { id: 'talks' },
      story: { title: 'Putin to meet Witkoff on the peace plan', link: 'https://news.example.org/w1' },
    });
    expect(receiver.on('/fr')).toHaveLength(0);
    // The three 503s fail the first delivery; the run retries the alert on that destination
    // only (the same alert id), and the destinations that took it are not asked again.
    const flaky = receiver.on('/flaky');
    expect(flaky).toHaveLength(4);
    expect(new Set(flaky.map((r) => JSON.parse(r.body).id))).toEqual(new Set([JSON.parse(ops[0]!.body).id]));
    expect(receiver.on('/ops')).toHaveLength(1);

    // Nothing new in the feed: the next cycle sends nothing to anyone.
    const second = await run();
    expect({ code: second.code, stderr: second.stderr }).toEqual({ code: 0, stderr: '' });
    expect(receiver.received).toHaveLength(5);

    // Each destination's status, as the delivery stage recorded it.
    const list = await cli('destinations', 'list', '--json');
    const status = Object.fromEntries(
      (JSON.parse(list.stdout) as { id: string; status: string; health?: { failures?: number } }[]).map(
        (d) => [d.id, [d.status, d.health?.failures]],
      ),
    );
    expect(status).toEqual({ ops: ['ok', 0], 'french-desk': ['new', undefined], flaky: ['ok', 0] });
  });
});
