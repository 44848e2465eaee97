/**
 * Delivery: moves captures from the outbox to the API so that none is lost and none is sent
 * twice. No Chrome API here: storage, the clock, the dice, the alarm and the API are injected, so
 * every rule below is a unit test with a fake clock.
 *
 * The rules, and why:
 * - A capture is written to the outbox before its first request: a worker killed mid-request
 *   loses nothing, and the retry carries the same Idempotency-Key, so the server cannot create it
 *   twice. The capture in hand is then sent at once, without reading the outbox again.
 * - One drain at a time (per worker). A drain asked for while one runs makes the running one go
 *   round again, so a capture made meanwhile is sent without a second drain racing the first.
 * - Items go out in capture order, at most `concurrency` at once; each item's fate is its own
 *   (a refused or slow one does not hold back the rest), except 401/403 and 429, which concern
 *   the key or the account and therefore stop the whole queue.
 * - Erasure wins: once clearAll() has started, no request that was in flight writes anything
 *   back (no lead-cache entry, no outbox record), whatever it answers.
 * - The outbox's bounds (lib/worker/outbox.ts), its 7-day expiry and its unreadable records
 *   (lib/worker/unreadable-records.ts) hold whatever the queue does.
 * The decisions are pure (lib/worker/scheduler.ts, lib/worker/retry-policy.ts); the single-flight
 * runner (lib/worker/runner.ts) applies them; this module wires them to storage and the API.
 */
import type { DeliveryResult } from './api';
import type { LeadPayload } from '../shared/contract';
import type { CaptureStatus, EditFields } from '../shared/messages';
import { batchOutboxWrites, cacheDeliveryState, readUsableKey, type StateCache } from './delivery-state';
import type { Delivery, DeliveryDeps, DeliveryStatus } from './delivery-api';
import { editedItem, type EditResult } from './edit';
import type { OutboxChange, OutboxItem } from './outbox';
import { removeExpired } from './expiry';
import { decide, type Decision } from './retry-policy';
import { createRunner, type Runner, type ScanResult } from './runner';
import {
  DEFAULT_CONCURRENCY, captureOutcome, effectOf, emptyReport, nextWakeUp, pauseReason, pausedOutcome, planRound, stopFor,
  type DeliveryOutcome, type DrainReport, type PauseReason,
} from './scheduler';

export { DEFAULT_CONCURRENCY, type DeliveryOutcome, type DrainReport, type PauseReason } from './scheduler';
export type { EditResult } from './edit';
export type { Delivery, DeliveryDeps, DeliveryStatus } from './delivery-api';

/** One item on its way, with the key it goes out with. */
interface Job {
  item: OutboxItem;
  key: string;
}

const NETWORK_FAILURE: DeliveryResult = { kind: 'retryable', reason: 'network', httpStatus: null };

class DeliveryCore implements Delivery {
  private readonly state: StateCache;
  private readonly writeResult: (change: OutboxChange) => Promise<void>;
  private readonly runner: Runner<Job>;
  /** capture() calls waiting for their item's first attempt, by item id. */
  private readonly waiters = new Map<string, (outcome: DeliveryOutcome) => void>();
  /** What the session under way (or the last one) did: a drain() resolves with its session's. */
  private report = emptyReport();
  /**
   * How many times the local data was cleared. A request records its result only if no clear
   * started since it went out: the outbox's own writes already refuse to bring back a removed
   * record, and this keeps a delivery landing after "Clear local data" out of the lead cache.
   */
  private erasures = 0;

  constructor(private readonly deps: DeliveryDeps) {
    this.state = cacheDeliveryState(deps.deliveryState);
    this.writeResult = batchOutboxWrites(deps.outbox);
    this.runner = createRunner<Job>({
      concurrency: deps.concurrency ?? DEFAULT_CONCURRENCY,
      idOf: (job) => job.item.id,
      attempt: (job, halt) => this.attempt(job, halt),
      scan: () => this.scan(),
      begin: () => void (this.report = emptyReport()),
      idle: () => this.scheduleNext(),
      dropped: (jobs, reason) =>
        jobs.forEach((job) => {
          this.tell(job.item, statusOf(pausedOutcome(reason)));
          this.settle(job.item.id, pausedOutcome(reason));
        }),
      // Captures whose item was not tried (paused, or stopped by a 401/429) learn why.
      end: () => [...this.waiters.keys()].forEach((id) => this.settle(id, pausedOutcome(this.report.pausedBy))),
    });
  }

