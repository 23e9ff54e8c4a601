import { describeError, QueueMessageError } from '../errors';
import type { ParseLimits } from '../feeds/parse-feed';
import { parseFeedMessage } from './feed-message';
import type { FeedStateWriter } from './feed-state-writer';
import { pollFeed, type FeedPollResult, type PollDeps } from './poll-feed';

/**
 * The poll stage for one queue message: read the feed it names, poll it, then queue its
 * state (saved after the stories and matches are stored, as the local run does). A feed that
 * fails is not a failed message: its state records the error and the schedule retries it. A
 * message that cannot be read throws {@link QueueMessageError}.
 */
export async function pollFeedMessage(
  body: string,
  messageId: string,
  deps: PollDeps & { states: FeedStateWriter },
): Promise<{ result: FeedPollResult; dispatchedAt: string }> {
  const { feed, dispatchedAt } = parseFeedMessage(body, `message ${messageId}`);
  const result = await pollFeed(feed, deps);
  await deps.states.add(result.state);
  return { result, dispatchedAt };
}

/**
 * Items read per feed and CPU per feed from the environment (`POLL_MAX_ITEMS`,
 * `POLL_FEED_CPU_MS`); unset or not a positive whole number, the parser's defaults.
 */
export function parseLimitsFromEnv(env: Record<string, string | undefined>): ParseLimits {
  const positive = (name: string) => {
    const value = Number(env[name]);
    return Number.isInteger(value) && value > 0 ? value : undefined;
  };
  return { maxItems: positive('POLL_MAX_ITEMS'), cpuBudgetMs: positive('POLL_FEED_CPU_MS') };
}

/**
 * The error a whole poll batch should end with, if any: when every record failed and one of
 * them for a reason other than a malformed message (the table unreachable, a bug), which the
 * poll errors alarm pages on. Malformed messages alone are counted and go to the DLQ after
 * the redrive count instead.
 */
export function batchFailure(records: number, failures: readonly unknown[]): Error | undefined {
  if (records === 0 || failures.length < records) return undefined;
  const cause = failures.find((err) => !(err instanceof QueueMessageError));
  return cause
    ? new Error(`all ${failures.length} records of the batch failed: ${describeError(cause)}`, { cause })
    : undefined;
}
