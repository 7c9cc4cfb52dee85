import { Batches } from './pg-statements';

/** A `send` that records each batch and answers once released (so that items can pile up meanwhile). */
function recorder(fail?: (items: number[]) => Error | null) {
  const batches: number[][] = [];
  const pending: (() => void)[] = [];
  const send = (items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push(items);
      pending.push(() => {
        const e = fail?.(items);
        if (e) reject(e);
        else resolve(items.map((i) => `r${i}`));
      });
    });
  /** Answers the batches sent so far, then lets the next ones be sent. */
  const release = async () => {
    while (pending.length) pending.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { batches, send, release };
}

describe('Batches', () => {
  it('sends an item alone at once, and the items that come meanwhile together in the next batch, each answered its own result', async () => {
    const r = recorder();
    const b = new Batches(r.send);
    const first = b.add(1);
    const rest = [b.add(2), b.add(3), b.add(4)];
    expect(r.batches).toEqual([[1]]);
    await r.release();
    expect(r.batches).toEqual([[1], [2, 3, 4]]);
    await r.release();
    expect(await first).toBe('r1');
    expect(await Promise.all(rest)).toEqual(['r2', 'r3', 'r4']);
    expect(b.counts).toEqual({ batches: 2, items: 4, retried: 0 });
  });

  it('sends at most `max` items a batch', async () => {
    const r = recorder();
    const b = new Batches(r.send, 2);
    const all = [1, 2, 3, 4, 5].map((i) => b.add(i));
    for (let k = 0; k < 4; k++) await r.release();
    expect(r.batches).toEqual([[1], [2, 3], [4, 5]]);
    expect(await Promise.all(all)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
  });

  it('a batch that fails as a whole is sent again item by item: the error reaches only the item that caused it', async () => {
    const r = recorder((items) => (items.includes(3) ? new Error('item 3 is bad') : null));
    const b = new Batches(r.send);
    const first = b.add(1);
    const rest = [2, 3, 4].map((i) => b.add(i).then((v) => v, (e: Error) => e.message));
    for (let k = 0; k < 3; k++) await r.release();
    expect(await first).toBe('r1');
    expect(await Promise.all(rest)).toEqual(['r2', 'item 3 is bad', 'r4']);
    expect(r.batches).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
    expect(b.counts.retried).toBe(1);
  });

  it('an item alone that fails gets its error, and later items are still sent', async () => {
    const r = recorder((items) => (items[0] === 1 ? new Error('no') : null));
    const b = new Batches(r.send);
    const first = b.add(1).catch((e: Error) => e.message);
    await r.release();
    expect(await first).toBe('no');
    const next = b.add(2);
    await r.release();
    expect(await next).toBe('r2');
  });
});
