import { expect, it } from 'vitest';
import { badgeText } from '@/lib/worker/badge';

it.each([
  [{ waiting: 0, keyRejected: false }, ''],
  [{ waiting: 3, keyRejected: false }, '3'],
  [{ waiting: 3, keyRejected: true }, '!'],
  [{ waiting: 0, keyRejected: true }, '!'],
  [{ waiting: 1500, keyRejected: false }, '999+'],
])('badge for %o is %j', (status, text) => {
  expect(badgeText(status)).toBe(text);
});
