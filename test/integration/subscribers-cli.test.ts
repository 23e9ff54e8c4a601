import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server';
import { runCli } from '../support/run-cli';

const CONFIG = join(__dirname, '..', '..', 'config');
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:alerts';

describe('newsalert subscribe / subscribers list / unsubscribe (local)', () => {
  const data = mkdtempSync(join(tmpdir(), 'newsalert-subs-'));
  const cli = (...args: string[]) => runCli([...args, '--data', data]);

  it('subscribes, lists (as JSON too) and unsubscribes local subscribers', async () => {
    const email = await cli(
      'subscribe',
      '--email',
      'ops@example.com',
      '--watchlist',
      'ukraine-peace-talks',
      '--min-priority',
      'high',
      '--config',
      CONFIG,
    );
    expect(email.stderr).toBe('');
    expect(email.code).toBe(0);
    expect(email.stdout).toContain('subscribed email ops@example.com (local:1)');
    expect(email.stdout).toContain('receives: watchlist=ukraine-peace-talks priority=high delivery=email');
    const sms = await cli(
      'subscribe',
      '--sms',
      '+14155550100',
      '--actor',
      'putin',
      '--actor',
      'witkoff',
      '--config',
      CONFIG,
    );
    expect(sms.code).toBe(0);

    const list = await cli('subscribers', 'list', '--json');
    expect(JSON.parse(list.stdout)).toEqual([
      {
        id: 'local:1',
        protocol: 'email',
        endpoint: 'ops@example.com',
        status: 'local',
        filterPolicy: { watchlist: ['ukraine-peace-talks'], priority: ['high'], delivery: ['email'] },
      },
      {
        id: 'local:2',
        protocol: 'sms',
        endpoint: '+14155550100',
        status: 'local',
        filterPolicy: { actors: ['putin', 'witkoff'], delivery: ['sms'] },
      },
    ]);
    expect((await cli('subscribers', 'list')).stdout).toMatch(
      /^sms\s+\+14155550100\s+local\s+actors=putin\|witkoff delivery=sms\s+local:2$/m,
    );

    // Subscribing again changes the choice instead of adding a second subscriber.
    expect(
      (await cli('subscribe', '--email', 'ops@example.com', '--daily-digest', '--config', CONFIG)).stdout,
    ).toContain('updated email ops@example.com (local:1)');
    expect((await cli('unsubscribe', '+14155550100')).stdout).toBe(
      'unsubscribed sms +14155550100 (local:2)\n',
    );
    expect(JSON.parse((await cli('subscribers', 'list', '--json')).stdout)).toEqual([
      expect.objectContaining({
        endpoint: 'ops@example.com',
        filterPolicy: { delivery: ['email', 'email-digest'] },
      }),
    ]);
  }, 120_000);

  it.each([
    [
      ['subscribe', '--sms', '555-0100'],
      'error: --sms 555-0100: not an E.164 phone number (expected a plus sign, the country code and the number, no spaces, e.g. +14155550100)\n',
    ],
    [
      ['subscribe', '--email', 'ops@example.com', '--sms', '+14155550100'],
      'error: give one of --email ADDRESS or --sms +E164NUMBER\n',
    ],
    [
      ['subscribe', '--email', 'ops@example.com', '--watchlist', 'ukraine', '--config', CONFIG],
      'error: --watchlist ukraine: no such watchlist (known: ukraine-peace-talks)\n',
    ],
    [
      ['subscribe', '--email', 'ops@example.com', '--min-priority', 'urgent'],
      'error: --min-priority urgent: expected one of low, normal, high\n',
    ],
    [
      ['unsubscribe', 'nobody@example.com'],
      expect.stringMatching(
        /^error: nobody@example\.com: no such subscriber at .*subscriptions\.json \(see `newsalert subscribers list`\)\n$/,
      ),
    ],
  ])('refuses %p with one line and exit code 1', async (args, message) => {
    const { code, stdout, stderr } = await cli(...args);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toEqual(message);
  });

  it('checks the address and the filter policy against SNS limits before calling AWS', async () => {
    const actors = Array.from({ length: 38 }, (_, i) => ['--actor', `a${i}`]).flat();
    // No credentials and no network here: a call to AWS would fail differently (and slowly).
    const env = { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' };
    const tooMany = await runCli(
      [
        'subscribe',
        '--sms',
        '+14155550100',
        '--watchlist',
        'x',
        '--watchlist',
        'y',
        ...actors,
        '--min-priority',
        'normal',
        '--topic-arn',
        TOPIC,
        '--config',
        data,
      ],
      { env },
    );
    expect(tooMany.code).toBe(1);
    expect(tooMany.stderr).toBe(
      'error: the filter policy has 152 value combinations (2 watchlist x 38 actors x 2 priority x 1 delivery); SNS allows at most 150: choose fewer watchlists or actors\n',
    );
    const badArn = await runCli(['subscribers', 'list', '--topic-arn', 'alerts']);
    expect(badArn.stderr).toBe(
      "error: --topic-arn alerts: not an SNS topic ARN (expected arn:aws:sns:REGION:ACCOUNT:NAME, see the stack's TopicArn output)\n",
    );
  });
});

describe('local subscribers in the outbox', () => {
  let server: FeedServer;
  beforeAll(async () => (server = await startFeedServer()));
  afterAll(() => server.close());

  it('each outbox row lists the local subscribers the alert would reach', async () => {
    server.route('/talks.xml', {
      body: rss([
        {
          guid: 'o1',
          title: 'Witkoff and Kushner to join Moscow talks',
          description: 'The US envoy will present the revised peace plan to Putin.',
          link: 'https://news.example.org/o1',
        },
      ]),
    });
    const config = mkdtempSync(join(tmpdir(), 'newsalert-outbox-'));
    writeFileSync(
      join(config, 'feeds.yaml'),
      `feeds:\n  - id: talks\n    url: ${server.url('/talks.xml')}\n`,
    );
    mkdirSync(join(config, 'watchlists'));
    copyFileSync(
      join(CONFIG, 'watchlists', 'ukraine-peace-talks.yaml'),
      join(config, 'watchlists', 'ukraine-peace-talks.yaml'),
    );
    const data = join(config, 'data');
    for (const args of [
      ['--email', 'ops@example.com'],
      ['--sms', '+14155550100', '--actor', 'kushner'],
      ['--sms', '+447700900123', '--actor', 'zelensky'],
      ['--email', 'chief@example.com', '--min-priority', 'high'],
    ]) {
      expect((await runCli(['subscribe', ...args, '--data', data, '--config', config])).code).toBe(0);
    }
    const run = await runCli(['run', '--once', '--config', config, '--data', data]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('to: email:ops@example.com, sms:+14155550100');
    const rows = readFileSync(join(data, 'outbox.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(1);
    expect(rows[0].recipients).toEqual(['email:ops@example.com', 'sms:+14155550100']);
  }, 120_000);
});
