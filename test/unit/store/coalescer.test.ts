import { Coalescer } from '../../../shared/store/coalescer';

describe('Coalescer', () => {
  it('packs the items of concurrent callers into full batches and gives each caller its results', async () => {
    const batches: number[][] = [];
    const double = new Coalescer<number, number>(3, String, async (items) => {
      batches.push(items);
      return items.map((n) => n * 2);
    });
    const [a, b, c] = await Promise.all([double.run([1, 2]), double.run([3]), double.run([4, 5, 6, 7])]);
    expect([a, b, c]).toEqual([[2, 4], [6], [8, 10, 12, 14]]);
    expect(batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('never puts two items with the same key in one batch', async () => {
    const batches: string[][] = [];
    const echo = new Coalescer<string, string>(
      25,
      (s) => s.split(':')[0]!,
      async (items) => {
        batches.push(items);
        return items;
      },
    );
    await Promise.all([echo.run(['a:1', 'b:1']), echo.run(['a:2'])]);
    expect(batches).toEqual([['a:1', 'b:1'], ['a:2']]);
  });

  it('rejects the callers of a failed batch only', async () => {
    const flaky = new Coalescer<number, number>(2, String, async (items) => {
      if (items.includes(3)) throw new Error('throttled');
      return items;
    });
    const results = await Promise.allSettled([flaky.run([1, 2]), flaky.run([3])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
  });

  it('answers an empty call at once', async () => {
    const never = new Coalescer<number, number>(2, String, async () => {
      throw new Error('not called');
    });
    await expect(never.run([])).resolves.toEqual([]);
  });
});
