/**
 * The delivery's decisions, pure: what is due and in what order, what stops the queue, when to
 * wake up next, what an attempt's decision writes, and what the rep is told. No storage, no clock,
 * no network: lib/worker/runner.ts and lib/worker/delivery.ts apply what these functions decide.
 */
import type { CaptureOutcome } from '../shared/messages';
import type { DeliveryState } from '../shared/storage';
import type { DeliveryResult } from './api';
import type { OutboxChange, OutboxItem, WaitingEntry } from './outbox-record';
import { expiresAt, expiresWithinNotice, isPastRetention, noticeAt } from './retention';
import { isDue, isRateLimited, type Decision } from './retry-policy';

/** Requests in flight at most, by default. */
export const DEFAULT_CONCURRENCY = 4;

/** Why nothing (more) is sent: the key is missing or refused, or the server asked us to wait. */
export type PauseReason = 'no-key' | 'key-rejected' | 'rate-limited';

/**
 * What delivery answers a capture with: the protocol's outcomes that concern the outbox; `refused`
 * when the rep erased the capture before its request left (nothing captured, nothing kept).
 */
export type DeliveryOutcome = Extract<CaptureOutcome, { state: 'captured' | 'queued' | 'rejected' | 'not-connected' | 'outbox-full' | 'refused' }>;

export interface DrainReport {
  delivered: number;
  /** Got a retryable answer and wait for their backoff. */
  retrying: number;
  needsAttention: number;
  /** Removed unsent after 7 days. */
  expired: number;
  /** Items whose result could not be written (a storage error): left as they were, tried again. */
  failed: number;
  /** Set when the last round sent nothing more because of the key or a 429. */
  pausedBy: PauseReason | null;
  /** What was passed to scheduleWakeUp. */
  nextWakeUpAt: number | null;
}

export const emptyReport = (): DrainReport => ({
  delivered: 0,
  retrying: 0,
  needsAttention: 0,
  expired: 0,
  failed: 0,
  pausedBy: null,
  nextWakeUpAt: null,
});

/**
 * Items past the 7 days (removed even while paused: a promise about what the device keeps), and
 * the due ones in order; with `all` ("Retry now", a key connected), every waiting one is due.
 */
export function planRound(items: readonly OutboxItem[], at: number, all = false): { expired: OutboxItem[]; due: OutboxItem[] } {
  const expired: OutboxItem[] = [];
  const due: OutboxItem[] = [];
  for (const item of items) {
    if (isPastRetention(item.createdAt, at)) expired.push(item);
    else if (item.state === 'waiting' && (all || isDue(item, at))) due.push(item);
  }
  return { expired, due };
}

/** Why nothing may be sent at `at`, if anything stops it. */
export function pauseReason(state: DeliveryState, keyUsable: boolean, at: number): PauseReason | null {
  if (state.keyRejected) return 'key-rejected';
  if (!keyUsable) return 'no-key';
  if (isRateLimited(state.rateLimitedUntil, at)) return 'rate-limited';
  return null;
}

/** 401/403 and 429 concern the key or the account, so they stop the whole queue; the rest, one item. */
export function stopFor(decision: Decision): PauseReason | null {
  if (decision.action === 'pause-queue') return 'key-rejected';
  return decision.action === 'rate-limited' ? 'rate-limited' : null;
}

/** The captures held only by the key (none connected, or refused) that will be removed within a day at `at`. */
export function expiringSoon(waiting: readonly Pick<WaitingEntry, 'createdAt'>[], state: DeliveryState, keyUsable: boolean, at: number): number {
  if (!heldByKey(state, keyUsable)) return 0;
  return waiting.filter((entry) => expiresWithinNotice(entry.createdAt, at)).length;
}

const heldByKey = (state: DeliveryState, keyUsable: boolean): boolean => state.keyRejected || !keyUsable;