  async captureMany(payloads: readonly LeadPayload[]): Promise<DeliveryOutcome[]> {
    const at = this.deps.now();
    // The gate is read while the outbox writes; nothing is sent before the write has committed.
    const [stored, open] = await Promise.all([this.deps.outbox.addMany(payloads, at), this.gate(at)]);
    this.changed();
    const outcomes = stored.map((item) =>
      item ? new Promise<DeliveryOutcome>((resolve) => this.waiters.set(item.id, resolve)) : Promise.resolve<DeliveryOutcome>({ state: 'outbox-full' }),
    );
    const items = stored.filter((item): item is OutboxItem => item !== null);
    for (const item of items) this.tell(item, 'pausedBy' in open ? statusOf(pausedOutcome(open.pausedBy)) : { state: 'sending' }, true);
    if ('pausedBy' in open) {
      for (const item of items) this.settle(item.id, pausedOutcome(open.pausedBy));
      // The alarm for their retry or expiry is set by a drain, which sends nothing while paused.
      if (items.length > 0) void this.drain().catch(() => undefined);
    } else if (items.length > 0) {
      // Failures surface through the outcomes (the session settles every waiter when it ends).
      this.runner.push(items.map((item) => ({ item, key: open.key }))).catch(() => undefined);
    }
    return Promise.all(outcomes);
  }

  async capture(payload: LeadPayload): Promise<DeliveryOutcome> {
    const [outcome] = await this.captureMany([payload]);
    return outcome ?? { state: 'outbox-full' };
  }

  drain(): Promise<DrainReport> {
    const session = this.runner.drain();
    const report = this.report;
    return session.then(() => report);
  }

  async retryNow(): Promise<DrainReport> {
    // Every waiting item becomes due; a 429's Retry-After is still honoured (the server asked
    // for it, and ignoring it only earns another 429), and a rejected key still needs resume().
    await this.deps.outbox.makeDue(this.deps.now());
    return this.drain();
  }

  async resume(): Promise<DrainReport> {
    await this.state.update((current) => ({ ...current, keyRejected: false }));
    this.changed();
    // Connecting a key is the rep's go-ahead, like Retry now: what waited goes out at once
    // rather than at the end of a backoff earned while no usable key was there.
    return this.retryNow();
  }

  async discard(id: string): Promise<boolean> {
    const item = await this.deps.outbox.get(id);
    await this.deps.outbox.remove(id);
    if (item) this.tell(item, { state: 'none' });
    this.changed();
    // A wake-up scheduled for it, if any, finds nothing to do and clears itself.
    return item !== null;
  }

  async edit(id: string, fields: EditFields): Promise<EditResult> {
    const item = await this.deps.outbox.get(id);
    // Only refused items are edited: a waiting one may be in flight right now, and a second
    // body for it could create the lead twice.
    if (!item || item.state !== 'needs-attention') return { ok: false, error: 'not-found' };
    const edited = editedItem(item, fields, this.deps.now());
    if (!edited.ok) return edited;
    if (!(await this.deps.outbox.replace(item.id, edited.item))) return { ok: false, error: 'not-found' };
    this.tell(edited.item, { state: 'sending' }, true);
    this.changed();
    return { ok: true, report: await this.drain() };
  }

  async clearAll(): Promise<void> {
    // First, before any await: results of requests in flight are dropped from now on.
    this.erasures++;
    await this.deps.outbox.clear();
    this.deps.captureStates?.erased();
    // The expired count is a notice about captures this reset also forgets.
    await this.state.update((current) => ({ ...current, expiredCount: 0, unreadableSince: {} }));
    await this.deps.scheduleWakeUp(null);
    this.changed();
  }

  async status(): Promise<DeliveryStatus> {
    const [summary, current] = await Promise.all([this.deps.outbox.summary(), this.state.get()]);
    const until = current.rateLimitedUntil;
    return {
      ...summary,
      expiredCount: current.expiredCount,
      keyRejected: current.keyRejected,
      rateLimitedUntil: until !== null && until > this.deps.now() ? until : null,
    };
  }

  async badge(): Promise<{ waiting: number; keyRejected: boolean }> {
    const [waiting, current] = await Promise.all([this.deps.outbox.waitingCount(), this.state.get()]);
    return { waiting, keyRejected: current.keyRejected };
  }

  private changed(): void {
    try {
      this.deps.onChange?.();
    } catch {
      // A failing badge refresh must not fail a delivery.
    }
  }

  /** Tells the owner of capture states (issue 20); `withPerson` when the item's names are news (stored or edited). */
  private tell(item: OutboxItem, status: CaptureStatus, withPerson = false): void {
    const { profileUrl, firstName, lastName, jobTitle } = item.payload;
    try {
      this.deps.captureStates?.report(profileUrl, status, withPerson ? { firstName, lastName, jobTitle } : undefined);
    } catch {
      // A view failing to follow must not fail a delivery.
    }
  }

