/**
 * Delivery: moves captures from the outbox to the API so that none is lost and none is sent
 * twice. No Chrome API here: storage, the clock, the dice, the alarm and the API are injected, so
 * every rule below is a unit test with a fake clock.
 *
 * The rules, and why:
 * - A capture is written to the outbox before its first request: a worker killed mid-request
 *   loses nothing, and the retry carries the same Idempotency-Key, so the server cannot create it
 *   twice.
 * - One drain at a time (per worker). A drain asked for while one runs makes the running one go
 *   round again, so a capture made meanwhile is sent without a second drain racing the first.
 * - Items go out in capture order, at most `concurrency` at once; each item's fate is its own
 *   (a refused or slow one does not hold back the rest), except 401/403 and 429, which concern
 *   the key or the account and therefore stop the whole queue.
 * - Erasure wins: once clearAll() has started, no request that was in flight writes anything
 *   back (no lead-cache entry, no outbox record), whatever it answers.
 */
import { payloadFieldErrors, type ApiClient, type DeliveryResult } from './api';
import { normalizeApiKey } from './api-key';
import { leadPayloadSchema, type LeadPayload } from '../shared/contract';
import type { LeadCache } from './lead-cache';
import { OutboxFullError, type Outbox, type OutboxItem } from './outbox';
import { OUTBOX_MAX_AGE_MS, decide, isExpired, type Decision } from './retry-policy';
import type { DeliveryState, ParsedItem } from '../shared/storage';
import { cleanText } from '../shared/text';
import { expireUnreadable, sameSince } from './unreadable-records';

export type QueuedReason = 'offline' | 'server' | 'rate-limited' | 'key-rejected' | 'no-key';

export type CaptureOutcome =
  | { state: 'captured'; capturedAt: string; leadId: string; existing: boolean }
  | { state: 'queued'; reason: QueuedReason }
  | { state: 'rejected'; message: string | null; fields: Record<string, string> }
  /** The outbox is at its bound: the capture was not stored, nothing stored was dropped. */
  | { state: 'outbox-full' };

/** Why a drain sent nothing (more). */
export type PauseReason = 'no-key' | 'key-rejected' | 'rate-limited';

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

export interface EditFields {
  firstName: string;
  lastName: string;
  jobTitle: string | null;
}

export type EditResult =
  | { ok: true; report: DrainReport }
  /** No item needing attention has this id (sent, discarded, expired, or waiting). */
  | { ok: false; error: 'not-found' }
  | { ok: false; error: 'invalid'; fields: Record<string, string> };

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
  capture(payload: LeadPayload): Promise<CaptureOutcome>;
  drain(): Promise<DrainReport>;
  retryNow(): Promise<DrainReport>;
  resume(): Promise<DrainReport>;
  discard(id: string): Promise<boolean>;
  edit(id: string, fields: EditFields): Promise<EditResult>;
  clearAll(): Promise<void>;
  status(): Promise<DeliveryStatus>;
}

export const DEFAULT_CONCURRENCY = 4;

const emptyReport = (): DrainReport => ({
  delivered: 0,
  retrying: 0,
  needsAttention: 0,
  expired: 0,
  failed: 0,
  pausedBy: null,
  nextWakeUpAt: null,
});

const isDue = (item: OutboxItem, at: number) =>
  item.state === 'waiting' && item.nextAttemptAt <= at && !isExpired(item.createdAt, at);

/** What the person who clicked is told after the first attempt. */
function captureOutcome(item: OutboxItem, result: DeliveryResult, decision: Decision): CaptureOutcome {
  if (result.kind === 'delivered') {
    return {
      state: 'captured',
      capturedAt: item.payload.capturedAt,
      leadId: result.leadId,
      existing: result.status === 'existing',
    };
  }
  if (decision.action === 'needs-attention') {
    return { state: 'rejected', message: decision.rejection.message, fields: decision.rejection.fields };
  }
  if (decision.action === 'pause-queue') return { state: 'queued', reason: 'key-rejected' };
  if (decision.action === 'rate-limited') return { state: 'queued', reason: 'rate-limited' };
  const offline = result.kind === 'retryable' && (result.reason === 'network' || result.reason === 'timeout');
  return { state: 'queued', reason: offline ? 'offline' : 'server' };
}

