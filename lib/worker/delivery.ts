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
import type { ApiClient, DeliveryResult } from './api';
import type { LeadPayload } from '../shared/contract';
import type { EditFields } from '../shared/messages';
import type { DeliveryState, ParsedItem } from '../shared/storage';
import { batchOutboxWrites, cacheDeliveryState, readUsableKey } from './delivery-state';
import { editedItem, type EditResult } from './edit';
import type { LeadCache } from './lead-cache';
import type { Outbox, OutboxItem } from './outbox';
import { decide } from './retry-policy';
import { createRunner } from './runner';
import {
  DEFAULT_CONCURRENCY, captureOutcome, effectOf, emptyReport, nextWakeUp, pauseReason, pausedOutcome, planRound, stopFor,
  type DeliveryOutcome, type DrainReport, type PauseReason,
} from './scheduler';
import { expireUnreadable, sameSince } from './unreadable-records';

export { DEFAULT_CONCURRENCY, type DeliveryOutcome, type DrainReport, type PauseReason } from './scheduler';
export type { EditResult } from './edit';

export interface DeliveryStatus {
  waiting: number;
  needsAttention: OutboxItem[];
  expiredCount: number;
  /** Records of the outbox that do not parse: kept (never sent), counted, expired after 7 days. */
  unreadable: number;
  /** The outbox is at its bound: a new capture would be refused. */
  full: boolean;
  keyRejected: boolean;
  /** Null once past. */
  rateLimitedUntil: number | null;
}

export interface DeliveryDeps {
  outbox: Outbox;
  api: Pick<ApiClient, 'postLead'>;
  leadCache: Pick<LeadCache, 'record'>;
  getApiKey: () => Promise<string | null>;
  deliveryState: ParsedItem<DeliveryState>;
  /** The background maps this to one named chrome.alarms alarm; null clears it. */
  scheduleWakeUp: (at: number | null) => Promise<void>;
  /** Called after anything the badge or the popup shows has changed. */
  onChange?: () => void;
  now: () => number;
  random: () => number;
  /** Requests in flight at most; 4 by default. */
  concurrency?: number;
}

export interface Delivery {
  /** Payloads checked by leadPayloadSchema where they entered the worker: one outcome each, in order. */
  captureMany(payloads: readonly LeadPayload[]): Promise<DeliveryOutcome[]>;
  capture(payload: LeadPayload): Promise<DeliveryOutcome>;
  drain(): Promise<DrainReport>;
  retryNow(): Promise<DrainReport>;
  resume(): Promise<DrainReport>;
  discard(id: string): Promise<boolean>;
  edit(id: string, fields: EditFields): Promise<EditResult>;
  clearAll(): Promise<void>;
  status(): Promise<DeliveryStatus>;
  /** What the badge shows, from memory: no read of the outbox. */
  badge(): Promise<{ waiting: number; keyRejected: boolean }>;
}

/** One item on its way, with the key it goes out with. */
interface Job {
  item: OutboxItem;
  key: string;
}

const NETWORK_FAILURE: DeliveryResult = { kind: 'retryable', reason: 'network', httpStatus: null };

