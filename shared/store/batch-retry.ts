import { setTimeout as sleep } from 'node:timers/promises';

/** Splits items into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/**
 * Runs a batch call until nothing is left unprocessed. DynamoDB answers a throttled batch
 * with HTTP 200 and the unprocessed part; retrying at once would be throttled again, so
 * retries back off exponentially (50 ms, 100 ms, ... as the AWS docs advise).
 *
 * @param send sends one batch and returns what was not processed (empty when done)
 * @returns nothing; throws after `attempts` tries with something still unprocessed
 */
export async function untilProcessed<T>(
  batch: T[],
  send: (batch: T[]) => Promise<T[]>,
  describe: (left: number) => Error,
  attempts = 8,
): Promise<void> {
  let left = batch;
  for (let attempt = 0; left.length > 0; attempt++) {
    if (attempt >= attempts) throw describe(left.length);
    if (attempt > 0) await sleep(Math.min(50 * 2 ** (attempt - 1), 2_000));
    left = await send(left);
  }
}
