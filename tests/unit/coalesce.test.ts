import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { coalesce } from '@/lib/shared/coalesce';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const now = () => Date.now();

it('runs once for a burst of calls made while it runs, then once more to see their changes', async () => {
  let runs = 0;
  let value = 0;
  const seen: number[] = [];
  const refresh = coalesce(
    async () => {
      runs += 1;
      const snapshot = value;
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push(snapshot);
    },
    { now },
  );
  const first = refresh();
  await vi.advanceTimersByTimeAsync(1); // the first run is under way
  value = 1000;
  const burst = Array.from({ length: 1000 }, () => refresh());
  await vi.runAllTimersAsync();
  await Promise.all([first, ...burst]);
  expect(runs).toBe(2);
  expect(seen).toEqual([0, 1000]); // the last run saw the last change
  const again = refresh();
  await vi.runAllTimersAsync();
  await again;
  expect(runs).toBe(3);
});

it('keeps going after a failed run', async () => {
  let runs = 0;
  const refresh = coalesce(
    async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (runs === 1) throw new Error('badge unavailable');
    },
    { now },
  );
  const first = refresh();
  const firstFails = expect(first).rejects.toThrow('badge unavailable'); // handled from the start
  await vi.advanceTimersByTimeAsync(1);
  const second = refresh();
  await vi.runAllTimersAsync();
  await firstFails;
  await expect(second).resolves.toBeUndefined();
  expect(runs).toBe(2);
});

it('starts runs at least the minimum interval apart, however they are called, on the clock it is given', async () => {
  const starts: number[] = [];
  const refresh = coalesce(
    async () => {
      starts.push(Date.now());
    },
    { now, minIntervalMs: 40 },
  );
  const started = Date.now();
  await refresh();
  const burst = Promise.all([refresh(), refresh(), refresh()]);
  await vi.runAllTimersAsync();
  await burst;
  const last = refresh();
  await vi.runAllTimersAsync();
  await last;
  expect(starts.map((at) => at - started)).toEqual([0, 40, 80]);
});
