/**
 * At most `limit` events per key (a tab) in any `windowMs`. Used by the worker to answer a tab's
 * page-status a few times a second at most, to accept at most 10 captures a minute from it, and
 * one bulk capture of a people search page every few seconds (BULK_CAPTURE_LIMIT): a page that
 * floods us costs a map lookup per message, and learns nothing more.
 */
export interface RateLimiter {
  /** Counts one event for `key` at `now` and says whether it is within the limit. */
  allow(key: number, now: number): boolean;
  forget(key: number): void;
}

/**
 * A bulk capture (issue 13) is one action of its own: at most one per tab every 5 s, each of at
 * most MAX_SEARCH_RESULTS people (25), apart from the 10 single captures a minute, which it does
 * not use up.
 */
export const BULK_CAPTURE_LIMIT = { limit: 1, windowMs: 5000 } as const;

/** Tabs tracked at most; the oldest is dropped past this (tabs that closed long ago). */
const MAX_KEYS = 1000;

export function createRateLimiter(options: { limit: number; windowMs: number }): RateLimiter {
  const { limit, windowMs } = options;
  /** Times of the accepted events in the current window, per key, oldest first. */
  const times = new Map<number, number[]>();
  return {
    allow(key, now) {
      const recent = (times.get(key) ?? []).filter((at) => now - at < windowMs && at <= now);
      // Refused events do not count: a flood cannot push the window forward forever.
      const allowed = recent.length < limit;
      if (allowed) recent.push(now);
      times.delete(key); // re-inserted last: Map order is then least recently used first
      times.set(key, recent);
      if (times.size > MAX_KEYS) {
        const oldest = times.keys().next();
        if (!oldest.done) times.delete(oldest.value);
      }
      return allowed;
    },
    forget(key) {
      times.delete(key);
    },
  };
}
