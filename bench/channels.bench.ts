/**
 * Chat and webhook channels: alerts per second delivered to a local receiver (its own process,
 * answering 200 at once), per channel, rendering, signing, the address guard and the result
 * bookkeeping included. Baselines in the same run: the same pre-rendered bodies POSTed with
 * bare node:http on a keep-alive agent, one at a time and four in flight. Slack is measured
 * unpaced (the cost of the code) and paced as shipped (one message per second per webhook).
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { channelAlertOf, type ChannelAlert } from '../shared/alerts/channels/channel-alert';
import type { ChatChannel } from '../shared/alerts/channels/chat-channel';
import { PacingQueue } from '../shared/alerts/channels/pacing-queue';
import { renderSlackMessage, SlackChannel } from '../shared/alerts/channels/slack';
import { renderTeamsMessage, TeamsChannel } from '../shared/alerts/channels/teams';
import { renderWebhookPayload, WebhookChannel } from '../shared/alerts/channels/webhook';

const ALERTS = Number(process.env.BENCH_ALERTS ?? 2000);

const RECEIVER = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'));
});
server.keepAliveTimeout = 30000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

function alert(i: number): ChannelAlert {
  const summary = `Russian President Vladimir Putin will meet US special envoy Steve Witkoff in Moscow to discuss a peace plan, report ${i}.`;
  const at = summary.indexOf('Putin');
  return channelAlertOf({
    watchlistId: `w${i % 5}`,
    watchlistName: `Watchlist ${i % 5}`,
    actors: ['putin', 'witkoff'],
    terms: ['peace plan'],
    priority: i % 10 === 0 ? 'high' : 'normal',
    matchedAt: '2025-12-01T08:00:00.000Z',
    hits: [{ term: 'Putin', text: 'Putin', field: 'summary', start: at, end: at + 5 }],
    story: {
      id: `story${i}`,
      feedId: 'bench',
      title: `Putin to meet US envoy Witkoff in Moscow on peace plan, story ${i}`,
      summary,
      link: `https://news.example.org/${i}`,
      publishedAt: '2025-12-01T08:00:00.000Z',
      fetchedAt: '2025-12-01T08:00:00.000Z',
    },
    sources: [
      {
        feedId: 'bench',
        storyId: `story${i}`,
        title: 'Putin to meet Witkoff',
        link: `https://news.example.org/${i}`,
      },
      {
        feedId: 'tass',
        storyId: `tass${i}`,
        title: 'Путин встретится с Уиткоффом',
        link: `https://tass.example/${i}`,
      },
    ],
  });
}

const agent = new Agent({ keepAlive: true });
function rawPost(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.end(body);
  });
}

async function inLanes<T>(items: T[], lanes: number, task: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function main() {
  const child = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) =>
    child.stdout.once('data', (d: Buffer) => resolve(Number(d))),
  );
  const url = (path: string) => `http://127.0.0.1:${port}${path}`;
  const alerts = Array.from({ length: ALERTS }, (_, i) => alert(i));
  const local = { policy: { allowLoopback: true } };
  const rate = (ms: number, n = ALERTS) => (n / (ms / 1000)).toFixed(0);

  const bodies = alerts.map((a) => JSON.stringify(renderWebhookPayload(a)));
  const renderUs = (render: (a: ChannelAlert) => unknown) => {
    const started = performance.now();
    for (const a of alerts) JSON.stringify(render(a));
    return ((performance.now() - started) * 1000) / ALERTS;
  };
  const channels: [string, ChatChannel, 'seq' | 'par'][] = [
    [
      'webhook (signed, 4 in flight)',
      new WebhookChannel({ id: 'b', url: url('/hook'), secret: 'bench-secret' }, local),
      'par',
    ],
    [
      'teams (unpaced, one at a time)',
      new TeamsChannel({ id: 'b', url: url('/teams') }, { ...local, pacing: new PacingQueue(0) }),
      'seq',
    ],
    [
      'slack (unpaced, one at a time)',
      new SlackChannel({ id: 'b', url: url('/slack') }, { ...local, pacing: new PacingQueue(0) }),
      'seq',
    ],
  ];
  const runChannel = async (name: string, channel: ChatChannel, batch: ChannelAlert[]) => {
    const results = await channel.deliver(batch);
    const failed = results.filter((r) => !r.ok).length;
    if (failed) throw new Error(`${name}: ${failed} alerts failed`);
  };
  // Warm the connections and the JIT of every path before measuring anything.
  await inLanes(bodies.slice(0, 300), 4, (b) => rawPost(url('/warm'), b));
  for (const [name, channel] of channels) await runChannel(name, channel, alerts.slice(0, 300));

  // Rounds in a rotating order; the median of each, so one slow moment of a shared machine does not decide.
  const ROUNDS = 5;
  const times = new Map<string, number[]>();
  const record = (key: string, ms: number) => times.set(key, [...(times.get(key) ?? []), ms]);
  for (let round = 0; round < ROUNDS; round++) {
    const steps: [string, () => Promise<unknown>][] = [
      ['seq', () => inLanes(bodies, 1, (b) => rawPost(url('/raw'), b))],
      ['par', () => inLanes(bodies, 4, (b) => rawPost(url('/raw'), b))],
      ...channels.map(([name, channel]): [string, () => Promise<unknown>] => [
        name,
        () => runChannel(name, channel, alerts),
      ]),
    ];
    for (let k = 0; k < steps.length; k++) {
      const [key, run] = steps[(k + round) % steps.length]!;
      record(key, await timed(run));
    }
  }
  const median = (key: string) => {
    const sorted = [...times.get(key)!].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  const seqMs = median('seq');
  const parMs = median('par');
  console.log(
    `${ALERTS} alerts per channel, local receiver in its own process (keep-alive, answers 200 at once); median of ${ROUNDS} rounds`,
  );
  console.log(
    `baseline: bare node:http POST of the same bodies: ${rate(seqMs)} /s one at a time, ${rate(parMs)} /s 4 in flight`,
  );
  for (const [name, , lanes] of channels) {
    const ms = median(name);
    const baseline = lanes === 'par' ? parMs : seqMs;
    console.log(
      `${name}: ${rate(ms)} alerts/s (${(ms / baseline).toFixed(2)}x the time of the baseline ${lanes === 'par' ? '4 in flight' : 'one at a time'}, ${((ms * 1000) / ALERTS).toFixed(0)} us per alert)`,
    );
  }
  console.log(
    `render + JSON.stringify alone: webhook ${renderUs(renderWebhookPayload).toFixed(1)} us, teams ${renderUs((a) => renderTeamsMessage(a)).toFixed(1)} us, slack ${renderUs(renderSlackMessage).toFixed(1)} us per alert`,
  );

  const paced = 4;
  const slackMs = await timed(() =>
    new SlackChannel({ id: 'b', url: url('/paced') }, local).deliver(alerts.slice(0, paced)),
  );
  console.log(
    `slack as shipped (paced per webhook): ${paced} alerts in ${slackMs.toFixed(0)} ms, ${(slackMs / (paced - 1)).toFixed(0)} ms between messages (Slack asks for about 1 message per second per webhook)`,
  );
  agent.destroy();
  child.kill();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
