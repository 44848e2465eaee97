import { expect, it } from 'vitest';
import { BADGE_COLOURS, badgeView } from '@/lib/worker/badge';

const { attention, waiting } = BADGE_COLOURS;

it.each([
  [{ waiting: 0, needsAttention: 0, keyRejected: false }, '', waiting],
  [{ waiting: 3, needsAttention: 0, keyRejected: false }, '3', waiting],
  [{ waiting: 1500, needsAttention: 0, keyRejected: false }, '999+', waiting],
  // What needs the rep comes first, in red, and reads differently from a count that clears by itself.
  [{ waiting: 3, needsAttention: 2, keyRejected: false }, '!2', attention],
  [{ waiting: 0, needsAttention: 1, keyRejected: false }, '!1', attention],
  [{ waiting: 0, needsAttention: 150, keyRejected: false }, '!99+', attention],
  [{ waiting: 3, needsAttention: 2, keyRejected: true }, '!', attention],
  [{ waiting: 0, needsAttention: 0, keyRejected: true }, '!', attention],
])('badge for %o is %j', (status, text, colour) => {
  expect(badgeView(status)).toEqual({ text, colour });
});
