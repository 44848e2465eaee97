/**
 * Wraps an idempotent refresh so that calls made while it runs cost one more run, not one each,
 * and runs start at least `minIntervalMs` apart. The badge and the open popup are refreshed after
 * every delivery; draining 1,000 captures must not read the outbox 1,000 times to redraw them.
 */
export function coalesce(task: () => Promise<void>, options: { now: () => number; minIntervalMs?: number }): () => Promise<void> {
  const { now } = options;
  const minIntervalMs = options.minIntervalMs ?? 0;
  let lastStart = Number.NEGATIVE_INFINITY;
  /** The run that has not started its task yet: every caller until then is served by it. */
  let queued: Promise<void> | null = null;
  /** The run whose task is under way. */
  let running: Promise<void> | null = null;

  const schedule = (after: Promise<void> | null): Promise<void> => {
    const run = async (self: { promise: Promise<void> | null }): Promise<void> => {
      await after?.catch(() => undefined);
      const wait = lastStart + minIntervalMs - now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      queued = null;
      running = self.promise;
      lastStart = now();
      try {
        await task();
      } finally {
        if (running === self.promise) running = null;
      }
    };
    // `run` first awaits, so `self.promise` is set before it is read.
    const self: { promise: Promise<void> | null } = { promise: null };
    self.promise = run(self);
    queued = self.promise;
    return self.promise;
  };

  // A run that starts after this call sees whatever the caller changed; one that is already
  // under way may not, so it gets a follow-up.
  return () => queued ?? schedule(running);
}
