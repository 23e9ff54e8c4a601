import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable, localClient } from '../../shared/store/local-store';

/** dynalite in a process of its own (persisted on disk, as in local mode). */
export interface ChildDynalite {
  client: DynamoDBClient;
  /** CPU time the dynalite process has used so far, in milliseconds (Linux). */
  cpuMs(): number;
  tableName: string;
  close(): Promise<void>;
}

/**
 * Starts dynalite as a child process, so the store has a core of its own, as DynamoDB is a
 * service of its own in AWS: the benchmark then measures the pipeline, not the two sharing
 * one event loop.
 */
export async function startChildDynalite(tableName = 'newsalert-bench'): Promise<ChildDynalite> {
  const dir = mkdtempSync(join(tmpdir(), 'newsalert-bench-db-'));
  const cli = require.resolve('dynalite/cli.js');
  // dynalite's CLI reads "--port 0" as its default port, so pick a free one first.
  const free = createServer();
  await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
  const freePort = (free.address() as AddressInfo).port;
  await new Promise((resolve) => free.close(resolve));
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, '--port', String(freePort), '--host', '127.0.0.1', '--path', dir, '--createTableMs', '0'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /:(\d+)\s*$/m.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`dynalite exited with ${code}`)));
  });
  // Never leave a store behind, whatever ends the benchmark.
  process.once('exit', () => child.kill());
  const client = localClient(`http://127.0.0.1:${port}`);
  await ensureTable(client, tableName);
  return {
    client,
    tableName,
    cpuMs: () => {
      try {
        const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        return (Number(fields[11]) + Number(fields[12])) * 10;
      } catch {
        return NaN;
      }
    },
    close: async () => {
      client.destroy();
      child.kill();
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
