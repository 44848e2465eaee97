import { expect, it } from 'vitest';
import { coalesce } from '@/lib/shared/coalesce';

it('runs once for a burst of calls made while it runs, then once more to see their changes', async () => {
  let runs = 0;
  let value = 0;
  const seen: number[] = [];
  const refresh = coalesce(async () => {
    runs += 1;
    const snapshot = value;
    await new Promise((resolve) => setTimeout(resolve, 5));
    seen.push(snapshot);
  });
  const first = refresh();
  await Promise.resolve(); // the first run is under way
  await new Promise((resolve) => setTimeout(resolve, 1));
  value = 1000;
  const burst = Array.from({ length: 1000 }, () => refresh());
  await Promise.all([first, ...burst]);
  expect(runs).toBe(2);
  expect(seen).toEqual([0, 1000]); // the last run saw the last change
  await refresh();
  expect(runs).toBe(3);
});

it('keeps going after a failed run', async () => {
  let runs = 0;
  const refresh = coalesce(async () => {
    runs += 1;
    if (runs === 1) throw new Error('badge unavailable');
  });
  const first = refresh();
  const firstFails = expect(first).rejects.toThrow('badge unavailable'); // handled from the start
  await new Promise((resolve) => setTimeout(resolve, 1));
  const second = refresh();
  await firstFails;
  await expect(second).resolves.toBeUndefined();
  expect(runs).toBe(2);
});

it('starts runs at least the minimum interval apart, however they are called', async () => {
  const starts: number[] = [];
  const refresh = coalesce(
    async () => {
      starts.push(Date.now());
    },
    { minIntervalMs: 40 },
  );
  await refresh();
  await Promise.all([refresh(), refresh(), refresh()]);
  await refresh();
  expect(starts).toHaveLength(3);
  for (let i = 1; i < starts.length; i++) expect((starts[i] ?? 0) - (starts[i - 1] ?? 0)).toBeGreaterThanOrEqual(35);
});
