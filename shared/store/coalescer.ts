/**
 * Gathers the items of concurrent callers into full batches: the pollers of a cycle each have
 * a few matches or story ids, and one request per poller costs far more than the items in it
 * (on DynamoDB, in request units; on dynalite, in time). Items wait at most one turn of the
 * event loop; each caller's promise settles when all its items are done.
 *
 * @typeParam T an item; R what the batch call returns for it
 */
export class Coalescer<T, R> {
  private pending: { item: T; key: string; resolve: (value: R) => void; reject: (err: unknown) => void }[] =
    [];
  private scheduled = false;

  /**
   * @param size the most items in one batch (25 for BatchWriteItem, 100 for BatchGetItem)
   * @param keyOf an item's key: a batch never holds two items with the same key (DynamoDB refuses that)
   * @param send runs one batch; returns one result per item, in order
   */
  constructor(
    private readonly size: number,
    private readonly keyOf: (item: T) => string,
    private readonly send: (items: T[]) => Promise<R[]>,
  ) {}

  /** Adds items to the next batches; resolves with their results, in order. */
  run(items: T[]): Promise<R[]> {
    if (items.length === 0) return Promise.resolve([]);
    const results = items.map(
      (item) =>
        new Promise<R>((resolve, reject) =>
          this.pending.push({ item, key: this.keyOf(item), resolve, reject }),
        ),
    );
    if (this.pending.length >= this.size) this.flush(false);
    if (this.pending.length > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush(true);
      });
    }
    return Promise.all(results);
  }

  /** Sends every full batch (and, when `all`, the last partial one too). */
  private flush(all: boolean): void {
    while (this.pending.length >= this.size || (all && this.pending.length > 0)) {
      const batch: typeof this.pending = [];
      const keys = new Set<string>();
      const rest: typeof this.pending = [];
      for (const entry of this.pending) {
        if (batch.length < this.size && !keys.has(entry.key)) {
          batch.push(entry);
          keys.add(entry.key);
        } else rest.push(entry);
      }
      this.pending = rest;
      this.send(batch.map((e) => e.item)).then(
        (values) => batch.forEach((e, i) => e.resolve(values[i]!)),
        (err) => batch.forEach((e) => e.reject(err)),
      );
    }
  }
}