/**
 * When the next drain should happen: the earliest retry among waiting items, not before a 429's
 * Retry-After, and no retry while the key is missing or rejected (connecting one calls resume()).
 * Also the next 7-day expiry of any item, paused or not, so that promise holds on an idle device,
 * and, while the key holds them, when the first waiting capture enters its last day (the badge
 * then says so).
 */
export function nextWakeUp(
  { waiting, needsAttention }: { waiting: readonly WaitingEntry[]; needsAttention: readonly Pick<OutboxItem, 'createdAt'>[] },
  state: DeliveryState,
  keyUsable: boolean,
  at: number,
): number | null {
  let next: number | null = null;
  const earlier = (time: number) => (next = next === null ? time : Math.min(next, time));
  for (const item of needsAttention) earlier(expiresAt(item.createdAt));
  const held = heldByKey(state, keyUsable);
  let earliestRetry: number | null = null;
  for (const entry of waiting) {
    earlier(expiresAt(entry.createdAt));
    if (held && noticeAt(entry.createdAt) > at) earlier(noticeAt(entry.createdAt));
    const due = isDue(entry, at) ? at : entry.nextAttemptAt;
    earliestRetry = Math.min(earliestRetry ?? due, due);
  }
  if (!held && earliestRetry !== null) {
    earlier(isRateLimited(state.rateLimitedUntil, at) ? Math.max(earliestRetry, state.rateLimitedUntil ?? earliestRetry) : earliestRetry);
  }
  return next;
}

/** What one attempt's decision writes: the outbox record, the shared state, and which count it adds to. */
export interface Effect {
  change: OutboxChange;
  state: ((state: DeliveryState) => DeliveryState) | null;
  counts: 'delivered' | 'retrying' | 'needsAttention' | null;
}

export function effectOf(item: OutboxItem, attempts: number, decision: Decision): Effect {
  const put = (changes: Partial<OutboxItem>): OutboxChange => ({ kind: 'put', item: { ...item, attempts, ...changes } });
  switch (decision.action) {
    case 'delivered':
      return { change: { kind: 'remove', id: item.id }, state: null, counts: 'delivered' };
    case 'retry':
      return { change: put({ nextAttemptAt: decision.nextAttemptAt, lastError: decision.lastError }), state: null, counts: 'retrying' };
    case 'needs-attention': {
      const change = put({ state: 'needs-attention', rejection: decision.rejection, lastError: decision.lastError });
      return { change, state: null, counts: 'needsAttention' };
    }
    case 'pause-queue':
      // The item is not at fault: it stays due, and goes first once a key is connected again.
      return { change: put({ lastError: decision.lastError }), state: (state) => ({ ...state, keyRejected: true }), counts: null };
    case 'rate-limited': {
      // The whole queue waits (rateLimitedUntil); the item itself waits as long. `attempts` still
      // counts the request: it was made, and a server under load earns a longer backoff.
      const until = decision.until;
      const state = (current: DeliveryState) => ({ ...current, rateLimitedUntil: Math.max(current.rateLimitedUntil ?? until, until) });
      return { change: put({ nextAttemptAt: until, lastError: decision.lastError }), state, counts: null };
    }
  }
}

/** What the person who clicked is told after the first attempt. */
export function captureOutcome(item: OutboxItem, result: DeliveryResult, decision: Decision): DeliveryOutcome {
  if (result.kind === 'delivered') return { state: 'captured', capturedAt: item.payload.capturedAt, existing: result.status === 'existing' };
  if (decision.action === 'needs-attention') return { state: 'rejected', message: decision.rejection.message };
  const stop = stopFor(decision);
  if (stop) return pausedOutcome(stop);
  const offline = result.kind === 'retryable' && (result.reason === 'network' || result.reason === 'timeout');
  return { state: 'queued', reason: offline ? 'offline' : 'server' };
}

/** What a capture stored but not sent is told, when `reason` kept it from being sent. */
export function pausedOutcome(reason: PauseReason | null): DeliveryOutcome {
  if (reason === 'no-key') return { state: 'not-connected' };
  return { state: 'queued', reason: reason ?? 'server' };
}
