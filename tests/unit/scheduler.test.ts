import { describe, expect, it } from 'vitest';
import type { DeliveryResult } from '../../lib/worker/api';
import type { OutboxItem } from '../../lib/worker/outbox';
import { newItem } from '../../lib/worker/outbox-record';
import { EXPIRY_NOTICE_MS, RETENTION_MS } from '../../lib/worker/retention';
import { decide } from '../../lib/worker/retry-policy';
import { captureOutcome, effectOf, expiringSoon, nextWakeUp, pauseReason, pausedOutcome, planRound, stopFor } from '../../lib/worker/scheduler';
import { DEFAULT_DELIVERY_STATE } from '../../lib/shared/storage';

const NOW = Date.UTC(2026, 10, 23, 9, 41, 7);
const payload = (slug: string) => ({
  source: 'linkedin' as const,
  profileUrl: `https://www.linkedin.com/in/${slug}`,
  firstName: 'Jane',
  lastName: 'Doe',
  jobTitle: null,
  capturedAt: new Date(NOW).toISOString(),
});
const item = (slug: string, changes: Partial<OutboxItem> = {}): OutboxItem => ({
  ...newItem(payload(slug), NOW, `00000000-0000-4000-8000-${slug.padStart(12, '0')}`),
  ...changes,
});
const state = DEFAULT_DELIVERY_STATE;

describe('planRound', () => {
  it('keeps the given order, takes the due waiting items, and sets aside those past the 7 days', () => {
    const old = item('1', { createdAt: NOW - RETENTION_MS - 1 });
    const due = item('2');
    const later = item('3', { nextAttemptAt: NOW + 1 });
    const refused = item('4', { state: 'needs-attention' });
    const alsoDue = item('5', { nextAttemptAt: NOW - 1000 });
    expect(planRound([old, due, later, refused, alsoDue], NOW)).toEqual({ expired: [old], due: [due, alsoDue] });
    // "Retry now", or a key just connected: every waiting item is due, refused ones still wait for the rep.
    expect(planRound([old, due, later, refused, alsoDue], NOW, true)).toEqual({ expired: [old], due: [due, later, alsoDue] });
  });

  it('a due time further away than the policy allows (a clock set back) is due now', () => {
    // After one failure the longest wait is 36 s (30 s + 20 % jitter); after eight or more, 1 h.
    const setBack = item('1', { attempts: 1, nextAttemptAt: NOW + 36_001 });
    const inTime = item('2', { attempts: 1, nextAttemptAt: NOW + 36_000 });
    const longWait = item('3', { attempts: 9, nextAttemptAt: NOW + 59 * 60_000 });
    expect(planRound([setBack, inTime, longWait], NOW).due).toEqual([setBack]);
  });
});

describe('pauseReason and stopFor', () => {
  it('a rejected key first, then no key, then a 429 still running', () => {
    expect(pauseReason({ ...state, keyRejected: true, rateLimitedUntil: NOW + 1 }, false, NOW)).toBe('key-rejected');
    expect(pauseReason({ ...state, rateLimitedUntil: NOW + 1 }, false, NOW)).toBe('no-key');
    expect(pauseReason({ ...state, rateLimitedUntil: NOW + 1 }, true, NOW)).toBe('rate-limited');
    expect(pauseReason({ ...state, rateLimitedUntil: NOW }, true, NOW)).toBeNull();
  });

  it('only 401/403 and 429 stop the queue', () => {
    const decision = (result: DeliveryResult) => decide(result, 1, NOW, () => 0.5);
    expect(stopFor(decision({ kind: 'unauthorized', httpStatus: 403 }))).toBe('key-rejected');
    expect(stopFor(decision({ kind: 'rate-limited', retryAfter: '1' }))).toBe('rate-limited');
    expect(stopFor(decision({ kind: 'retryable', reason: 'server-error', httpStatus: 500 }))).toBeNull();
    expect(stopFor(decision({ kind: 'rejected', httpStatus: 422, code: null, message: null, fields: {} }))).toBeNull();
  });
});

describe('nextWakeUp', () => {
  const entry = (slug: string, changes: Partial<OutboxItem> = {}) => {
    const { id, payload: { profileUrl }, createdAt, nextAttemptAt, attempts } = item(slug, changes);
    return { id, profileUrl, createdAt, nextAttemptAt, attempts };
  };
  const plan = (waiting: ReturnType<typeof entry>[], needsAttention: OutboxItem[] = []) => ({ waiting, needsAttention });

  it('the earliest retry, not before a 429 ends, and every expiry; no retry without a usable key', () => {
    const waiting = [entry('1', { nextAttemptAt: NOW + 30_000 }), entry('2', { nextAttemptAt: NOW + 10_000, createdAt: NOW - RETENTION_MS + 5_000 })];
    expect(nextWakeUp(plan(waiting), state, true, NOW)).toBe(NOW + 5_001);
    const fresh = [entry('1', { nextAttemptAt: NOW + 30_000 })];
    expect(nextWakeUp(plan(fresh), state, true, NOW)).toBe(NOW + 30_000);
    expect(nextWakeUp(plan(fresh), { ...state, rateLimitedUntil: NOW + 60_000 }, true, NOW)).toBe(NOW + 60_000);
    expect(nextWakeUp(plan([]), state, true, NOW)).toBeNull();
    expect(nextWakeUp(plan([], [item('9', { state: 'needs-attention' })]), state, true, NOW)).toBe(NOW + RETENTION_MS + 1);
  });

  it('while the key holds them: no retry, but the day before the first expiry, to tell the rep', () => {
    const fresh = [entry('1', { nextAttemptAt: NOW + 30_000 })];
    expect(nextWakeUp(plan(fresh), state, false, NOW)).toBe(NOW + RETENTION_MS + 1 - EXPIRY_NOTICE_MS);
    expect(nextWakeUp(plan(fresh), { ...state, keyRejected: true }, true, NOW)).toBe(NOW + RETENTION_MS + 1 - EXPIRY_NOTICE_MS);
    // Once in its last day, the next time is its expiry.
    expect(nextWakeUp(plan(fresh), state, false, NOW + RETENTION_MS - 1000)).toBe(NOW + RETENTION_MS + 1);
  });

  it('a retry or a 429 further away than the policy allows (a clock set back) is planned for now', () => {
    const setBack = [entry('1', { attempts: 1, nextAttemptAt: NOW + 24 * 60 * 60_000 })];
    expect(nextWakeUp(plan(setBack), state, true, NOW)).toBe(NOW);
    const due = [entry('1')];
    expect(nextWakeUp(plan(due), { ...state, rateLimitedUntil: NOW + 2 * 60 * 60_000 }, true, NOW)).toBe(NOW);
  });
});

