import { WindowCounter } from './login-limits';

describe('WindowCounter', () => {
  it('allows `limit` per window, then says how many seconds to wait', () => {
    const c = new WindowCounter(3, 60_000);
    for (let i = 0; i < 3; i++) {
      expect(c.retryAfter('a', 1000)).toBe(0);
      c.add('a', 1000);
    }
    expect(c.retryAfter('a', 1000)).toBe(60);
    expect(c.retryAfter('a', 30_500)).toBe(31);
    expect(c.retryAfter('b', 1000)).toBe(0);
    expect(c.retryAfter('a', 61_000)).toBe(0);
  });

  it('keeps at most maxKeys keys (expired first, then the oldest)', () => {
    const c = new WindowCounter(1, 1000, 100);
    for (let i = 0; i < 1000; i++) c.add(`k${i}`, i);
    expect(c.size).toBeLessThanOrEqual(100);
  });

  it('forgets a key on clear', () => {
    const c = new WindowCounter(1, 1000);
    c.add('a', 0);
    expect(c.retryAfter('a', 0)).toBe(1);
    c.clear('a');
    expect(c.retryAfter('a', 0)).toBe(0);
  });
});
