/**
 * The delivery's clock (lib/worker/delivery-clock.ts): the wall clock, never going back, its
 * state carried over worker restarts in the delivery state.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { cacheDeliveryState } from '../../lib/worker/delivery-state';
import { createDeliveryClock, INITIAL_CLOCK, readClock, SEEN_AT_WRITE_EVERY_MS } from '../../lib/worker/delivery-clock';
import { deliveryStateItem } from '../../lib/shared/storage';

const NOW = Date.UTC(2026, 11, 6, 9, 0, 0);
const DAY = 24 * 60 * 60_000;

describe('readClock', () => {
  it('follows the wall clock forward, and carries on from the latest time seen when it goes back', () => {
    const first = readClock(INITIAL_CLOCK, NOW);
    expect(first).toEqual({ at: NOW, next: { skew: 0, seenAt: NOW } });
    const later = readClock(first.next, NOW + 5000);
    expect(later.at).toBe(NOW + 5000);
    // The wall clock goes back a day: the delivery's time stays where it was, then moves on with it.
    const setBack = readClock(later.next, NOW + 5000 - DAY);
    expect(setBack).toEqual({ at: NOW + 5000, next: { skew: DAY, seenAt: NOW + 5000 } });
    expect(readClock(setBack.next, NOW + 6000 - DAY).at).toBe(NOW + 6000);
    // And forward again: a jump forward counts as elapsed time (it cannot be told from a closed browser).
    expect(readClock(setBack.next, NOW + 3 * DAY).at).toBe(NOW + 4 * DAY);
  });
});

describe('createDeliveryClock', () => {
  let wall: number;
  beforeEach(() => {
    fakeBrowser.reset();
    wall = NOW;
  });

  it('a worker started after the wall clock went back carries on from the time the last one stored', async () => {
    const first = createDeliveryClock(() => wall, cacheDeliveryState(deliveryStateItem));
    expect(await first.now()).toBe(NOW);
    wall = NOW + SEEN_AT_WRITE_EVERY_MS; // an hour on: the time seen is written
    expect(await first.now()).toBe(NOW + SEEN_AT_WRITE_EVERY_MS);
    await expect.poll(async () => (await deliveryStateItem.get()).clock).toEqual({ skew: 0, seenAt: NOW + SEEN_AT_WRITE_EVERY_MS });

    wall = NOW - DAY;
    const restarted = createDeliveryClock(() => wall, cacheDeliveryState(deliveryStateItem));
    expect(await restarted.now()).toBe(NOW + SEEN_AT_WRITE_EVERY_MS);
    // The skew is stored at once, and an alarm is set in wall-clock time.
    await expect.poll(async () => (await deliveryStateItem.get()).clock?.skew).toBe(DAY + SEEN_AT_WRITE_EVERY_MS);
    expect(restarted.toWall(NOW + SEEN_AT_WRITE_EVERY_MS + 30_000)).toBe(NOW - DAY + 30_000);
  });

  it('writes the time seen once, then at most once an hour', async () => {
    const writes: number[] = [];
    const counted = {
      ...deliveryStateItem,
      set: (value: Parameters<typeof deliveryStateItem.set>[0]) => (writes.push(value.clock?.seenAt ?? -1), deliveryStateItem.set(value)),
    };
    const clock = createDeliveryClock(() => wall, cacheDeliveryState(counted));
    for (let minute = 0; minute <= 60; minute++) {
      wall = NOW + minute * 60_000;
      await clock.now();
    }
    await expect.poll(() => writes).toEqual([NOW, NOW + 60 * 60_000]);
  });
});