export function createDelivery(deps: DeliveryDeps): Delivery {
  const { outbox, api, leadCache } = deps;
  const state = cacheDeliveryState(deps.deliveryState);
  const writeResult = batchOutboxWrites(outbox);
  /** capture() calls waiting for their item's first attempt, by item id. */
  const waiters = new Map<string, (outcome: DeliveryOutcome) => void>();
  let report = emptyReport();
  /**
   * How many times the local data was cleared. A request records its result only if no clear
   * started since it went out: the outbox's own writes already refuse to bring back a removed
   * record, and this keeps a delivery landing after "Clear local data" out of the lead cache.
   */
  let erasures = 0;

  function changed(): void {
    try {
      deps.onChange?.();
    } catch {
      // A failing badge refresh must not fail a delivery.
    }
  }

  function settle(id: string, outcome: DeliveryOutcome): void {
    const resolve = waiters.get(id);
    waiters.delete(id);
    resolve?.(outcome);
  }

  /** Why nothing may be sent right now, or the key to send with. */
  async function gate(at: number): Promise<{ key: string } | { pausedBy: PauseReason }> {
    const [current, key] = await Promise.all([state.get(), readUsableKey(deps.getApiKey)]);
    const pausedBy = pauseReason(current, key !== null, at);
    return pausedBy === null && key !== null ? { key } : { pausedBy: pausedBy ?? 'no-key' };
  }

  /** Writes down what one attempt decided; `erasuresAtSend` is `erasures` when it was sent. */
  async function record(item: OutboxItem, result: DeliveryResult, decision: ReturnType<typeof decide>, erasuresAtSend: number) {
    const effect = effectOf(item, item.attempts + 1, decision);
    if (effect.state) await state.update(effect.state);
    await writeResult(effect.change);
    if (effect.counts) report[effect.counts]++;
    // Checked after the await, and the cache write is queued synchronously after the check: a
    // clear that started meanwhile is either seen here or runs its cache clear after this write.
    if (result.kind !== 'delivered' || erasures !== erasuresAtSend) return;
    try {
      await leadCache.record(item.payload.profileUrl, { capturedAt: item.payload.capturedAt, leadId: result.leadId });
    } catch {
      // The cache only spares a second click; the lead itself is safely on the server.
    }
  }

  async function attempt({ item, key }: Job, halt: (reason: PauseReason) => void): Promise<void> {
    const erasuresAtSend = erasures;
    // The client never throws; if a replacement does, keep the item rather than lose it.
    const result = await api.postLead(key, item.payload, item.id).catch(() => NETWORK_FAILURE);
    const decision = decide(result, item.attempts + 1, deps.now(), deps.random);
    const stop = stopFor(decision);
    if (stop) {
      halt(stop);
      report.pausedBy = stop === 'key-rejected' ? stop : (report.pausedBy ?? stop);
    }
    try {
      await record(item, result, decision, erasuresAtSend);
    } catch {
      report.failed++;
    }
    changed();
    settle(item.id, captureOutcome(item, result, decision));
  }

  /** Expiry first, and even while paused: the 7-day limit is a promise about what the device keeps. */
  async function expire(items: readonly OutboxItem[], unreadable: Parameters<typeof expireUnreadable>[0], at: number) {
    const { expired: old } = planRound(items, at);
    const known = (await state.get()).unreadableSince ?? {};
    const { expired: unreadableExpired, since } = expireUnreadable(unreadable, known, at);
    const keys = [...old.map((item) => item.id), ...unreadableExpired];
    if (keys.length === 0 && sameSince(known, since)) return;
    await outbox.removeKeys(keys);
    await state.update((current) => ({ ...current, unreadableSince: since, expiredCount: current.expiredCount + keys.length }));
    report.expired += keys.length;
    if (keys.length > 0) changed();
  }

  const runner = createRunner<Job>({
    concurrency: deps.concurrency ?? DEFAULT_CONCURRENCY,
    idOf: (job) => job.item.id,
    attempt,
    async scan() {
      report.pausedBy = null;
      const at = deps.now();
      const { items, corrupt } = await outbox.snapshot();
      await expire(items, corrupt, at);
      const open = await gate(at);
      if ('pausedBy' in open) return (report.pausedBy = open.pausedBy), open;
      return { jobs: planRound(items, at).due.map((item) => ({ item, key: open.key })) };
    },
    begin: () => void (report = emptyReport()),
    async idle() {
      const [items, current, key] = await Promise.all([outbox.list(), state.get(), readUsableKey(deps.getApiKey)]);
      const at = nextWakeUp(items, current, key !== null);
      await deps.scheduleWakeUp(at);
      await state.settled();
      report.nextWakeUpAt = at;
    },
    dropped: (jobs, reason) => jobs.forEach((job) => settle(job.item.id, pausedOutcome(reason))),
    // Captures whose item was not tried (paused, or stopped by a 401/429) learn why.
    end: () => [...waiters.keys()].forEach((id) => settle(id, pausedOutcome(report.pausedBy))),
  });

  function drain(): Promise<DrainReport> {
    const session = runner.drain();
    const current = report;
    return session.then(() => current);
  }

  async function retryNow(): Promise<DrainReport> {
    // Every waiting item becomes due; a 429's Retry-After is still honoured (the server asked
    // for it, and ignoring it only earns another 429), and a rejected key still needs resume().
    await outbox.makeDue(deps.now());
    return drain();
  }

  async function captureMany(payloads: readonly LeadPayload[]): Promise<DeliveryOutcome[]> {
    const at = deps.now();
    // The gate is read while the outbox writes; nothing is sent before the write has committed.
    const [stored, open] = await Promise.all([outbox.addMany(payloads, at), gate(at)]);
    changed();
    const outcomes = stored.map((item) =>
      item ? new Promise<DeliveryOutcome>((resolve) => waiters.set(item.id, resolve)) : Promise.resolve<DeliveryOutcome>({ state: 'outbox-full' }),
    );
    const items = stored.filter((item): item is OutboxItem => item !== null);
    if ('pausedBy' in open) {
      for (const item of items) settle(item.id, pausedOutcome(open.pausedBy));
      // The alarm for their retry or expiry is set by a drain, which sends nothing while paused.
      if (items.length > 0) void drain().catch(() => undefined);
    } else if (items.length > 0) {
      // Failures surface through the outcomes (the session settles every waiter when it ends).
      runner.push(items.map((item) => ({ item, key: open.key }))).catch(() => undefined);
    }
    return Promise.all(outcomes);
  }

  return {
    captureMany,
    capture: async (payload) => (await captureMany([payload]))[0] ?? { state: 'outbox-full' },
    drain,
    retryNow,

    async resume() {
      await state.update((current) => ({ ...current, keyRejected: false }));
      changed();
      // Connecting a key is the rep's go-ahead, like Retry now: what waited goes out at once
      // rather than at the end of a backoff earned while no usable key was there.
      return retryNow();
    },

    async discard(id) {
      const existed = (await outbox.get(id)) !== null;
      await outbox.remove(id);
      changed();
      // A wake-up scheduled for it, if any, finds nothing to do and clears itself.
      return existed;
    },

    async edit(id, fields) {
      const item = await outbox.get(id);
      // Only refused items are edited: a waiting one may be in flight right now, and a second
      // body for it could create the lead twice.
      if (!item || item.state !== 'needs-attention') return { ok: false, error: 'not-found' };
      const edited = editedItem(item, fields, deps.now());
      if (!edited.ok) return edited;
      if (!(await outbox.replace(item.id, edited.item))) return { ok: false, error: 'not-found' };
      changed();
      return { ok: true, report: await drain() };
    },

    async clearAll() {
      // First, before any await: results of requests in flight are dropped from now on.
      erasures++;
      await outbox.clear();
      // The expired count is a notice about captures this reset also forgets.
      await state.update((current) => ({ ...current, expiredCount: 0, unreadableSince: {} }));
      await deps.scheduleWakeUp(null);
      changed();
    },

    async status() {
      const [{ items, corrupt, full }, current] = await Promise.all([outbox.snapshot(), state.get()]);
      const until = current.rateLimitedUntil;
      return {
        waiting: items.filter((item) => item.state === 'waiting').length,
        needsAttention: items.filter((item) => item.state === 'needs-attention'),
        expiredCount: current.expiredCount,
        unreadable: corrupt.length,
        full,
        keyRejected: current.keyRejected,
        rateLimitedUntil: until !== null && until > deps.now() ? until : null,
      };
    },

    async badge() {
      const [waiting, current] = await Promise.all([outbox.waitingCount(), state.get()]);
      return { waiting, keyRejected: current.keyRejected };
    },
  };
}
