import { describe, expect, it } from 'vitest';
import {
  BACKOFF_MAX_MS,
  backoffDelayMs,
  decide,
  describeFailure,
  isDue,
  isRateLimited,
  longestBackoffMs,
  parseRetryAfterMs,
} from '../../lib/worker/retry-policy';
import { RETENTION_MS, isPastRetention } from '../../lib/worker/retention';

const middle = () => 0.5; // factor 1.0
const lowest = () => 0; // factor 0.8
const highest = () => 0.999_999_9; // factor just under 1.2
const NOW = Date.UTC(2026, 10, 23, 9, 41, 7);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('backoffDelayMs', () => {
  it.each([
    [1, 30_000],
    [2, 60_000],
    [3, 120_000],
    [4, 240_000],
    [7, 1_920_000],
    [8, HOUR], // 3 840 000 capped
    [50, HOUR],
    [10_000, HOUR],
  ])('attempt %i without jitter waits %i ms', (attempt, expected) => {
    expect(backoffDelayMs(attempt, middle)).toBe(expected);
  });

  it('jitters by ±20 %', () => {
    expect(backoffDelayMs(1, lowest)).toBe(24_000);
    expect(backoffDelayMs(1, highest)).toBe(36_000);
    expect(backoffDelayMs(3, () => 0.25)).toBe(108_000);
  });

  it('never exceeds 1 h, whatever the dice; at the cap the jitter only shortens', () => {
    expect(backoffDelayMs(8, highest)).toBe(BACKOFF_MAX_MS);
    expect(backoffDelayMs(8, lowest)).toBe(48 * MINUTE);
    for (let attempt = 1; attempt <= 40; attempt++) {
      for (const dice of [0, 0.3, 0.7, 0.999]) expect(backoffDelayMs(attempt, () => dice)).toBeLessThanOrEqual(HOUR);
    }
  });

  it('treats nonsense input as the gentlest case instead of failing', () => {
    expect(backoffDelayMs(0, middle)).toBe(30_000);
    expect(backoffDelayMs(-3, middle)).toBe(30_000);
    expect(backoffDelayMs(Number.NaN, middle)).toBe(30_000);
    expect(backoffDelayMs(Number.POSITIVE_INFINITY, middle)).toBe(HOUR);
    expect(backoffDelayMs(1, () => Number.NaN)).toBe(30_000);
    expect(backoffDelayMs(1, () => 7)).toBe(36_000);
  });
});

describe('parseRetryAfterMs', () => {
  it.each([
    ['0', 0],
    ['1', 1_000],
    ['120', 120_000],
    [' 30 ', 30_000],
    ['1.5', 1_500],
    ['3600', HOUR],
    ['86400', HOUR], // capped
  ])('reads delta-seconds %j as %i ms', (value, expected) => {
    expect(parseRetryAfterMs(value, NOW)).toBe(expected);
  });

  it('reads an IMF-fixdate relative to now', () => {
    expect(parseRetryAfterMs(new Date(NOW + 90_000).toUTCString(), NOW)).toBe(90_000);
  });

  it('reads the obsolete RFC 850 and asctime forms', () => {
    expect(parseRetryAfterMs('Monday, 23-Nov-26 09:42:07 GMT', NOW)).toBe(MINUTE);
    expect(parseRetryAfterMs('Mon Nov 23 09:43:07 2026', Date.parse('Mon Nov 23 09:41:07 2026'))).toBe(2 * MINUTE);
  });

  it('caps a far date at 1 h', () => {
    expect(parseRetryAfterMs(new Date(NOW + 5 * HOUR).toUTCString(), NOW)).toBe(HOUR);
  });

  it.each([null, '', '   ', '-5', '-0.5', 'soon', '1e3', '0x10', '12abc', '2026-11-24', '+60'])('refuses %j', (value) => {
    expect(parseRetryAfterMs(value, NOW)).toBeNull();
  });

  it('refuses a date already past (a server clock behind ours)', () => {
    expect(parseRetryAfterMs(new Date(NOW - 10_000).toUTCString(), NOW)).toBeNull();
  });
});

