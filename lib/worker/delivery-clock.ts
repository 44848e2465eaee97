/**
 * The delivery's clock: the wall clock, except that it never goes back. Every time the delivery
 * decides by (when a capture was stored, when it is due, when a 429 ends, when 7 days are past)
 * is read from it, so a wall clock set back does not make a capture wait, or stay, longer by the
 * jump: the delivery carries on from the latest time it had seen, and keeps that difference
 * (`skew`) for as long as the wall clock stays behind.
 *
 * What it cannot see: a wall clock moved *forward* looks exactly like time that passed while the
 * browser was closed or the machine asleep, so it counts as elapsed (which keeps the contract's
 * promise that nothing is retried more than 7 days after its click). And a jump back is measured
 * from the latest time stored, which is written at least every SEEN_AT_WRITE_EVERY_MS while the
 * worker runs and on every other write of the delivery state: what passed between that write and
 * the jump is lost (a day at most while the browser runs, as the daily alarm wakes the worker; the
 * whole time it was closed, if the jump came then).
 */
import type { DeliveryState } from '../shared/storage';
import type { StateCache } from './delivery-state';

export type ClockState = NonNullable<DeliveryState['clock']>;

export const INITIAL_CLOCK: ClockState = { skew: 0, seenAt: 0 };

/** The latest time seen reaches storage at least this often while the worker runs. */
export const SEEN_AT_WRITE_EVERY_MS = 60 * 60_000;

/** Pure: the delivery's time at wall time `wall`, and the clock state that follows. */
export function readClock(state: ClockState, wall: number): { at: number; next: ClockState } {
  // The wall clock went back since the latest time seen: carry on from there.
  const skew = wall + state.skew < state.seenAt ? state.seenAt - wall : state.skew;
  const at = wall + skew;
  return { at, next: { skew, seenAt: Math.max(state.seenAt, at) } };
}

export interface DeliveryClock {
  /** The delivery's time now. */
  now(): Promise<number>;
  /** The wall time at which the delivery's clock reads `at` (for an alarm). */
  toWall(at: number): number;
}

export function createDeliveryClock(wall: () => number, state: StateCache): DeliveryClock {
  let memory: ClockState | null = null;
  return {
    async now() {
      const stored = (await state.get()).clock ?? INITIAL_CLOCK;
      const { at, next } = readClock(memory ?? stored, wall());
      memory = next;
      if (next.skew !== stored.skew || next.seenAt - stored.seenAt >= SEEN_AT_WRITE_EVERY_MS) {
        // Not awaited: the time is right in memory at once; storage only carries it to the next worker.
        void state.update((current) => ({ ...current, clock: next })).catch(() => undefined);
      }
      return at;
    },
    toWall: (at) => at - (memory?.skew ?? 0),
  };
}
