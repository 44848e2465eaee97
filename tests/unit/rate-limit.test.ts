import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../lib/worker/rate-limit';

describe('rate limiter', () => {
  it('allows `limit` events per window per key, then refuses until the window moves on', () => {
    const limiter = createRateLimiter({ limit: 10, windowMs: 60_000 });
    const results = Array.from({ length: 12 }, (_, i) => limiter.allow(7, 1000 + i));
    expect(results.filter(Boolean)).toHaveLength(10);
    expect(results.slice(10)).toEqual([false, false]);
    // Another tab has its own budget.
    expect(limiter.allow(8, 1020)).toBe(true);
    // A minute after the first one, one place is free again.
    expect(limiter.allow(7, 61_000)).toBe(true);
    expect(limiter.allow(7, 61_000)).toBe(false);
  });

  it('refused events do not extend the wait', () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: 1000 });
    expect(limiter.allow(1, 0)).toBe(true);
    expect(limiter.allow(1, 0)).toBe(true);
    for (let at = 1; at < 1000; at += 10) expect(limiter.allow(1, at)).toBe(false);
    expect(limiter.allow(1, 1000)).toBe(true);
  });

  it('forget() gives a tab a fresh budget; a clock going back does not block a tab', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 1000 });
    expect(limiter.allow(1, 5000)).toBe(true);
    expect(limiter.allow(1, 5001)).toBe(false);
    limiter.forget(1);
    expect(limiter.allow(1, 5002)).toBe(true);
    expect(limiter.allow(1, 100)).toBe(true);
  });
});
