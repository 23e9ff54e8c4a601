import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from '../shared/errors';

/** What a running `newsalert run` writes into its data folder. */
interface RunLock {
  pid: number;
  startedAt: string;
}

/** The lock file of a data folder: held by the one `newsalert run` (or `demo`) that runs there. */
export function runLockFile(dataDir: string): string {
  return join(dataDir, 'run.lock');
}

/**
 * Takes the data folder for one pipeline run, before the run touches anything in it. The lock
 * file is created exclusively (two runs started at once cannot both get it) and holds the
 * pid; a lock whose process has gone (kill -9, a crash) is taken over. Other commands
 * (`feeds add`, `watchlists apply`...) do not take it: they talk to the running store.
 *
 * @returns a release function (also run when the process exits)
 * @throws StoreError naming the folder and the process when another live run holds it
 */
export function acquireRunLock(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = runLockFile(dataDir);
  const lock: RunLock = { pid: process.pid, startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(lock), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      const holder = readLock(file);
      if (holder && holder.pid !== process.pid && isRunning(holder.pid))
        throw new StoreError(
          `${dataDir}: newsalert run is already running on this data folder (process ${holder.pid}); stop it first, or give another --data folder`,
        );
      // Stale (its process is gone) or torn: take it over.
      rmSync(file, { force: true });
    }
  }
  const release = () => {
    process.off('exit', release);
    if (readLock(file)?.pid === process.pid) rmSync(file, { force: true });
  };
  process.on('exit', release);
  return release;
}

function readLock(file: string): RunLock | undefined {
  try {
    const lock = JSON.parse(readFileSync(file, 'utf8')) as Partial<RunLock>;
    return typeof lock.pid === 'number' ? (lock as RunLock) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `pid` is a live process that can be ours. After a reboot or kill -9 its pid may have
 * been reused; where /proc shows the command line (Linux), a process that is not Node.js
 * running newsalert does not hold the lock.
 */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return /newsalert|node/i.test(cmdline);
  } catch {
    return true;
  }
}
