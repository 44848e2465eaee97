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
 *   round again, so a capture made meanwhile is sent without a second drain racing the first. A
 *   drain reads the outbox once; what comes after (the next wake-up, the popup) is answered from
 *   the outbox's memory.
 * - Items go out in capture order, at most `concurrency` at once; each item's fate is its own
 *   (a refused or slow one does not hold back the rest), except 401/403 and 429, which concern
 *   the key or the account and therefore stop the whole queue.
 * - Erasure wins: once the rep has erased (Clear local data, disconnect and delete, or Discard),
 *   nothing erased is sent, written, cached, counted or told afterwards. Jobs waiting in memory
 *   are dropped at once; a request already on the wire may complete, and writes nothing back.
 * - Time is the delivery's clock (lib/worker/delivery-clock.ts), which never goes back; a due
 *   time further away than the policy allows is due now (lib/worker/retry-policy.ts `isDue`).
 * - The 7 days (lib/worker/retention.ts) hold whatever the queue does, and a capture held by the
 *   key is announced a day before it is removed.
 * The decisions are pure (lib/worker/scheduler.ts, lib/worker/retry-policy.ts); the single-flight
 * runner (lib/worker/runner.ts) applies them; this module wires them to storage and the API.
 */
import type { DeliveryResult } from './api';
import type { BadgeStatus } from './badge';
import type { LeadPayload } from '../shared/contract';
import type { CaptureStatus, CapturedPerson, EditFields } from '../shared/messages';
import type { DeliveryState } from '../shared/storage';
import { createDeliveryClock, type DeliveryClock } from './delivery-clock';
import { batchOutboxWrites, cacheDeliveryState, readUsableKey, type StateCache } from './delivery-state';
import type { Delivery, DeliveryDeps, DeliveryStatus } from './delivery-api';
import { editedItem, type EditResult } from './edit';
import type { OutboxChange, OutboxItem, OutboxSummary } from './outbox';
import { removeExpired } from './retention';
import { decide, isRateLimited, type Decision } from './retry-policy';
import { createRunner, type Runner, type ScanResult } from './runner';
import {
  DEFAULT_CONCURRENCY, captureOutcome, effectOf, emptyReport, expiringSoon, nextWakeUp, pauseReason, pausedOutcome, planRound, stopFor,
  type DeliveryOutcome, type DrainReport, type PauseReason,
} from './scheduler';

export { DEFAULT_CONCURRENCY, type DeliveryOutcome, type DrainReport, type PauseReason } from './scheduler';
export type { EditResult } from './edit';
export type { Delivery, DeliveryDeps, DeliveryStatus } from './delivery-api';

/** One item on its way, with the key it goes out with and the erasure count when it was handed over. */
interface Job {
  item: OutboxItem;
  key: string;
  erasures: number;
}

const NETWORK_FAILURE: DeliveryResult = { kind: 'retryable', reason: 'network', httpStatus: null };
/** What a capture erased before its request left is told: nothing was captured, nothing is kept. */
const ERASED: DeliveryOutcome = { state: 'refused' };

class DeliveryCore implements Delivery {
  private readonly state: StateCache;
  private readonly clock: DeliveryClock;
  private readonly writeResult: (change: OutboxChange) => Promise<void>;
  private readonly runner: Runner<Job>;
  /** capture() calls waiting for their item's first attempt, by item id. */
  private readonly waiters = new Map<string, (outcome: DeliveryOutcome) => void>();
  /** What the session under way (or the last one) did: a drain() resolves with its session's. */
  private report = emptyReport();
  /** How many times everything was erased (Clear local data; disconnect and delete). */
  private erasures = 0;
  /** Items the rep discarded in this worker: never sent, written or told again. */
  private readonly discarded = new Set<string>();
  /** "Retry now", or a key connected: scans take every waiting item until a session ends unstopped. */
  private allDue = false;

