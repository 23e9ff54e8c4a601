import { createHmac, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { tempFolder } from '../support/config-files';
import { startChatReceiver, type ChatReceiver } from '../support/chat-receiver';
import { runCli } from '../support/run-cli';

let receiver: ChatReceiver;
let data: string;
const SECRET = 'whsec-0123456789abcdef';
const LOCAL = { NEWSALERT_ALLOW_LOOPBACK: 'true' };
const cli = (args: string[], env: Record<string, string> = LOCAL) =>
  runCli([...args, '--data', data], { timeoutMs: 60_000, env });

// Written apart from shared/alerts/channels/webhook-signature.ts, the way a receiver would.
function signatureValid(headers: Record<string, unknown>, body: string, secret: string): boolean {
  const timestamp = String(headers['x-newsalert-timestamp']);
  const given = String(headers['x-newsalert-signature']).replace(/^sha256=/, '');
  const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

jest.setTimeout(120_000);

beforeAll(async () => {
  receiver = await startChatReceiver();
  data = join(tempFolder({}), 'data');
});
afterAll(() => receiver.close());

describe('newsalert destinations (local store)', () => {
  it('refuses a loopback URL unless NEWSALERT_ALLOW_LOOPBACK=true, without printing the URL', async () => {
    const url = receiver.url('/hooks/secret-path-token');
    const { code, stdout, stderr } = await cli(
      ['destinations', 'add', 'ops', '--webhook', url, '--secret', SECRET],
      { NEWSALERT_ALLOW_LOOPBACK: 'false' },
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/destination ops .*loopback/);
    expect(stderr).not.toContain('secret-path-token');
    const list = await cli(['destinations', 'list', '--json']);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it('refuses bad input with one line naming what to give', async () => {
    const cases: [string[], RegExp][] = [
      [['--webhook', receiver.url('/a')], /--webhook needs --secret/],
      [['--slack', 'ftp://example.org/x'], /must be https/],
      [
        ['--slack', receiver.url('/a'), '--min-priority', 'urgent'],
        /--min-priority urgent: expected one of low, normal, high/,
      ],
      [['--slack', 'http://10.0.0.7/hook'], /private address/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await cli(['destinations', 'add', 'bad', ...args]);
      expect({ code, line: stderr.trim() }).toEqual({ code: 1, line: expect.stringMatching(message) });
    }
    const removed = await cli(['destinations', 'remove', 'nope']);
    expect(removed.code).toBe(1);
    expect(removed.stderr).toContain('destination nope: no such destination');
  });

  it('adds, lists (redacted), tests (signed, answer printed) and removes destinations', async () => {
    receiver.reply('/hooks/ops-token', { status: 200, body: 'received by ops' });
    const added = await cli([
      'destinations',
      'add',
      'ops',
      '--webhook',
      receiver.url('/hooks/ops-token'),
      '--secret',
      SECRET,
      '--watchlist',
      'talks',
      '--min-priority',
      'high',
      '--lang',
      'en',
      '--lang',
      'uk',
    ]);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('added webhook destination ops');
    expect(added.stdout).toContain('receives: watchlists talks; priority high+; languages en, uk');
    expect(added.stdout).not.toContain('ops-token');

    const slack = await cli([
      'destinations',
      'add',
      'desk',
      '--slack',
      receiver.url('/services/T1/B2/xyzsecret'),
    ]);
    expect(slack.code).toBe(0);

    const list = await cli(['destinations', 'list', '--json']);
    expect(list.code).toBe(0);
    expect(list.stdout).not.toContain('ops-token');
    expect(list.stdout).not.toContain('xyzsecret');
    expect(list.stdout).not.toContain(SECRET);
    const rows = JSON.parse(list.stdout) as Record<string, unknown>[];
    expect(rows.map((r) => [r.id, r.kind, r.url])).toEqual([
      ['desk', 'slack', `${new URL(receiver.url('/')).origin}/***`],
      ['ops', 'webhook', `${new URL(receiver.url('/')).origin}/***`],
    ]);
    expect(rows[1]).toMatchObject({
      signed: true,
      route: { watchlists: ['talks'], minPriority: 'high', langs: ['en', 'uk'] },
    });
    const text = await cli(['destinations', 'list']);
    expect(text.stdout).toMatch(/ops\s+webhook\s+http:\/\/127\.0\.0\.1:\d+\/\*\*\*/);
    expect(text.stdout).not.toContain(SECRET);

    const before = receiver.on('/hooks/ops-token').length;
    const tested = await cli(['destinations', 'test', 'ops']);
    expect(tested.stderr).toBe('');
    expect(tested.code).toBe(0);
    expect(tested.stdout).toContain('answer: HTTP 200 received by ops');
    const got = receiver.on('/hooks/ops-token').slice(before);
    expect(got).toHaveLength(1);
    expect(signatureValid(got[0]!.headers, got[0]!.body, SECRET)).toBe(true);
    expect(signatureValid(got[0]!.headers, got[0]!.body, 'some-other-secret-000')).toBe(false);
    expect(JSON.parse(got[0]!.body)).toMatchObject({
      type: expect.any(String),
      id: expect.stringMatching(/^test:/),
    });

    receiver.reply('/services/T1/B2/xyzsecret', { status: 404, body: 'no_service' });
    const failed = await cli(['destinations', 'test', 'desk']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/slack destination desk: HTTP 404: no_service/);
    expect(failed.stderr).not.toContain('xyzsecret');

    const removed = await cli(['destinations', 'remove', 'desk']);
    expect(removed.stdout).toContain('removed slack destination desk');
    const after = JSON.parse((await cli(['destinations', 'list', '--json'])).stdout) as { id: string }[];
    expect(after.map((d) => d.id)).toEqual(['ops']);
  });
});