  private settle(id: string, outcome: DeliveryOutcome): void {
    const resolve = this.waiters.get(id);
    this.waiters.delete(id);
    resolve?.(outcome);
  }

  /** Why nothing may be sent right now, or the key to send with. */
  private async gate(at: number): Promise<{ key: string } | { pausedBy: PauseReason }> {
    const [current, key] = await Promise.all([this.state.get(), readUsableKey(this.deps.getApiKey)]);
    const pausedBy = pauseReason(current, key !== null, at);
    return pausedBy === null && key !== null ? { key } : { pausedBy: pausedBy ?? 'no-key' };
  }

  /** A drain's look at the outbox: expire, check the gate, hand over what is due. */
  private async scan(): Promise<ScanResult<Job>> {
    this.report.pausedBy = null;
    const at = this.deps.now();
    const { items, corrupt } = await this.deps.outbox.snapshot();
    const { expired, due } = planRound(items, at);
    // Expiry first, and even while paused: the 7-day limit is a promise about what the device keeps.
    const removed = await removeExpired({ outbox: this.deps.outbox, state: this.state }, expired, corrupt, at);
    for (const item of expired) this.tell(item, { state: 'none' });
    this.report.expired += removed;
    if (removed > 0) this.changed();
    const open = await this.gate(at);
    if ('pausedBy' in open) return (this.report.pausedBy = open.pausedBy), open;
    return { jobs: due.map((item) => ({ item, key: open.key })) };
  }

  private async attempt({ item, key }: Job, halt: (reason: PauseReason) => void): Promise<void> {
    const erasuresAtSend = this.erasures;
    this.tell(item, { state: 'sending' });
    // The client never throws; if a replacement does, keep the item rather than lose it.
    const result = await this.deps.api.postLead(key, item.payload, item.id).catch(() => NETWORK_FAILURE);
    const decision = decide(result, item.attempts + 1, this.deps.now(), this.deps.random);
    const stop = stopFor(decision);
    if (stop) {
      halt(stop);
      this.report.pausedBy = stop === 'key-rejected' ? stop : (this.report.pausedBy ?? stop);
    }
    try {
      await this.record(item, result, decision, erasuresAtSend);
    } catch {
      this.report.failed++;
    }
    const outcome = captureOutcome(item, result, decision);
    // Erased meanwhile: nothing of it is told (erasure wins, as for the outbox and the lead cache).
    if (this.erasures === erasuresAtSend) this.tell(item, statusOf(outcome));
    this.changed();
    this.settle(item.id, outcome);
  }

  /** Writes down what one attempt decided; `erasuresAtSend` is `erasures` when it was sent. */
  private async record(item: OutboxItem, result: DeliveryResult, decision: Decision, erasuresAtSend: number): Promise<void> {
    const effect = effectOf(item, item.attempts + 1, decision);
    if (effect.state) await this.state.update(effect.state);
    await this.writeResult(effect.change);
    if (effect.counts) this.report[effect.counts]++;
    // Checked after the await, and the cache write is queued synchronously after the check: a
    // clear that started meanwhile is either seen here or runs its cache clear after this write.
    if (result.kind !== 'delivered' || this.erasures !== erasuresAtSend) return;
    const entry = { capturedAt: item.payload.capturedAt, leadId: result.leadId };
    // Not awaited: the lead is safely on the server and the cache answers lookups at once, so a
    // request slot need not wait for a storage write of the whole cache. The cache only spares a
    // second click; a failed write loses nothing else.
    void this.deps.leadCache.record(item.payload.profileUrl, entry).catch(() => undefined);
  }

  /** The session is idle: the alarm for the next retry or expiry, once every state write has landed. */
  private async scheduleNext(): Promise<void> {
    const [items, current, key] = await Promise.all([this.deps.outbox.list(), this.state.get(), readUsableKey(this.deps.getApiKey)]);
    const at = nextWakeUp(items, current, key !== null);
    await this.deps.scheduleWakeUp(at);
    await this.state.settled();
    this.report.nextWakeUpAt = at;
  }
}

/** A delivery outcome as the capture's state (a capture that was not stored has none). */
function statusOf(outcome: DeliveryOutcome): CaptureStatus {
  switch (outcome.state) {
    case 'captured':
      return { state: 'captured', capturedAt: outcome.capturedAt, existing: outcome.existing };
    case 'queued':
      return { state: 'queued', reason: outcome.reason };
    case 'rejected':
      return { state: 'rejected', message: outcome.message };
    case 'not-connected':
      return { state: 'queued', reason: 'no-key' };
    case 'outbox-full':
      return { state: 'none' };
  }
}

export function createDelivery(deps: DeliveryDeps): Delivery {
  return new DeliveryCore(deps);
}
