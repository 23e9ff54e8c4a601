import { describeError } from '../errors';
import type { FeedState } from '../feeds/feed-state';
import type { Repository } from '../store/repository';

/** Feed states saved per batch: a crash loses the bookkeeping of at most this many feeds. */
export const STATE_BATCH = 25;

/**
 * The one way feed states are saved, in AWS and locally: each after its feed's stories and
 * matches are stored, in batches. A failed write is a warning, not an error: the stories are
 * stored, only the bookkeeping is lost, and the feed (still due by its old state) is polled
 * again, its known stories skipped.
 */
export class FeedStateWriter {
  private buffer: FeedState[] = [];
  /** One line per batch that could not be saved. */
  readonly warnings: string[] = [];

  constructor(
    private readonly repository: Pick<Repository, 'putFeedStates'>,
    private readonly batch = STATE_BATCH,
  ) {}

  async add(state: FeedState): Promise<void> {
    this.buffer.push(state);
    if (this.buffer.length >= this.batch) await this.flush();
  }

  async flush(): Promise<void> {
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length === 0) return;
    try {
      await this.repository.putFeedStates(batch);
    } catch (err) {
      this.warnings.push(
        `feed states of ${batch.map((s) => s.feedId).join(', ')} not saved: ${describeError(err)}`,
      );
    }
  }
}
