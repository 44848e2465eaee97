/**
 * When to try a capture again, and what each API result means for it. Pure: time and randomness
 * are arguments, so every branch is tested with a fixed clock and fixed dice.
 */
import type { Rejection } from '../shared/contract';
import type { DeliveryResult } from './api';

export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_MAX_MS = 60 * 60_000;
/** A Retry-After longer than this is read as this: a server may not park the queue for days. */
export const RETRY_AFTER_MAX_MS = 60 * 60_000;

/**
 * The wait after the `attempt`-th failed attempt: 30 s, 60 s, 120 s… up to 1 h, times a jitter
 * factor in [0.8, 1.2) so that many browsers coming back online do not all retry in step.
 * The cap is applied before the jitter (so the curve stays smooth up to the cap) and again after
 * it (so no wait ever exceeds 1 h); at the cap the jitter therefore only shortens: 48–60 min.
 */
export function backoffDelayMs(attempt: number, random: () => number): number {
  const failures = Number.isNaN(attempt) ? 1 : Math.max(1, Math.floor(attempt));
  const base = Math.min(BACKOFF_BASE_MS * 2 ** (failures - 1), BACKOFF_MAX_MS);
  const dice = random();
  const unit = Number.isFinite(dice) ? Math.min(Math.max(dice, 0), 1) : 0.5;
  return Math.min(Math.round(base * (0.8 + 0.4 * unit)), BACKOFF_MAX_MS);
}

/** The longest wait the policy gives after the `attempt`-th failure (the highest jitter). */
export const longestBackoffMs = (attempt: number): number => backoffDelayMs(attempt, () => 1);

/**
 * Whether an item that has had `attempts` attempts, next due at `nextAttemptAt`, is due at `now`.
 * Due times are absolute, so a clock set back would push them later by the jump: one further away
 * than the longest wait its attempts allow can only come from such a jump, and is due now.
 */
export function isDue({ nextAttemptAt, attempts }: { nextAttemptAt: number; attempts: number }, now: number): boolean {
  return nextAttemptAt <= now || nextAttemptAt - now > longestBackoffMs(attempts);
}

/** Whether a 429's pause until `until` still holds at `now`; one further away than Retry-After may ask for is a clock set back. */
export function isRateLimited(until: number | null, now: number): boolean {
  return until !== null && until > now && until - now <= RETRY_AFTER_MAX_MS;
}

/**
 * How long a 429's `Retry-After` asks us to wait, in ms from `now`: delta-seconds or an
 * HTTP-date, capped at 1 h. Null when absent, garbage, negative or a date already past (a server
 * clock behind ours says nothing usable); the caller then falls back to its own backoff.
 */
export function parseRetryAfterMs(value: string | null, now: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(Math.ceil(Number(text) * 1000), RETRY_AFTER_MAX_MS);
  // Every HTTP-date form (IMF-fixdate, RFC 850, asctime) names its month; requiring a letter
  // keeps Date.parse, which is lenient, from reading "-5" or "2026" as a date.
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at) || at < now) return null;
  return Math.min(at - now, RETRY_AFTER_MAX_MS);
}


export type Decision =
  | { action: 'delivered' }
  /** This item waits until `nextAttemptAt`; the others carry on. */
  | { action: 'retry'; nextAttemptAt: number; lastError: string }
  /** The server refused this body: kept for the user to edit or discard, never retried as is. */
  | { action: 'needs-attention'; rejection: Rejection; lastError: string }
  /** 401/403: the key is at fault, not the item; nothing is sent until a key is connected again. */
  | { action: 'pause-queue'; lastError: string }
  /** 429: the whole queue waits until `until`, this item included. */
  | { action: 'rate-limited'; until: number; lastError: string };

/**
 * A short, stable description of a failure for `OutboxItem.lastError`: status and codes only,
 * never a server message (it may quote the personal data we sent) and never the key.
 */
export function describeFailure(result: Exclude<DeliveryResult, { kind: 'delivered' }>): string {
  const http = (status: number | null) => (status === null ? '' : ` (HTTP ${status})`);
  switch (result.kind) {
    case 'retryable':
      return `${result.reason}${http(result.httpStatus)}`;
    case 'rejected':
      return `rejected${http(result.httpStatus)}${result.code === null ? '' : `: ${result.code.slice(0, 64)}`}`;
    case 'unauthorized':
      return `unauthorized${http(result.httpStatus)}`;
    case 'rate-limited':
      return 'rate-limited (HTTP 429)';
  }
}

/**
 * What to do with an item after an attempt. `attempts` counts the attempts made so far, this one
 * included: after the first failure it is 1, and the wait is 30 s.
 */
export function decide(result: DeliveryResult, attempts: number, now: number, random: () => number): Decision {
  if (result.kind === 'delivered') return { action: 'delivered' };
  const lastError = describeFailure(result);
  switch (result.kind) {
    case 'retryable':
      return { action: 'retry', nextAttemptAt: now + backoffDelayMs(attempts, random), lastError };
    case 'rejected': {
      const { httpStatus, code, message, fields } = result;
      return { action: 'needs-attention', rejection: { httpStatus, code, message, fields }, lastError };
    }
    case 'unauthorized':
      return { action: 'pause-queue', lastError };
    case 'rate-limited': {
      // No usable Retry-After: our own backoff, so a 429 without the header still slows us down.
      const wait = parseRetryAfterMs(result.retryAfter, now) ?? backoffDelayMs(attempts, random);
      return { action: 'rate-limited', until: now + wait, lastError };
    }
  }
}
