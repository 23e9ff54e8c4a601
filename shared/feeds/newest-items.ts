/**
 * Keeps the `max` newest of a stream of items in memory bounded by `2 * max`, whatever the
 * number of items: a feed of 180,000 tiny items must not hold 180,000 entries. Items without
 * a time count as newest (they are stamped with the fetch time), ties keep document order.
 */
export class NewestItems<T> {
  private kept: { item: T; time: number; index: number }[] = [];
  private seen = 0;

  /** @param max items kept */
  constructor(private readonly max: number) {}

  /** Offers one item; `time` is its epoch milliseconds, or undefined when it has none. */
  add(item: T, time: number | undefined): void {
    this.kept.push({ item, time: time ?? Infinity, index: this.seen++ });
    if (this.kept.length >= this.max * 2) this.trim();
  }

  /** Items offered so far. */
  get count(): number {
    return this.seen;
  }

  /** The newest `max` items, in the order they were offered. */
  items(): T[] {
    this.trim();
    return this.kept.sort((a, b) => a.index - b.index).map((k) => k.item);
  }

  private trim(): void {
    if (this.kept.length <= this.max) return;
    this.kept.sort((a, b) => b.time - a.time || a.index - b.index);
    this.kept.length = this.max;
  }
}
