/** A counting semaphore: at most `size` holders at once, the others wait in order. */
export class Semaphore {
  private waiting: (() => void)[] = [];
  private held = 0;

  constructor(private readonly size: number) {}

  /** Waits for a free slot and takes it. */
  async acquire(): Promise<void> {
    if (this.held < this.size) {
      this.held++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Gives a slot back, to the longest waiter if there is one. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held--;
  }
}
