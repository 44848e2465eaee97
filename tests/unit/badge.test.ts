import { expect, it } from 'vitest';
import { badgeColor, badgeText } from '@/lib/worker/badge';

it.each([
  [{ waiting: 0, keyRejected: false, expiringSoon: 0 }, '', '#4338CA'],
  [{ waiting: 3, keyRejected: false, expiringSoon: 0 }, '3', '#4338CA'],
  [{ waiting: 3, keyRejected: true, expiringSoon: 0 }, '!', '#B91C1C'],
  [{ waiting: 0, keyRejected: true, expiringSoon: 0 }, '!', '#B91C1C'],
  [{ waiting: 1500, keyRejected: false, expiringSoon: 0 }, '999+', '#4338CA'],
  // Waiting for a key with some to be removed within a day: the rep must act, not just count.
  [{ waiting: 3, keyRejected: false, expiringSoon: 2 }, '!', '#B91C1C'],
])('badge for %o is %j', (status, text, color) => {
  expect(badgeText(status)).toBe(text);
  expect(badgeColor(status)).toBe(color);
});