describe('expiringSoon', () => {
  it('counts the waiting captures in their last day, only while the key holds them', () => {
    const waiting = [{ createdAt: NOW - RETENTION_MS + 1000 }, { createdAt: NOW - RETENTION_MS + EXPIRY_NOTICE_MS + 1000 }, { createdAt: NOW }];
    expect(expiringSoon(waiting, state, false, NOW)).toBe(1);
    expect(expiringSoon(waiting, { ...state, keyRejected: true }, true, NOW)).toBe(1);
    expect(expiringSoon(waiting, state, true, NOW)).toBe(0);
    // Two seconds on, the first is past its 7 days (a drain removes it) and the second is in its last day.
    expect(expiringSoon(waiting, state, false, NOW + 2000)).toBe(1);
    expect(expiringSoon(waiting.slice(1), state, false, NOW + 999)).toBe(0);
  });
});

describe('effectOf and captureOutcome', () => {
  const attempt = (result: DeliveryResult) => {
    const queued = item('1');
    const decision = decide(result, 1, NOW, () => 0.5);
    return { effect: effectOf(queued, 1, decision), outcome: captureOutcome(queued, result, decision) };
  };

  it('delivered: the record goes, the rep is told when it was captured', () => {
    expect(attempt({ kind: 'delivered', leadId: 'lead_1', status: 'existing', replayed: false })).toEqual({
      effect: { change: { kind: 'remove', id: item('1').id }, state: null, counts: 'delivered' },
      outcome: { state: 'captured', capturedAt: item('1').payload.capturedAt, existing: true },
    });
  });

  it('a 5xx: the item waits its backoff; offline and timeouts read as offline', () => {
    const { effect, outcome } = attempt({ kind: 'retryable', reason: 'server-error', httpStatus: 503 });
    expect(effect).toMatchObject({ change: { kind: 'put', item: { attempts: 1, nextAttemptAt: NOW + 30_000 } }, state: null, counts: 'retrying' });
    expect(outcome).toEqual({ state: 'queued', reason: 'server' });
    expect(attempt({ kind: 'retryable', reason: 'timeout', httpStatus: null }).outcome).toEqual({ state: 'queued', reason: 'offline' });
  });

  it('a 422: kept for the rep with the server’s words', () => {
    const { effect, outcome } = attempt({ kind: 'rejected', httpStatus: 422, code: 'bad', message: 'No.', fields: { firstName: 'x' } });
    expect(effect).toMatchObject({
      change: { kind: 'put', item: { state: 'needs-attention', rejection: { httpStatus: 422, code: 'bad', message: 'No.', fields: { firstName: 'x' } } } },
      counts: 'needsAttention',
    });
    expect(outcome).toEqual({ state: 'rejected', message: 'No.' });
  });

  it('a 401 marks the key rejected and leaves the item due; a 429 holds the queue and the item until Retry-After', () => {
    const rejected = attempt({ kind: 'unauthorized', httpStatus: 401 });
    expect(rejected.effect.change).toMatchObject({ kind: 'put', item: { attempts: 1, nextAttemptAt: NOW } });
    expect(rejected.effect.state?.(state)).toEqual({ ...state, keyRejected: true });
    expect(rejected.outcome).toEqual({ state: 'queued', reason: 'key-rejected' });

    const limited = attempt({ kind: 'rate-limited', retryAfter: '2' });
    expect(limited.effect.change).toMatchObject({ kind: 'put', item: { nextAttemptAt: NOW + 2000 } });
    expect(limited.effect.state?.({ ...state, rateLimitedUntil: NOW + 5000 })).toEqual({ ...state, rateLimitedUntil: NOW + 5000 });
    expect(limited.effect.state?.(state)).toEqual({ ...state, rateLimitedUntil: NOW + 2000 });
    expect(limited.outcome).toEqual({ state: 'queued', reason: 'rate-limited' });
  });

  it('a capture kept from being sent is told why: no key reads as not connected', () => {
    expect(pausedOutcome('no-key')).toEqual({ state: 'not-connected' });
    expect(pausedOutcome('key-rejected')).toEqual({ state: 'queued', reason: 'key-rejected' });
    expect(pausedOutcome(null)).toEqual({ state: 'queued', reason: 'server' });
  });
});
