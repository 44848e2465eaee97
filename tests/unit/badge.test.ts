import { expect, it } from 'vitest';
import { BADGE_COLOURS, badgeView } from '@/lib/worker/badge';

const { attention, waiting } = BADGE_COLOURS;
const none = { waiting: 0, needsAttention: 0, keyRejected: false, expiringSoon: 0 };

it.each([
  [{ ...none }, '', waiting],
  [{ ...none, waiting: 3 }, '3', waiting],
  [{ ...none, waiting: 1500 }, '999+', waiting],
  // What needs the rep comes first, in red, and reads differently from a count that clears by itself.
  [{ ...none, waiting: 3, needsAttention: 2 }, '!2', attention],
  [{ ...none, needsAttention: 1 }, '!1', attention],
  [{ ...none, needsAttention: 150 }, '!99+', attention],
  [{ ...none, waiting: 3, needsAttention: 2, keyRejected: true }, '!', attention],
  [{ ...none, keyRejected: true }, '!', attention],
  // Waiting for a key with some to be removed within a day: the rep must act, not just count.
  [{ ...none, waiting: 3, expiringSoon: 2 }, '!', attention],
])('badge for %o is %j', (status, text, colour) => {
  expect(badgeView(status)).toEqual({ text, colour });
});
