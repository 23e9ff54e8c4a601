import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { StoreError } from '../errors';
import { localClient, startLocalStore, type LocalStore } from './local-store';

/** A local store this process started, or one it attached to. */
export interface OpenedLocalStore extends LocalStore {
  /** True when another process (e.g. `newsalert run`) owns the store and this one talks to it. */
  attached: boolean;
}

interface StoreLock {
  pid: number;
  endpoint: string;
  tableName: string;
}

/** The file in which the process holding a data folder publishes its store's endpoint. */
export function storeLockFile(dataDir: string): string {
  return join(dataDir, 'store.lock.json');
}

/**
 * Opens the local store of `dataDir`. LevelDB lets one process hold a folder, so while
 * `newsalert run` holds it, other commands (watchlists apply, feeds add...) talk to that
 * process's store over its 127.0.0.1 endpoint instead: run-time changes while it runs.
 */
export async function openLocalStore(dataDir: string): Promise<OpenedLocalStore> {
  const lockFile = storeLockFile(dataDir);
  const lock = readLock(lockFile);
  if (lock && lock.pid !== process.pid && isAlive(lock.pid)) {
    const client = localClient(lock.endpoint);
    try {
      await client.send(new DescribeTableCommand({ TableName: lock.tableName }));
    } catch (cause) {
      client.destroy();
      throw new StoreError(
        `${dataDir}: in use by process ${lock.pid}, which does not answer at ${lock.endpoint}; stop that process, or delete ${lockFile} if it is not newsalert`,
        { cause },
      );
    }
    return {
      client,
      tableName: lock.tableName,
      endpoint: lock.endpoint,
      attached: true,
      close: async () => client.destroy(),
    };
  }
  const store = await startLocalStore(dataDir);
  writeFileSync(
    lockFile,
    JSON.stringify({
      pid: process.pid,
      endpoint: store.endpoint,
      tableName: store.tableName,
    } satisfies StoreLock),
  );
  return {
    ...store,
    attached: false,
    close: async () => {
      rmSync(lockFile, { force: true });
      await store.close();
    },
  };
}

function readLock(file: string): StoreLock | undefined {
  try {
    const lock = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoreLock>;
    if (
      typeof lock.pid === 'number' &&
      typeof lock.endpoint === 'string' &&
      typeof lock.tableName === 'string'
    )
      return lock as StoreLock;
  } catch {
    // No lock (or a torn one from a crash): the folder is free.
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
