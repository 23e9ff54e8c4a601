import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { talksYaml, tempFolder } from '../support/config-files';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server';
import { runCli } from '../support/run-cli';

// One `newsalert run` per data folder: a second one refuses at once, naming the folder and
// the process that runs, before it reads or writes anything there.
const BIN = join(__dirname, '..', '..', 'bin', 'newsalert.js');
let server: FeedServer;
let config: string;
let first: ChildProcess | undefined;

beforeAll(async () => {
  server = await startFeedServer();
  server.route('/wire.xml', {
    body: rss([{ guid: 'w1', title: 'Putin to meet Witkoff on the peace plan' }]),
  });
  config = tempFolder({
    'feeds.yaml': `feeds:\n  - id: wire\n    url: ${server.url('/wire.xml')}\n`,
    'watchlists/talks.yaml': talksYaml(),
  });
});
afterAll(async () => {
  if (first && first.exitCode === null) first.kill('SIGTERM');
  await server.close();
});

/** Starts `newsalert run` and resolves once its first cycle has printed its summary. */
function startRun(data: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [BIN, 'run', '--config', config, '--data', data, '--interval', '60'],
      {
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no cycle: ${output}`)), 40_000);
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes('next cycle in')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', () => reject(new Error(`exited: ${output}`)));
  });
}

test('a second run on the same data folder refuses with one line naming the folder and the process', async () => {
  const data = join(config, 'data');
  first = await startRun(data);
  const outbox = join(data, 'outbox.jsonl');
  const before = readFileSync(outbox, 'utf8');
  const started = Date.now();
  const second = await runCli(['run', '--once', '--config', config, '--data', data]);
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(second.code).toBe(1);
  expect(second.stdout).toBe('');
  expect(second.stderr).toBe(
    `error: ${data}: newsalert run is already running on this data folder (process ${first.pid}); stop it first, or give another --data folder\n`,
  );
  // Nothing touched: the first run's outbox is as it was.
  expect(readFileSync(outbox, 'utf8')).toBe(before);

  // Other commands still work beside the running one.
  expect((await runCli(['feeds', 'list', '--data', data])).code).toBe(0);

  const exited = new Promise((resolve) => first!.once('exit', resolve));
  first.kill('SIGTERM');
  await exited;
  expect(existsSync(join(data, 'run.lock'))).toBe(false);
  const third = await runCli(['run', '--once', '--config', config, '--data', data], { timeoutMs: 60_000 });
  expect({ code: third.code, stderr: third.stderr }).toEqual({ code: 0, stderr: '' });
}, 120_000);

test('a lock left by a process that died (kill -9) is taken over', async () => {
  const data = join(config, 'data-stale');
  // A pid that surely ran and has exited.
  const dead = spawnSync(process.execPath, [
    '-e',
    'process.stdout.write(String(process.pid))',
  ]).stdout.toString();
  mkdirSync(data, { recursive: true });
  writeFileSync(
    join(data, 'run.lock'),
    JSON.stringify({ pid: Number(dead), startedAt: new Date().toISOString() }),
  );
  const run = await runCli(['run', '--once', '--config', config, '--data', data], { timeoutMs: 60_000 });
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  expect(statSync(join(data, 'outbox.jsonl')).size).toBeGreaterThan(0);
}, 60_000);