describe('a clock that moved: isDue and isRateLimited', () => {
  it('the longest wait after each failure is the backoff with the highest jitter', () => {
    expect([1, 2, 3, 7, 8, 50].map(longestBackoffMs)).toEqual([36_000, 72_000, 144_000, 2_304_000, HOUR, HOUR]);
  });

  it('a due time reached is due; one further away than the longest wait allowed is a clock set back, and due now', () => {
    expect(isDue({ nextAttemptAt: NOW, attempts: 1 }, NOW)).toBe(true);
    expect(isDue({ nextAttemptAt: NOW - 5 * 24 * HOUR, attempts: 1 }, NOW)).toBe(true); // a clock moved forward
    expect(isDue({ nextAttemptAt: NOW + 36_000, attempts: 1 }, NOW)).toBe(false);
    expect(isDue({ nextAttemptAt: NOW + 36_001, attempts: 1 }, NOW)).toBe(true);
    expect(isDue({ nextAttemptAt: NOW + HOUR, attempts: 12 }, NOW)).toBe(false);
    expect(isDue({ nextAttemptAt: NOW + 24 * HOUR, attempts: 12 }, NOW)).toBe(true);
    // A new capture (no attempt yet) is due when made; one dated after now by more than a first wait is too.
    expect(isDue({ nextAttemptAt: NOW + 40_000, attempts: 0 }, NOW)).toBe(true);
  });

  it('a 429 pause holds until its end, unless that end is further than Retry-After may ask (a clock set back)', () => {
    expect(isRateLimited(null, NOW)).toBe(false);
    expect(isRateLimited(NOW, NOW)).toBe(false);
    expect(isRateLimited(NOW + HOUR, NOW)).toBe(true);
    expect(isRateLimited(NOW + HOUR + 1, NOW)).toBe(false);
  });
});

describe('isPastRetention', () => {
  it('keeps a capture for exactly 7 days, and not a millisecond more', () => {
    expect(RETENTION_MS).toBe(7 * 24 * HOUR);
    expect(isPastRetention(NOW, NOW)).toBe(false);
    expect(isPastRetention(NOW, NOW + RETENTION_MS)).toBe(false);
    expect(isPastRetention(NOW, NOW + RETENTION_MS + 1)).toBe(true);
  });

  it('does not expire a capture dated in the future (a clock set back)', () => {
    expect(isPastRetention(NOW + HOUR, NOW)).toBe(false);
  });
});

describe('decide', () => {
  it('delivered → delivered', () => {
    expect(decide({ kind: 'delivered', leadId: 'lead_1', status: 'created', replayed: false }, 1, NOW, middle)).toEqual({
      action: 'delivered',
    });
  });

  it.each([
    ['server-error', 503, 'server-error (HTTP 503)'],
    ['unexpected-response', 404, 'unexpected-response (HTTP 404)'],
    ['timeout', null, 'timeout'],
    ['network', null, 'network'],
  ] as const)('retryable %s → retry after the backoff for this attempt', (reason, httpStatus, lastError) => {
    expect(decide({ kind: 'retryable', reason, httpStatus }, 1, NOW, middle)).toEqual({
      action: 'retry',
      nextAttemptAt: NOW + 30_000,
      lastError,
    });
    expect(decide({ kind: 'retryable', reason, httpStatus }, 3, NOW, lowest)).toMatchObject({
      nextAttemptAt: NOW + 96_000,
    });
  });

  it('rejected → needs attention, with everything the server said', () => {
    const rejected = {
      kind: 'rejected',
      httpStatus: 422,
      code: 'validation_failed',
      message: 'First name too long',
      fields: { firstName: 'too long' },
    } as const;
    expect(decide(rejected, 1, NOW, middle)).toEqual({
      action: 'needs-attention',
      rejection: { httpStatus: 422, code: 'validation_failed', message: 'First name too long', fields: { firstName: 'too long' } },
      lastError: 'rejected (HTTP 422): validation_failed',
    });
  });

  it.each([401, 403] as const)('unauthorized %i → pause the queue', (httpStatus) => {
    expect(decide({ kind: 'unauthorized', httpStatus }, 2, NOW, middle)).toEqual({
      action: 'pause-queue',
      lastError: `unauthorized (HTTP ${httpStatus})`,
    });
  });

  it('rate-limited with Retry-After → the whole queue waits exactly that long', () => {
    expect(decide({ kind: 'rate-limited', retryAfter: '120' }, 1, NOW, highest)).toEqual({
      action: 'rate-limited',
      until: NOW + 120_000,
      lastError: 'rate-limited (HTTP 429)',
    });
  });

  it('rate-limited without a usable Retry-After → our own backoff', () => {
    expect(decide({ kind: 'rate-limited', retryAfter: null }, 1, NOW, middle)).toMatchObject({ until: NOW + 30_000 });
    expect(decide({ kind: 'rate-limited', retryAfter: 'later' }, 2, NOW, middle)).toMatchObject({ until: NOW + 60_000 });
  });
});

describe('describeFailure', () => {
  it('keeps server codes short and never includes the server’s message', () => {
    const description = describeFailure({
      kind: 'rejected',
      httpStatus: 400,
      code: 'x'.repeat(500),
      message: 'Jane Doe is not allowed',
      fields: {},
    });
    expect(description).toBe(`rejected (HTTP 400): ${'x'.repeat(64)}`);
    expect(describeFailure({ kind: 'rejected', httpStatus: null, code: null, message: 'm', fields: {} })).toBe('rejected');
  });
});