export function createDelivery(deps: DeliveryDeps): Delivery {
  const { outbox, api, leadCache, deliveryState } = deps;
  const concurrency = Math.max(1, Math.floor(deps.concurrency ?? DEFAULT_CONCURRENCY));

  /** capture() calls waiting for their item's first attempt, by item id. */
  const waiters = new Map<string, (outcome: CaptureOutcome) => void>();
  let running: Promise<DrainReport> | null = null;
  let rerun = false;
  /** Set while a round is sending: adds newly due items to it. */
  let topUp: (() => void) | null = null;
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

  // deliveryState is one storage value that concurrent results read-modify-write (a 401 and a
  // 429 may land together): chain the writes so none overwrites another.
  let stateWrites: Promise<unknown> = Promise.resolve();
  function updateState(change: (state: DeliveryState) => DeliveryState): Promise<void> {
    const run = stateWrites.then(async () => deliveryState.set(change(await deliveryState.get())));
    stateWrites = run.catch(() => undefined);
    return run;
  }

  /** The stored key, if it is one we may send (the options page normalises it; we do not trust that). */
  async function readKey(): Promise<string | null> {
    const stored = await deps.getApiKey();
    if (stored === null) return null;
    const key = normalizeApiKey(stored);
    return key.ok ? key.key : null;
  }

  function settle(id: string, outcome: CaptureOutcome): void {
    const resolve = waiters.get(id);
    if (!resolve) return;
    waiters.delete(id);
    resolve(outcome);
  }

  /** Writes down what one attempt decided; `erasuresAtSend` is `erasures` when it was sent. */
  async function record(
    item: OutboxItem,
    attempts: number,
    result: DeliveryResult,
    decision: Decision,
    report: DrainReport,
    erasuresAtSend: number,
  ) {
    // The other outcomes only update the item, and the outbox writes an update only over a record
    // still stored: after a clear there is none. The delivered one also writes the lead cache.
    switch (decision.action) {
      case 'delivered': {
        await outbox.remove(item.id);
        report.delivered++;
        // Checked after the await, and the cache write is queued synchronously after the check: a
        // clear that started meanwhile is either seen here or runs its cache clear after this write.
        if (erasures !== erasuresAtSend) return;
        if (result.kind === 'delivered') {
          try {
            await leadCache.record(item.payload.profileUrl, { capturedAt: item.payload.capturedAt, leadId: result.leadId });
          } catch {
            // The cache only spares a second click; the lead itself is safely on the server.
          }
        }
        return;
      }
      case 'retry':
        await outbox.update({ ...item, attempts, nextAttemptAt: decision.nextAttemptAt, lastError: decision.lastError });
        report.retrying++;
        return;
      case 'needs-attention':
        await outbox.update({
          ...item,
          attempts,
          state: 'needs-attention',
          rejection: decision.rejection,
          lastError: decision.lastError,
        });
        report.needsAttention++;
        return;
      case 'pause-queue':
        // The item is not at fault: it stays due, and goes first once a key is connected again.
        await updateState((state) => ({ ...state, keyRejected: true }));
        await outbox.update({ ...item, attempts, lastError: decision.lastError });
        return;
      case 'rate-limited': {
        // The whole queue waits (rateLimitedUntil); the item itself waits as long. `attempts`
        // still counts the request: it was made, and a server under load earns a longer backoff.
        const until = decision.until;
        await updateState((state) => ({
          ...state,
          rateLimitedUntil: Math.max(state.rateLimitedUntil ?? until, until),
        }));
        await outbox.update({ ...item, attempts, nextAttemptAt: until, lastError: decision.lastError });
        return;
      }
    }
  }

  /** Unreadable records follow the same 7 days (lib/worker/unreadable-records.ts). */
  async function expireUnreadableRecords(at: number, report: DrainReport): Promise<void> {
    const records = await outbox.corrupt();
    const known = (await deliveryState.get()).unreadableSince ?? {};
    const { expired, since } = expireUnreadable(records, known, at);
    if (expired.length === 0 && sameSince(known, since)) return;
    await outbox.removeKeys(expired);
    await updateState((state) => ({ ...state, unreadableSince: since, expiredCount: state.expiredCount + expired.length }));
    report.expired += expired.length;
    if (expired.length > 0) changed();
  }

  /** Why nothing may be sent right now, if anything stops it. */
  async function gate(at: number): Promise<{ key: string } | { pausedBy: PauseReason }> {
    const [state, key] = await Promise.all([deliveryState.get(), readKey()]);
    if (state.keyRejected) return { pausedBy: 'key-rejected' };
    if (key === null) return { pausedBy: 'no-key' };
    if (state.rateLimitedUntil !== null && state.rateLimitedUntil > at) return { pausedBy: 'rate-limited' };
    return { key };
  }

  /** One round: expire, check the gates, send what is due. */
  async function round(report: DrainReport): Promise<void> {
    report.pausedBy = null;
    const startedAt = deps.now();
    const items = await outbox.list();

    // Expiry first, and even while paused: the 7-day limit is a promise about what the device keeps.
    const expired = items.filter((item) => isExpired(item.createdAt, startedAt));
    if (expired.length > 0) {
      await Promise.all(expired.map((item) => outbox.remove(item.id)));
      await updateState((state) => ({ ...state, expiredCount: state.expiredCount + expired.length }));
      report.expired += expired.length;
      changed();
    }

    await expireUnreadableRecords(startedAt, report);

    const open = await gate(startedAt);
    if ('pausedBy' in open) {
      report.pausedBy = open.pausedBy;
      return;
    }
    report.pausedBy = await sendDue(open.key, items.filter((item) => isDue(item, startedAt)), report);
  }

  /**
   * Sends `due` in order, at most `concurrency` at once, until all are done or a 401/403 or 429
   * stops the queue; resolves with what stopped it, if anything.
   */
  async function sendDue(key: string, due: OutboxItem[], report: DrainReport): Promise<PauseReason | null> {
    const seen = new Set(due.map((item) => item.id));
    let next = 0;
    // Set as soon as a 401/403 or 429 lands, before its bookkeeping: a worker that frees up in
    // the meantime must not start another request. Requests already in flight finish normally.
    let stop: PauseReason | null = null;

    async function send(item: OutboxItem): Promise<void> {
      const erasuresAtSend = erasures;
      let result: DeliveryResult;
      try {
        result = await api.postLead(key, item.payload, item.id);
      } catch {
        // The client never throws; if a replacement does, keep the item rather than lose it.
        result = { kind: 'retryable', reason: 'network', httpStatus: null };
      }
      const attempts = item.attempts + 1;
      const decision = decide(result, attempts, deps.now(), deps.random);
      if (decision.action === 'pause-queue') stop = 'key-rejected';
      else if (decision.action === 'rate-limited') stop ??= 'rate-limited';
      try {
        await record(item, attempts, result, decision, report, erasuresAtSend);
      } catch {
        report.failed++;
      }
      changed();
      settle(item.id, captureOutcome(item, result, decision));
    }

    const workers = new Set<Promise<void>>();
    async function work(): Promise<void> {
      while (stop === null && next < due.length) {
        const item = due[next++];
        if (item) await send(item);
      }
    }
    function spawn(): void {
      while (stop === null && workers.size < concurrency && next < due.length) {
        const worker: Promise<void> = work().finally(() => workers.delete(worker));
        workers.add(worker);
      }
    }

    // A drain() call while we send (a new capture, retryNow) tops this round up at once instead
    // of waiting for its slowest request: items due now that this round has not seen join the end
    // of the line (a new capture is the newest, so the order holds), into free slots.
    let refilling: Promise<void> | null = null;
    async function refill(): Promise<void> {
      // Once stopped, `rerun` stays set: the next round re-checks the gates (a resume() that
      // joined us must not be swallowed here).
      if (stop !== null) return;
      rerun = false;
      try {
        const at = deps.now();
        for (const item of await outbox.list()) {
          if (seen.has(item.id) || !isDue(item, at)) continue;
          seen.add(item.id);
          due.push(item);
        }
      } catch {
        rerun = true; // the next round lists again
      }
      spawn();
    }
    topUp = () => {
      const previous: Promise<void> = refilling ?? Promise.resolve();
      const current: Promise<void> = previous.then(refill).finally(() => {
        if (refilling === current) refilling = null;
      });
      refilling = current;
    };

    try {
      spawn();
      while (workers.size > 0 || refilling) await Promise.all([...workers, refilling]);
    } finally {
      topUp = null;
    }
    return stop;
  }

  /**
   * When the next drain should happen: the earliest retry among waiting items, not before a 429's
   * Retry-After, and nothing while the key is missing or rejected (connecting one calls resume()).
   * Also the next 7-day expiry of any item, paused or not, so that promise holds on an idle device.
   */
  async function nextWakeUp(): Promise<number | null> {
    const [items, state, key] = await Promise.all([outbox.list(), deliveryState.get(), readKey()]);
    const times: number[] = items.map((item) => item.createdAt + OUTBOX_MAX_AGE_MS + 1);
    const waiting = items.filter((item) => item.state === 'waiting');
    if (!state.keyRejected && key !== null && waiting.length > 0) {
      const earliest = Math.min(...waiting.map((item) => item.nextAttemptAt));
      times.push(Math.max(earliest, state.rateLimitedUntil ?? earliest));
    }
    return times.length > 0 ? Math.min(...times) : null;
  }

  async function retryNow(): Promise<DrainReport> {
    // Every waiting item becomes due; a 429's Retry-After is still honoured (the server asked
    // for it, and ignoring it only earns another 429), and a rejected key still needs resume().
    await outbox.makeDue(deps.now());
    return drain();
  }

  function drain(): Promise<DrainReport> {
    if (running) {
      rerun = true;
      topUp?.();
      return running;
    }
    const report = emptyReport();
    running = (async () => {
      try {
        // `rerun` is checked after every await up to the end: a drain() call that joined us at any
        // point gets one more round, so its capture is never left for the alarm.
        for (;;) {
          rerun = false;
          await round(report);
          if (rerun) continue;
          const at = await nextWakeUp();
          if (rerun) continue;
          await deps.scheduleWakeUp(at);
          if (rerun) continue;
          report.nextWakeUpAt = at;
          return report;
        }
      } finally {
        running = null;
        // Captures whose item was not tried (paused, or stopped by a 401/429) learn why.
        const reason: QueuedReason = report.pausedBy ?? 'server';
        for (const id of [...waiters.keys()]) settle(id, { state: 'queued', reason });
      }
    })();
    return running;
  }

  return {
    async capture(payload) {
      // The background builds payloads through this same schema; a payload that still fails
      // could never be sent, so it is refused now rather than stored to fail forever.
      const parsed = leadPayloadSchema.safeParse(payload);
      if (!parsed.success) {
        return { state: 'rejected', message: null, fields: payloadFieldErrors(parsed.error.issues) };
      }
      let item: OutboxItem;
      try {
        item = await outbox.add(parsed.data, deps.now());
      } catch (error) {
        if (error instanceof OutboxFullError) return { state: 'outbox-full' };
        throw error;
      }
      changed();
      const outcome = new Promise<CaptureOutcome>((resolve) => waiters.set(item.id, resolve));
      // Failures surface through the outcome (the drain settles every waiter when it ends).
      drain().catch(() => undefined);
      return outcome;
    },

    drain,

    retryNow,

    async resume() {
      await updateState((state) => ({ ...state, keyRejected: false }));
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
      const jobTitle = fields.jobTitle === null ? null : cleanText(fields.jobTitle) || null;
      const payload = leadPayloadSchema.safeParse({
        ...item.payload,
        firstName: cleanText(fields.firstName),
        lastName: cleanText(fields.lastName),
        jobTitle,
      });
      if (!payload.success) return { ok: false, error: 'invalid', fields: payloadFieldErrors(payload.error.issues) };

      // A new Idempotency-Key. Reusing the old one would be safe against duplicates (the server
      // answered it with a 4xx, so it holds no 2xx to replay), but a key names one request body:
      // servers that remember failed keys too would replay the old refusal forever, and others
      // reject a known key with a different body. The edited capture is a new request; it keeps
      // its place in the queue (seq) and its age (createdAt: the 7 days count from the capture).
      const edited: OutboxItem = {
        ...item,
        id: crypto.randomUUID(),
        payload: payload.data,
        attempts: 0,
        nextAttemptAt: deps.now(),
        lastError: null,
        state: 'waiting',
        rejection: null,
      };
      if (!(await outbox.replace(item.id, edited))) return { ok: false, error: 'not-found' };
      changed();
      return { ok: true, report: await drain() };
    },

    async clearAll() {
      // First, before any await: results of requests in flight are dropped from now on.
      erasures++;
      await outbox.clear();
      // The expired count is a notice about captures this reset also forgets.
      await updateState((state) => ({ ...state, expiredCount: 0, unreadableSince: {} }));
      await deps.scheduleWakeUp(null);
      changed();
    },

    async status() {
      const [items, unreadable, full, state] = await Promise.all([
        outbox.list(),
        outbox.corrupt(),
        outbox.isFull(),
        deliveryState.get(),
      ]);
      const until = state.rateLimitedUntil;
      return {
        waiting: items.filter((item) => item.state === 'waiting').length,
        needsAttention: items.filter((item) => item.state === 'needs-attention'),
        expiredCount: state.expiredCount,
        unreadable: unreadable.length,
        full,
        keyRejected: state.keyRejected,
        rateLimitedUntil: until !== null && until > deps.now() ? until : null,
      };
    },
  };
}