  constructor(private readonly deps: DeliveryDeps) {
    this.state = cacheDeliveryState(deps.deliveryState);
    this.clock = createDeliveryClock(deps.now, this.state);
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
          this.tell(job.erasures, job.item, statusOf(pausedOutcome(reason)));
          this.settle(job.item.id, pausedOutcome(reason));
        }),
      end: () => {
        // Captures whose item was not tried (paused, or stopped by a 401/429) learn why.
        for (const id of [...this.waiters.keys()]) this.settle(id, pausedOutcome(this.report.pausedBy));
        // "Retry now" holds until a session has sent what was due: a 429 or a key refused in
        // between leaves it for the drain that follows the pause.
        if (this.report.pausedBy === null) this.allDue = false;
      },
    });
  }

  async captureMany(payloads: readonly LeadPayload[]): Promise<DeliveryOutcome[]> {
    let erasures = this.erasures;
    const at = await this.clock.now();
    // The gate is read while the outbox writes; nothing is sent before the write has committed.
    const [stored, open] = await Promise.all([this.deps.outbox.addMany(payloads, at), this.gate(at)]);
    // Erased while being written: only what the outbox still holds (stored after the erasure) goes on.
    let kept: ReadonlySet<string> | null = null;
    while (erasures !== this.erasures) {
      erasures = this.erasures;
      kept = new Set((await this.deps.outbox.summary()).waiting.map((entry) => entry.id));
    }
    this.changed();
    const outcomes = stored.map((item) => {
      if (!item) return Promise.resolve<DeliveryOutcome>({ state: 'outbox-full' });
      if (kept && !kept.has(item.id)) return Promise.resolve(ERASED);
      return new Promise<DeliveryOutcome>((resolve) => this.waiters.set(item.id, resolve));
    });
    const items = stored.filter((item): item is OutboxItem => item !== null && (!kept || kept.has(item.id)));
    for (const item of items) this.tell(erasures, item, 'pausedBy' in open ? statusOf(pausedOutcome(open.pausedBy)) : { state: 'sending' }, true);
    if ('pausedBy' in open) {
      for (const item of items) this.settle(item.id, pausedOutcome(open.pausedBy));
      // The alarm for their retry or expiry is set by a drain, which sends nothing while paused.
      if (items.length > 0) void this.drain().catch(() => undefined);
    } else if (items.length > 0) {
      // Failures surface through the outcomes (the session settles every waiter when it ends).
      this.runner.push(items.map((item) => ({ item, key: open.key, erasures }))).catch(() => undefined);
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

  retryNow(): Promise<DrainReport> {
    // Every waiting item becomes due; a 429's Retry-After is still honoured (the server asked
    // for it, and ignoring it only earns another 429), and a rejected key still needs resume().
    this.allDue = true;
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
    // First, before any await: from now on this item is not sent, and what its request brings back is not written.
    this.discarded.add(id);
    for (const job of this.runner.drop((waiting) => waiting.item.id === id)) this.settle(job.item.id, ERASED);
    const { waiting, needsAttention } = await this.deps.outbox.summary();
    const profileUrl = needsAttention.find((item) => item.id === id)?.payload.profileUrl ?? waiting.find((entry) => entry.id === id)?.profileUrl;
    const removed = await this.deps.outbox.apply([{ kind: 'remove', id }]);
    if (profileUrl !== undefined) this.tellStates(profileUrl, { state: 'none' });
    this.changed();
    // A wake-up scheduled for it, if any, finds nothing to do and clears itself.
    return removed.length > 0;
  }

  async edit(id: string, fields: EditFields): Promise<EditResult> {
    // Only refused items are edited: a waiting one may be in flight right now, and a second
    // body for it could create the lead twice.
    const item = (await this.deps.outbox.summary()).needsAttention.find((refused) => refused.id === id);
    if (!item) return { ok: false, error: 'not-found' };
    const edited = editedItem(item, fields, await this.clock.now());
    if (!edited.ok) return edited;
    const erasures = this.erasures;
    const replaced = await this.deps.outbox.apply([{ kind: 'replace', oldId: item.id, item: edited.item }]);
    if (replaced.length === 0) return { ok: false, error: 'not-found' };
    this.tell(erasures, edited.item, { state: 'sending' }, true);
    this.changed();
    return { ok: true, report: await this.drain() };
  }

  async clearAll(): Promise<void> {
    // First, before any await: nothing handed over so far is sent, written or told any more, and
    // the jobs waiting in memory leave the line now.
    this.erasures++;
    for (const job of this.runner.drop()) this.settle(job.item.id, ERASED);
    await this.deps.outbox.clear();
    this.deps.captureStates?.erased();
    // The expired count is a notice about captures this reset also forgets.
    await this.state.update((current) => ({ ...current, expiredCount: 0, unreadableSince: {} }));
    await this.deps.scheduleWakeUp(null);
    this.changed();
  }

  async status(): Promise<DeliveryStatus> {
    const { summary, current, keyUsable, at } = await this.look();
    return {
      waiting: summary.waiting.length,
      needsAttention: summary.needsAttention,
      unreadable: summary.unreadable,
      full: summary.full,
      expiredCount: current.expiredCount,
      expiringSoon: expiringSoon(summary.waiting, current, keyUsable, at),
      keyRejected: current.keyRejected,
      rateLimitedUntil: isRateLimited(current.rateLimitedUntil, at) ? current.rateLimitedUntil : null,
    };
  }

  async badge(): Promise<BadgeStatus> {
    const { summary, current, keyUsable, at } = await this.look();
    return {
      waiting: summary.waiting.length,
      needsAttention: summary.needsAttention.length,
      keyRejected: current.keyRejected,
      expiringSoon: expiringSoon(summary.waiting, current, keyUsable, at),
    };
  }

  /** What the popup, the badge and the next wake-up are drawn from: the outbox's memory, the state, the key, the time. */
  private async look(): Promise<{ summary: OutboxSummary; current: DeliveryState; keyUsable: boolean; at: number }> {
    const [summary, current, key, at] = await Promise.all([
      this.deps.outbox.summary(),
      this.state.get(),
      readUsableKey(this.deps.getApiKey),
      this.clock.now(),
    ]);
    return { summary, current, keyUsable: key !== null, at };
  }

  private changed(): void {
    try {
      this.deps.onChange?.();
    } catch {
      // A failing badge refresh must not fail a delivery.
    }
  }

  /**
   * Tells the owner of capture states (issue 20) about `item`, unless an erasure happened since
   * `erasures` was read or the rep discarded it; `withPerson` when its names are news (stored or edited).
   */
  private tell(erasures: number, item: OutboxItem, status: CaptureStatus, withPerson = false): void {
    if (erasures !== this.erasures || this.discarded.has(item.id)) return;
    const { profileUrl, firstName, lastName, jobTitle } = item.payload;
    this.tellStates(profileUrl, status, withPerson ? { firstName, lastName, jobTitle } : undefined);
  }

  private tellStates(profileUrl: string, status: CaptureStatus, person?: CapturedPerson): void {
    try {
      this.deps.captureStates?.report(profileUrl, status, person);
    } catch {
      // A view failing to follow must not fail a delivery.
    }
  }

  private settle(id: string, outcome: DeliveryOutcome): void {
    const resolve = this.waiters.get(id);
    this.waiters.delete(id);
    resolve?.(outcome);
  }

  private erased(job: Job): boolean {
    return job.erasures !== this.erasures || this.discarded.has(job.item.id);
  }

  /** Why nothing may be sent right now, or the key to send with. */
  private async gate(at: number): Promise<{ key: string } | { pausedBy: PauseReason }> {
    const [current, key] = await Promise.all([this.state.get(), readUsableKey(this.deps.getApiKey)]);
    const pausedBy = pauseReason(current, key !== null, at);
    return pausedBy === null && key !== null ? { key } : { pausedBy: pausedBy ?? 'no-key' };
  }

  /** A drain's one read of the outbox: expire, check the gate, hand over what is due. */
  private async scan(): Promise<ScanResult<Job>> {
    const erasures = this.erasures;
    this.report.pausedBy = null;
    const at = await this.clock.now();
    const { items, unreadable } = await this.deps.outbox.read();
    // Erased during the read: what it read may be gone. The next wake-up, planned from the
    // outbox's memory, looks again at what is really there.
    if (erasures !== this.erasures) return { jobs: [] };
    const { expired, due } = planRound(items, at, this.allDue);
    // Expiry first, and even while paused: the 7-day limit is a promise about what the device keeps.
    const removed = await removeExpired({ outbox: this.deps.outbox, state: this.state }, expired, unreadable, at);
    for (const item of expired) this.tell(erasures, item, { state: 'none' });
    if (erasures === this.erasures) this.report.expired += removed;
    if (removed > 0) this.changed();
    const open = await this.gate(at);
    if ('pausedBy' in open) return (this.report.pausedBy = open.pausedBy), open;
    if (erasures !== this.erasures) return { jobs: [] };
    return { jobs: due.filter((item) => !this.discarded.has(item.id)).map((item) => ({ item, key: open.key, erasures })) };
  }

  private async attempt(job: Job, halt: (reason: PauseReason) => void): Promise<void> {
    const { item, key } = job;
    if (this.erased(job)) return this.settle(item.id, ERASED);
    this.tell(job.erasures, item, { state: 'sending' });
    // The client never throws; if a replacement does, keep the item rather than lose it.
    const result = await this.deps.api.postLead(key, item.payload, item.id).catch(() => NETWORK_FAILURE);
    if (this.erased(job)) {
      // It may have reached Metrikia, and that is all: nothing of it is written, cached, counted or told.
      return this.settle(item.id, result.kind === 'delivered' ? captureOutcome(item, result, { action: 'delivered' }) : ERASED);
    }
    const decision = decide(result, item.attempts + 1, await this.clock.now(), this.deps.random);
    const stop = stopFor(decision);
    if (stop) {
      halt(stop);
      this.report.pausedBy = stop === 'key-rejected' ? stop : (this.report.pausedBy ?? stop);
    }
    try {
      await this.record(job, result, decision);
    } catch {
      this.report.failed++;
    }
    const outcome = captureOutcome(item, result, decision);
    this.tell(job.erasures, item, statusOf(outcome));
    this.changed();
    this.settle(item.id, outcome);
  }

  /** Writes down what one attempt decided, unless it was erased meanwhile. */
  private async record(job: Job, result: DeliveryResult, decision: Decision): Promise<void> {
    const { item } = job;
    const effect = effectOf(item, item.attempts + 1, decision);
    if (effect.state) await this.state.update(effect.state);
    // An erased item's record is gone: the outbox puts nothing over a record that is not stored.
    await this.writeResult(effect.change);
    // Checked after the awaits, and the cache write is queued synchronously after the check: an
    // erasure that started meanwhile is either seen here or runs its cache clear after this write.
    if (this.erased(job)) return;
    if (effect.counts) this.report[effect.counts]++;
    if (result.kind !== 'delivered') return;
    const entry = { capturedAt: item.payload.capturedAt, leadId: result.leadId };
    // Not awaited: the lead is safely on the server and the cache answers lookups at once, so a
    // request slot need not wait for a storage write of the whole cache. The cache only spares a
    // second click; a failed write loses nothing else.
    void this.deps.leadCache.record(item.payload.profileUrl, entry).catch(() => undefined);
  }

  /** The session is idle: the alarm for the next retry, notice or expiry, planned from memory once every state write has landed. */
  private async scheduleNext(): Promise<void> {
    const { summary, current, keyUsable, at } = await this.look();
    const next = nextWakeUp(summary, current, keyUsable, at);
    const wall = next === null ? null : this.clock.toWall(next);
    await this.deps.scheduleWakeUp(wall);
    await this.state.settled();
    this.report.nextWakeUpAt = wall;
  }
}

/** A delivery outcome as the capture's state (a capture that was not stored, or was erased, has none). */
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
    case 'refused':
      return { state: 'none' };
  }
}

export function createDelivery(deps: DeliveryDeps): Delivery {
  return new DeliveryCore(deps);
}
