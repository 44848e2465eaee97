import 'fake-indexeddb/auto';
import { createStore, get, set, type UseStore } from 'idb-keyval';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { DeliveryResult } from '../../lib/worker/api';
import type { LeadPayload } from '../../lib/shared/contract';
import { createDelivery, type DeliveryOutcome } from '../../lib/worker/delivery';
import { createLeadCache } from '../../lib/worker/lead-cache';
import { createOutbox, OUTBOX_MAX_ITEMS, OUTBOX_STORE_NAME, type Outbox, type OutboxItem } from '../../lib/worker/outbox';
import { EXPIRY_NOTICE_MS, RETENTION_MS } from '../../lib/worker/retention';
import { deliveryStateItem } from '../../lib/shared/storage';

const KEY = 'mk_live_s3cr3t';
const START = Date.UTC(2026, 10, 23, 9, 41, 7);
const SECOND = 1000;
const HOUR = 60 * 60 * SECOND;
const DAY = 24 * HOUR;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// ---- results the fake API can give --------------------------------------------------------------
const created = (leadId = 'lead_1'): DeliveryResult => ({ kind: 'delivered', leadId, status: 'created', replayed: false });
const existing = (leadId = 'lead_1'): DeliveryResult => ({ kind: 'delivered', leadId, status: 'existing', replayed: false });
const serverError: DeliveryResult = { kind: 'retryable', reason: 'server-error', httpStatus: 500 };
const offline: DeliveryResult = { kind: 'retryable', reason: 'network', httpStatus: null };
const timedOut: DeliveryResult = { kind: 'retryable', reason: 'timeout', httpStatus: null };
const unauthorized: DeliveryResult = { kind: 'unauthorized', httpStatus: 401 };
const rateLimited = (retryAfter: string | null): DeliveryResult => ({ kind: 'rate-limited', retryAfter });
const invalid: DeliveryResult = {
  kind: 'rejected',
  httpStatus: 422,
  code: 'validation_failed',
  message: 'First name is not a name',
  fields: { firstName: 'not a name' },
};

function payload(slug: string, capturedAt = START): LeadPayload {
  return {
    source: 'linkedin',
    profileUrl: `https://www.linkedin.com/in/${slug}`,
    firstName: 'Jane',
    lastName: 'Doe',
    jobTitle: 'Sales',
    capturedAt: new Date(capturedAt).toISOString(),
  };
}
const slugOf = (p: LeadPayload) => p.profileUrl.split('/').pop() ?? '';
/** A waiting outbox record as lib/worker/outbox.ts stores it, for filling a store directly. */
const payloadRecord = (id: string, slug: string) => ({
  id, payload: payload(slug), createdAt: START, seq: 0, attempts: 0, nextAttemptAt: START, lastError: null, state: 'waiting', rejection: null,
});

/** `outbox` with some of its methods replaced (the others still called on it). */
function overriding(outbox: Outbox, overrides: Partial<Outbox>): Outbox {
  return new Proxy(outbox, {
    get(target, name, receiver) {
      const value: unknown = name in overrides ? overrides[name as keyof Outbox] : Reflect.get(target, name, receiver);
      return typeof value === 'function' && !(name in overrides) ? value.bind(target) : value;
    },
  });
}

const newStore = (): UseStore => createStore(`delivery-${crypto.randomUUID()}`, OUTBOX_STORE_NAME);

/** What the outbox holds, read as a drain reads it. */
const itemsOf = async (outbox: Outbox): Promise<OutboxItem[]> => (await outbox.read()).items;
const itemOf = async (outbox: Outbox, id: string): Promise<OutboxItem | undefined> => (await itemsOf(outbox)).find((item) => item.id === id);
const unreadableKeys = async (outbox: Outbox): Promise<string[]> => (await outbox.read()).unreadable.map((record) => record.key);

/** One capture stored as the product stores it (addMany), as a previous worker would have left it. */
async function addOne(outbox: Outbox, slug: string, at: number): Promise<OutboxItem> {
  const [item] = await outbox.addMany([payload(slug)], at);
  if (!item) throw new Error('the outbox refused it');
  return item;
}

/** One turn of the event loop (no time passes): long enough for requests started together to overlap. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

interface Call {
  apiKey: string;
  slug: string;
  idempotencyKey: string;
  /** Whether the item was already in the outbox when its request went out. */
  persisted: boolean;
}

let clock: number;

/**
 * A delivery over a real outbox (fake-indexeddb), the real lead cache and delivery state
 * (fakeBrowser storage), a scripted API and a fake clock.
 */
function setup(options: {
  respond?: (call: Call, index: number) => DeliveryResult | Promise<DeliveryResult>;
  concurrency?: number;
  key?: string | null;
  /** The store the outbox writes to (a fresh one by default), and the outbox over it. */
  store?: UseStore;
  outbox?: Outbox;
} = {}) {
  const store = options.store ?? newStore();
  const outbox = options.outbox ?? createOutbox(store);
  const leadCache = createLeadCache({ now: () => clock });
  const calls: Call[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const respond = options.respond ?? (() => created());
  const api = {
    postLead: async (apiKey: string, lead: LeadPayload, idempotencyKey: string): Promise<DeliveryResult> => {
      const call: Call = {
        apiKey,
        slug: slugOf(lead),
        idempotencyKey,
        persisted: (await get(idempotencyKey, store)) !== undefined,
      };
      calls.push(call);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await respond(call, calls.length - 1);
      } finally {
        inFlight--;
      }
    },
  };
  const harness = {
    key: options.key === undefined ? KEY : options.key,
    wakeUps: [] as Array<number | null>,
  };
  const onChange = vi.fn();
  const delivery = createDelivery({
    outbox,
    api,
    leadCache,
    getApiKey: async () => harness.key,
    deliveryState: deliveryStateItem,
    scheduleWakeUp: async (at) => {
      harness.wakeUps.push(at);
    },
    onChange,
    now: () => clock,
    random: () => 0.5, // no jitter: backoff 30 s, 60 s, 120 s…
    concurrency: options.concurrency,
  });
  return {
    delivery,
    store,
    outbox,
    leadCache,
    calls,
    onChange,
    harness,
    maxInFlight: () => maxInFlight,
    /** Stores waiting captures as a previous worker would have left them. */
    async seed(count: number, at = clock) {
      const items = await outbox.addMany(Array.from({ length: count }, (_, i) => payload(`p${i}`)), at);
      return items.filter((item): item is OutboxItem => item !== null);
    },
  };
}

beforeEach(() => {
  fakeBrowser.reset();
  clock = START;
});

describe('capture', () => {
  it('persists the item before its first request, then reports it captured and forgets it', async () => {
    const { delivery, calls, outbox, leadCache } = setup();
    const outcome = await delivery.capture(payload('jane'));

    expect(outcome).toEqual({ state: 'captured', capturedAt: payload('jane').capturedAt, existing: false });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ apiKey: KEY, slug: 'jane', persisted: true });
    expect(calls[0]?.idempotencyKey).toMatch(UUID_V4);
    expect(await itemsOf(outbox)).toEqual([]);
    expect(await leadCache.lookup('https://www.linkedin.com/in/jane')).toEqual({
      capturedAt: payload('jane').capturedAt,
      leadId: 'lead_1',
    });
  });

  it('says when the lead already existed', async () => {
    const { delivery, leadCache } = setup({ respond: () => existing('lead_7') });
    expect(await delivery.capture(payload('jane'))).toMatchObject({ state: 'captured', existing: true });
    expect(await leadCache.lookup('https://www.linkedin.com/in/jane')).toMatchObject({ leadId: 'lead_7' });
  });

  it.each<[string, DeliveryResult, DeliveryOutcome]>([
    ['offline', offline, { state: 'queued', reason: 'offline' }],
    ['a timeout', timedOut, { state: 'queued', reason: 'offline' }],
    ['a 500', serverError, { state: 'queued', reason: 'server' }],
    ['a 429', rateLimited('60'), { state: 'queued', reason: 'rate-limited' }],
    ['a 401', unauthorized, { state: 'queued', reason: 'key-rejected' }],
    ['a 422', invalid, { state: 'rejected', message: 'First name is not a name' }],
  ])('after %s, says what became of it and keeps it', async (_label, result, expected) => {
    const { delivery, outbox } = setup({ respond: () => result });
    expect(await delivery.capture(payload('jane'))).toEqual(expected);
    expect(await itemsOf(outbox)).toHaveLength(1);
  });

  it('queues without a request when no key is connected', async () => {
    const { delivery, calls, outbox } = setup({ key: null });
    expect(await delivery.capture(payload('jane'))).toEqual({ state: 'not-connected' });
    expect(calls).toEqual([]);
    expect(await itemsOf(outbox)).toHaveLength(1);
  });

  it('treats a stored key that could not be sent as no key', async () => {
    const { delivery, calls } = setup({ key: 'mk live' });
    expect(await delivery.capture(payload('jane'))).toEqual({ state: 'not-connected' });
    expect(calls).toEqual([]);
  });

  // The payload is checked once, where it enters the worker (the capture handler's
  // leadPayloadSchema, tested in background-handlers.test.ts); what comes back from storage is
  // checked again when read, so a record outside the contract, whoever wrote it, is never sent.
  it('never sends a stored record whose payload is outside the contract, and keeps it as unreadable', async () => {
    const store = newStore();
    const outside: unknown[] = [
      { ...payload('jane'), firstName: '  Jane', extra: 'smuggled' },
      { ...payload('jane'), firstName: '', jobTitle: 'x'.repeat(201) },
      { ...payload('jane'), source: 'instagram', profileUrl: 'https://www.instagram.com/jane' }, // a job title on Instagram
    ];
    for (const [index, body] of outside.entries()) {
      const id = crypto.randomUUID();
      const record = { id, payload: body, createdAt: START, seq: index + 1, attempts: 0, nextAttemptAt: START, lastError: null, state: 'waiting', rejection: null };
      await set(id, record, store);
    }
    const { delivery, calls, outbox } = setup({ store });
    expect(await delivery.drain()).toMatchObject({ delivered: 0 });
    expect(calls).toEqual([]);
    expect(await itemsOf(outbox)).toEqual([]);
    expect(await unreadableKeys(outbox)).toHaveLength(3);
  });

  it('answers after its own first attempt, not after the whole queue', async () => {
    const slow = deferred<DeliveryResult>();
    const { delivery, calls, leadCache } = setup({
      concurrency: 2,
      respond: (call) => (call.slug === 'jane' ? created('lead_jane') : slow.promise),
    });
    const first = delivery.capture(payload('stuck'));
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    expect(await delivery.capture(payload('jane'))).toMatchObject({ state: 'captured' });
    expect(await leadCache.lookup('https://www.linkedin.com/in/jane')).toMatchObject({ leadId: 'lead_jane' });
    expect(await leadCache.lookup('https://www.linkedin.com/in/stuck')).toBeNull();
    slow.resolve(created('lead_stuck'));
    expect(await first).toMatchObject({ state: 'captured' });
    expect(await leadCache.lookup('https://www.linkedin.com/in/stuck')).toMatchObject({ leadId: 'lead_stuck' });
  });
});

describe('retries', () => {
  it('500 three times then 201: the same Idempotency-Key every time, backoff 30 s, 60 s, 120 s', async () => {
    const { delivery, calls, outbox, harness } = setup({
      respond: (_call, index) => (index < 3 ? serverError : created()),
    });
    expect(await delivery.capture(payload('jane'))).toEqual({ state: 'queued', reason: 'server' });
    const [item] = await itemsOf(outbox);
    expect(item).toMatchObject({ attempts: 1, nextAttemptAt: START + 30 * SECOND, lastError: 'server-error (HTTP 500)' });
    // capture() answers at the first attempt; the drain that made it schedules the wake-up just after.
    await vi.waitFor(() => expect(harness.wakeUps).toEqual([START + 30 * SECOND]));

    // Not due yet: nothing is sent.
    clock = START + 29 * SECOND;
    await delivery.drain();
    expect(calls).toHaveLength(1);

    clock = START + 30 * SECOND;
    await delivery.drain();
    expect(await itemOf(outbox, item!.id)).toMatchObject({ attempts: 2, nextAttemptAt: clock + 60 * SECOND });
    expect(harness.wakeUps.at(-1)).toBe(clock + 60 * SECOND);

    clock += 60 * SECOND;
    await delivery.drain();
    expect(await itemOf(outbox, item!.id)).toMatchObject({ attempts: 3, nextAttemptAt: clock + 120 * SECOND });

    clock += 120 * SECOND;
    const report = await delivery.drain();
    expect(report).toMatchObject({ delivered: 1, retrying: 0, nextWakeUpAt: null });
    expect(harness.wakeUps.at(-1)).toBeNull();

    expect(calls).toHaveLength(4);
    expect(new Set(calls.map((call) => call.idempotencyKey))).toEqual(new Set([item!.id]));
    expect(await itemsOf(outbox)).toEqual([]);
  });

  it('keeps an item whose API call throws, for a later retry', async () => {
    const { delivery, outbox } = setup({
      respond: () => {
        throw new Error('bug in a replacement client');
      },
    });
    expect(await delivery.capture(payload('jane'))).toEqual({ state: 'queued', reason: 'offline' });
    expect(await itemsOf(outbox)).toMatchObject([{ attempts: 1, nextAttemptAt: START + 30 * SECOND }]);
  });
});

describe('never duplicated', () => {
  it('five concurrent drains post each item exactly once', async () => {
    const { delivery, calls, outbox, seed } = setup({
      respond: async () => {
        await nextTurn();
        return created();
      },
    });
    const items = await seed(10);

    const reports = await Promise.all([delivery.drain(), delivery.drain(), delivery.drain(), delivery.drain(), delivery.drain()]);

    expect(calls.map((call) => call.idempotencyKey).sort()).toEqual(items.map((item) => item.id).sort());
    expect(reports.every((report) => report === reports[0])).toBe(true);
    expect(reports[0]?.delivered).toBe(10);
    expect(await itemsOf(outbox)).toEqual([]);
  });

  it('a capture made while a drain is sending is sent by that drain, once', async () => {
    const gate = deferred<void>();
    const { delivery, calls, seed, leadCache } = setup({
      concurrency: 1,
      respond: async (call) => {
        if (call.slug === 'p0') await gate.promise;
        return created(`lead_${call.slug}`);
      },
    });
    await seed(1);
    const draining = delivery.drain();
    await vi.waitFor(() => expect(calls).toHaveLength(1));

    const captured = delivery.capture(payload('late'));
    await vi.waitFor(async () => expect(await delivery.status()).toMatchObject({ waiting: 2 }));
    gate.resolve();

    expect(await captured).toMatchObject({ state: 'captured' });
    expect(await leadCache.lookup('https://www.linkedin.com/in/late')).toMatchObject({ leadId: 'lead_late' });
    expect((await draining).delivered).toBe(2);
    expect(calls.map((call) => call.slug)).toEqual(['p0', 'late']);
  });

  it('a capture arriving while the drain schedules its wake-up is still sent at once', async () => {
    const { outbox, calls } = setup();
    const wakeUpGate = deferred<void>();
    let first = true;
    let stalled = false;
    const delivery = createDelivery({
      outbox,
      api: {
        postLead: async (_key, lead) => {
          calls.push({ apiKey: KEY, slug: slugOf(lead), idempotencyKey: '', persisted: true });
          return created();
        },
      },
      leadCache: createLeadCache({ now: () => clock }),
      getApiKey: async () => KEY,
      deliveryState: deliveryStateItem,
      scheduleWakeUp: async () => {
        if (first) {
          first = false;
          stalled = true;
          await wakeUpGate.promise;
        }
      },
      now: () => clock,
      random: () => 0.5,
    });
    const draining = delivery.drain(); // nothing to send; stalls in scheduleWakeUp
    await vi.waitFor(() => expect(stalled).toBe(true));
    const captured = delivery.capture(payload('late'));
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    wakeUpGate.resolve();

    expect(await captured).toMatchObject({ state: 'captured' });
    expect(await draining).toMatchObject({ delivered: 1 });
    expect(calls.map((call) => call.slug)).toEqual(['late']);
  });

  it('an item discarded while in flight is not brought back by its result', async () => {
    const answer = deferred<DeliveryResult>();
    const { delivery, calls, outbox, seed } = setup({ respond: () => answer.promise });
    const [item] = await seed(1);
    const draining = delivery.drain();
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    expect(await delivery.discard(item!.id)).toBe(true);
    answer.resolve(serverError);
    await draining;
    expect(await itemsOf(outbox)).toEqual([]);
  });
});

describe('order and concurrency', () => {
  it('sends in capture order, one at a time with concurrency 1', async () => {
    const { delivery, calls, seed } = setup({ concurrency: 1 });
    const items = await seed(20);
    await delivery.drain();
    expect(calls.map((call) => call.idempotencyKey)).toEqual(items.map((item) => item.id));
  });

  it('starts requests in capture order with the default concurrency, even when the clock went back', async () => {
    const { delivery, calls, outbox } = setup();
    const ids = [];
    for (let i = 0; i < 12; i++) ids.push((await addOne(outbox, `p${i}`, START - i * SECOND)).id);
    await delivery.drain();
    expect(calls.map((call) => call.idempotencyKey)).toEqual(ids);
  });

  it('delivers 50 items, never more than 4 in flight', async () => {
    const { delivery, calls, outbox, leadCache, maxInFlight, seed } = setup({
      respond: async (call) => {
        await nextTurn();
        return created(`lead_${call.slug}`);
      },
    });
    await seed(50);
    const report = await delivery.drain();

    expect(report).toMatchObject({ delivered: 50, retrying: 0, failed: 0, pausedBy: null, nextWakeUpAt: null });
    expect(calls).toHaveLength(50);
    expect(new Set(calls.map((call) => call.idempotencyKey)).size).toBe(50);
    expect(maxInFlight()).toBe(4);
    expect(await itemsOf(outbox)).toEqual([]);
    expect(await leadCache.count()).toBe(50);
  });

  it('one bad item never blocks the others: a hanging one, a refused one, a failing one', async () => {
    const hanging = deferred<DeliveryResult>();
    const { delivery, calls, outbox, seed } = setup({
      concurrency: 2,
      respond: (call) => {
        if (call.slug === 'p0') return hanging.promise;
        if (call.slug === 'p1') return invalid;
        if (call.slug === 'p2') return serverError;
        return created();
      },
    });
    await seed(6);
    const draining = delivery.drain();

    // p3, p4, p5 are delivered while p0 still hangs.
    await vi.waitFor(async () => expect((await itemsOf(outbox)).map((item) => slugOf(item.payload))).toEqual(['p0', 'p1', 'p2']));
    expect(calls).toHaveLength(6);

    hanging.resolve(timedOut);
    const report = await draining;
    expect(report).toMatchObject({ delivered: 3, retrying: 2, needsAttention: 1 });
    expect((await itemsOf(outbox)).map((item) => [slugOf(item.payload), item.state])).toEqual([
      ['p0', 'waiting'],
      ['p1', 'needs-attention'],
      ['p2', 'waiting'],
    ]);
  });

  it('a corrupt record in the outbox does not stop the drain', async () => {
    const store = newStore();
    await set('garbage', { seq: 1, payload: null }, store);
    const { delivery, outbox, seed } = setup({ store });
    await seed(2);
    expect(await delivery.drain()).toMatchObject({ delivered: 2 });
    expect(await itemsOf(outbox)).toEqual([]);
    expect(await unreadableKeys(outbox)).toEqual(['garbage']);
  });
});

describe('429', () => {
  it('stops the drain, pauses the queue until Retry-After and schedules the wake-up then', async () => {
    const { delivery, calls, outbox, harness, seed } = setup({
      concurrency: 1,
      respond: (call) => (call.slug === 'p2' && calls.length === 3 ? rateLimited('120') : created()),
    });
    await seed(6);
    const report = await delivery.drain();

    expect(calls.map((call) => call.slug)).toEqual(['p0', 'p1', 'p2']);
    expect(report).toMatchObject({ delivered: 2, pausedBy: 'rate-limited', nextWakeUpAt: START + 120 * SECOND });
    expect(harness.wakeUps.at(-1)).toBe(START + 120 * SECOND);
    expect(await deliveryStateItem.get()).toMatchObject({ rateLimitedUntil: START + 120 * SECOND });
    expect((await itemsOf(outbox))[0]).toMatchObject({
      state: 'waiting',
      attempts: 1,
      nextAttemptAt: START + 120 * SECOND,
      lastError: 'rate-limited (HTTP 429)',
    });

    // Before Retry-After, nothing goes out, whether by drain, retryNow or a new capture.
    clock = START + 119 * SECOND;
    expect(await delivery.drain()).toMatchObject({ pausedBy: 'rate-limited', nextWakeUpAt: START + 120 * SECOND });
    expect(await delivery.retryNow()).toMatchObject({ pausedBy: 'rate-limited' });
    expect(await delivery.capture(payload('new'))).toEqual({ state: 'queued', reason: 'rate-limited' });
    expect(calls).toHaveLength(3);
    expect((await delivery.status()).rateLimitedUntil).toBe(START + 120 * SECOND);

    // Then the rest, the limited item first.
    clock = START + 120 * SECOND;
    expect(await delivery.drain()).toMatchObject({ delivered: 5, pausedBy: null });
    expect(calls.map((call) => call.slug)).toEqual(['p0', 'p1', 'p2', 'p2', 'p3', 'p4', 'p5', 'new']);
    expect((await delivery.status()).rateLimitedUntil).toBeNull();
  });

  it('without Retry-After, waits our own backoff', async () => {
    const { delivery, harness } = setup({ respond: () => rateLimited(null) });
    await delivery.capture(payload('jane'));
    await vi.waitFor(() => expect(harness.wakeUps).toEqual([START + 30 * SECOND]));
  });

  it('lets requests already in flight finish and records them; starts no new one', async () => {
    const answers = [deferred<DeliveryResult>(), deferred<DeliveryResult>(), deferred<DeliveryResult>(), deferred<DeliveryResult>()];
    const { delivery, calls, outbox, seed } = setup({ respond: (_call, index) => answers[index]!.promise });
    await seed(8);
    const draining = delivery.drain();
    await vi.waitFor(() => expect(calls).toHaveLength(4));

    answers[0]!.resolve(rateLimited('60'));
    answers[1]!.resolve(created());
    answers[2]!.resolve(serverError);
    answers[3]!.resolve(created());
    expect(await draining).toMatchObject({ delivered: 2, retrying: 1, pausedBy: 'rate-limited' });
    expect(calls).toHaveLength(4);
    expect((await itemsOf(outbox)).map((item) => slugOf(item.payload))).toEqual(['p0', 'p2', 'p4', 'p5', 'p6', 'p7']);
  });
});

describe('401 / 403', () => {
  it('pauses the queue, keeps everything, and resume() sends it all in order', async () => {
    let keyValid = false;
    const { delivery, calls, outbox, harness, seed } = setup({
      concurrency: 1,
      respond: () => (keyValid ? created() : unauthorized),
    });
    const items = await seed(3);
    const report = await delivery.drain();

    expect(calls).toHaveLength(1);
    expect(report).toMatchObject({ delivered: 0, pausedBy: 'key-rejected' });
    expect(await deliveryStateItem.get()).toMatchObject({ keyRejected: true });
    expect(await itemsOf(outbox)).toHaveLength(3);
    expect(await itemOf(outbox, items[0]!.id)).toMatchObject({ attempts: 1, nextAttemptAt: START, lastError: 'unauthorized (HTTP 401)' });
    // Nothing to wake for but the day before the items' 7-day expiry, to tell the rep.
    expect(harness.wakeUps.at(-1)).toBe(START + RETENTION_MS + 1 - EXPIRY_NOTICE_MS);

    clock += DAY;
    expect(await delivery.drain()).toMatchObject({ pausedBy: 'key-rejected' });
    expect(await delivery.retryNow()).toMatchObject({ pausedBy: 'key-rejected' });
    expect(await delivery.capture(payload('new'))).toEqual({ state: 'queued', reason: 'key-rejected' });
    expect(calls).toHaveLength(1);
    expect((await delivery.status()).keyRejected).toBe(true);

    keyValid = true;
    expect(await delivery.resume()).toMatchObject({ delivered: 4, pausedBy: null });
    expect(calls.map((call) => call.slug)).toEqual(['p0', 'p0', 'p1', 'p2', 'new']);
    expect(await deliveryStateItem.get()).toMatchObject({ keyRejected: false });
  });

  it('a resume() made while the stopped round still waits for a request is not lost', async () => {
    let keyValid = false;
    const slow = deferred<DeliveryResult>();
    const { delivery, calls, outbox, seed } = setup({
      concurrency: 2,
      respond: (call) => (call.slug === 'p1' ? slow.promise : keyValid ? created() : unauthorized),
    });
    await seed(4);
    const draining = delivery.drain();
    await vi.waitFor(async () => expect(await deliveryStateItem.get()).toMatchObject({ keyRejected: true }));
    expect(calls.map((call) => call.slug)).toEqual(['p0', 'p1']);

    keyValid = true;
    const resumed = delivery.resume();
    slow.resolve(created());
    expect(await resumed).toMatchObject({ pausedBy: null });
    expect(await draining).toBe(await resumed);
    expect(calls.map((call) => call.slug)).toEqual(['p0', 'p1', 'p0', 'p2', 'p3']);
    expect(await itemsOf(outbox)).toEqual([]);
  });

  it('403 does the same', async () => {
    const { delivery } = setup({ respond: () => ({ kind: 'unauthorized', httpStatus: 403 }) });
    expect(await delivery.capture(payload('jane'))).toEqual({ state: 'queued', reason: 'key-rejected' });
    expect(await deliveryStateItem.get()).toMatchObject({ keyRejected: true });
  });

  it('in-flight requests finish and are recorded; nothing new starts', async () => {
    const answers = [deferred<DeliveryResult>(), deferred<DeliveryResult>(), deferred<DeliveryResult>(), deferred<DeliveryResult>()];
    const { delivery, calls, outbox, seed } = setup({ respond: (_call, index) => answers[index]!.promise });
    await seed(7);
    const draining = delivery.drain();
    await vi.waitFor(() => expect(calls).toHaveLength(4));

    answers[1]!.resolve(unauthorized);
    await vi.waitFor(async () => expect(await deliveryStateItem.get()).toMatchObject({ keyRejected: true }));
    answers[0]!.resolve(created());
    answers[2]!.resolve(created());
    answers[3]!.resolve(unauthorized);
    expect(await draining).toMatchObject({ delivered: 2, pausedBy: 'key-rejected' });
    expect(calls).toHaveLength(4);
    expect((await itemsOf(outbox)).map((item) => slugOf(item.payload))).toEqual(['p1', 'p3', 'p4', 'p5', 'p6']);
  });
});

describe('422 and needs attention', () => {
  it('keeps a refused item with what the server said, and never sends it again as is', async () => {
    const { delivery, calls, outbox, harness } = setup({ respond: () => invalid });
    await delivery.capture(payload('jane'));
    const [item] = await itemsOf(outbox);
    expect(item).toMatchObject({
      state: 'needs-attention',
      attempts: 1,
      lastError: 'rejected (HTTP 422): validation_failed',
      rejection: { httpStatus: 422, code: 'validation_failed', message: 'First name is not a name', fields: { firstName: 'not a name' } },
    });
    // It does not count as waiting: only its expiry is scheduled.
    await vi.waitFor(() => expect(harness.wakeUps).toEqual([START + RETENTION_MS + 1]));

    clock += DAY;
    await delivery.drain();
    await delivery.retryNow();
    expect(calls).toHaveLength(1);
    expect(await delivery.status()).toMatchObject({ waiting: 0, needsAttention: [item] });
  });

  it('edit: cleans and checks the fields, sends under a new Idempotency-Key, keeps the place in line', async () => {
    let accept = false;
    const { delivery, calls, outbox } = setup({ respond: () => (accept ? created('lead_fixed') : invalid) });
    await delivery.capture(payload('jane'));
    const [refused] = await itemsOf(outbox);
    accept = true;

    const result = await delivery.edit(refused!.id, { firstName: '  Jane\u200B   Marie ', lastName: 'Doe', jobTitle: '  ' });
    expect(result).toMatchObject({ ok: true, report: { delivered: 1 } });
    expect(calls).toHaveLength(2);
    expect(calls[1]?.idempotencyKey).toMatch(UUID_V4);
    expect(calls[1]?.idempotencyKey).not.toBe(refused!.id);
    expect(calls[1]?.persisted).toBe(true);
    expect(await itemsOf(outbox)).toEqual([]);
  });

  it('edit: the edited item keeps its seq and createdAt, and its new body', async () => {
    const { delivery, outbox } = setup({ respond: () => invalid });
    await delivery.capture(payload('jane'));
    const [refused] = await itemsOf(outbox);
    const { delivery: paused } = setup({ key: null, outbox });

    expect(await paused.edit(refused!.id, { firstName: 'Janet', lastName: '', jobTitle: null })).toMatchObject({ ok: true });
    const [edited] = await itemsOf(outbox);
    expect(edited).toMatchObject({
      seq: refused!.seq,
      createdAt: refused!.createdAt,
      state: 'waiting',
      attempts: 0,
      rejection: null,
      lastError: null,
      payload: { ...refused!.payload, firstName: 'Janet', lastName: '', jobTitle: null },
    });
    expect(edited!.id).not.toBe(refused!.id);
  });

  it('edit: refuses fields outside the contract and leaves the item as it was', async () => {
    const { delivery, calls, outbox } = setup({ respond: () => invalid });
    await delivery.capture(payload('jane'));
    const [refused] = await itemsOf(outbox);

    expect(await delivery.edit(refused!.id, { firstName: ' \u200B ', lastName: 'x'.repeat(101), jobTitle: null })).toEqual({
      ok: false,
      error: 'invalid',
      fields: { firstName: 'empty', lastName: 'too-long' },
    });
    expect(await itemsOf(outbox)).toEqual([refused]);
    expect(calls).toHaveLength(1);
  });

  it('edit: refuses a job title on an Instagram capture', async () => {
    const { delivery, outbox } = setup({ respond: () => invalid });
    await delivery.capture({ ...payload('jane'), source: 'instagram', profileUrl: 'https://www.instagram.com/jane', jobTitle: null });
    const [refused] = await itemsOf(outbox);
    expect(await delivery.edit(refused!.id, { firstName: 'Jane', lastName: '', jobTitle: 'CEO' })).toEqual({
      ok: false,
      error: 'invalid',
      fields: { jobTitle: 'invalid' },
    });
  });

  it('edit: only items needing attention can be edited', async () => {
    const { delivery, outbox } = setup({ respond: () => serverError });
    await delivery.capture(payload('jane'));
    const [waiting] = await itemsOf(outbox);
    expect(await delivery.edit(waiting!.id, { firstName: 'X', lastName: '', jobTitle: null })).toEqual({ ok: false, error: 'not-found' });
    expect(await delivery.edit(crypto.randomUUID(), { firstName: 'X', lastName: '', jobTitle: null })).toEqual({
      ok: false,
      error: 'not-found',
    });
    expect(await itemsOf(outbox)).toEqual([waiting]);
  });

  it('discard removes an item for good', async () => {
    const { delivery, outbox, onChange } = setup({ respond: () => invalid });
    await delivery.capture(payload('jane'));
    const [refused] = await itemsOf(outbox);
    onChange.mockClear();
    expect(await delivery.discard(refused!.id)).toBe(true);
    expect(await delivery.discard(refused!.id)).toBe(false);
    expect(await itemsOf(outbox)).toEqual([]);
    expect(onChange).toHaveBeenCalled();
  });
});

describe('expiry', () => {
  it('removes items older than 7 days, waiting or refused, and counts them', async () => {
    let answer: DeliveryResult = invalid;
    const { delivery, calls, outbox, seed } = setup({ respond: () => answer });
    await delivery.capture(payload('refused'));
    answer = serverError;
    await seed(2);
    await delivery.drain();
    expect(calls).toHaveLength(3);

    clock = START + RETENTION_MS; // exactly 7 days: still kept
    answer = serverError;
    await delivery.drain();
    expect(await itemsOf(outbox)).toHaveLength(3);

    clock = START + RETENTION_MS + 1;
    const younger = await addOne(outbox, 'young', clock - DAY);
    const callsBefore = calls.length;
    answer = created();
    expect(await delivery.drain()).toMatchObject({ expired: 3, delivered: 1 });
    expect(calls.slice(callsBefore).map((call) => call.idempotencyKey)).toEqual([younger.id]);
    expect(await itemsOf(outbox)).toEqual([]);
    expect(await deliveryStateItem.get()).toMatchObject({ expiredCount: 3 });
    expect((await delivery.status()).expiredCount).toBe(3);
  });

  it('expires even while the queue is paused, and adds to the count', async () => {
    await deliveryStateItem.set({ keyRejected: true, rateLimitedUntil: null, expiredCount: 2 });
    const { delivery, calls, seed } = setup();
    await seed(1);
    clock += RETENTION_MS + 1;
    expect(await delivery.drain()).toMatchObject({ expired: 1, pausedBy: 'key-rejected', nextWakeUpAt: null });
    expect(calls).toEqual([]);
    expect(await deliveryStateItem.get()).toMatchObject({ expiredCount: 3 });
  });
});

describe('wake-ups', () => {
  it('are scheduled at the earliest retry among waiting items', async () => {
    const { delivery, outbox, harness, seed } = setup({ respond: () => serverError });
    const [a, b] = await seed(2);
    // b has failed twice before: its next wait is 120 s; a's first failure waits 30 s.
    await outbox.apply([{ kind: 'put', item: { ...b!, attempts: 2 } }]);
    const report = await delivery.drain();
    expect(await itemOf(outbox, a!.id)).toMatchObject({ nextAttemptAt: START + 30 * SECOND });
    expect(await itemOf(outbox, b!.id)).toMatchObject({ nextAttemptAt: START + 120 * SECOND });
    expect(report.nextWakeUpAt).toBe(START + 30 * SECOND);
    expect(harness.wakeUps).toEqual([START + 30 * SECOND]);
  });

  it('are not before a 429’s Retry-After, even with items due earlier', async () => {
    await deliveryStateItem.set({ keyRejected: false, rateLimitedUntil: START + 600 * SECOND, expiredCount: 0 });
    const { delivery, harness, seed } = setup();
    await seed(1);
    await delivery.drain();
    expect(harness.wakeUps).toEqual([START + 600 * SECOND]);
  });

  it('are cleared when nothing is left', async () => {
    const { delivery, harness, seed } = setup();
    await seed(3);
    await delivery.drain();
    expect(harness.wakeUps).toEqual([null]);
  });

  it('without a key, only the notice a day before the expiry is scheduled; connecting one and resuming sends', async () => {
    const { delivery, calls, harness, seed } = setup({ key: null });
    await seed(1);
    await delivery.drain();
    expect(harness.wakeUps).toEqual([START + RETENTION_MS + 1 - EXPIRY_NOTICE_MS]);
    harness.key = KEY;
    expect(await delivery.resume()).toMatchObject({ delivered: 1 });
    expect(calls).toHaveLength(1);
  });

  it('connecting a key sends what waited in backoff at once, not at the end of the backoff', async () => {
    let answer: DeliveryResult = serverError;
    const { delivery, calls, seed, outbox } = setup({ respond: () => answer });
    await seed(1);
    await delivery.drain(); // a 5xx: the item now waits 30 s
    expect((await itemsOf(outbox))[0]?.nextAttemptAt).toBeGreaterThan(clock);
    answer = created();
    expect(await delivery.resume()).toMatchObject({ delivered: 1 });
    expect(calls).toHaveLength(2);
  });
});

describe('retryNow, clearAll, status, onChange', () => {
  it('retryNow sends waiting items now, ignoring their backoff', async () => {
    let answer: DeliveryResult = serverError;
    const { delivery, calls, outbox } = setup({ respond: () => answer });
    await delivery.capture(payload('jane'));
    expect(await itemsOf(outbox)).toMatchObject([{ nextAttemptAt: START + 30 * SECOND }]);

    clock += SECOND;
    answer = created();
    expect(await delivery.retryNow()).toMatchObject({ delivered: 1 });
    expect(calls).toHaveLength(2);
  });

  it('retryNow stopped by a 429: once the pause is over, everything that waited goes, not at the end of its backoff', async () => {
    const { delivery, calls, outbox, seed } = setup({ concurrency: 1, respond: (_call, index) => (index === 1 ? rateLimited('2') : created()) });
    const seeded = await seed(6);
    await outbox.apply(seeded.map((item) => ({ kind: 'put', item: { ...item, attempts: 1, nextAttemptAt: START + 30 * SECOND } })));
    expect(await delivery.retryNow()).toMatchObject({ delivered: 1, pausedBy: 'rate-limited' });
    clock = START + 2 * SECOND;
    expect(await delivery.drain()).toMatchObject({ delivered: 5, pausedBy: null });
    expect(calls.map((call) => call.slug)).toEqual(['p0', 'p1', 'p1', 'p2', 'p3', 'p4', 'p5']);
    // Then backoffs count again.
    await seed(1);
    await outbox.apply([{ kind: 'put', item: { ...(await itemsOf(outbox))[0]!, attempts: 1, nextAttemptAt: clock + 30 * SECOND } }]);
    expect(await delivery.drain()).toMatchObject({ delivered: 0 });
  });

  it('clearAll empties the outbox, resets the expired count and clears the wake-up', async () => {
    await deliveryStateItem.set({ keyRejected: false, rateLimitedUntil: null, expiredCount: 4 });
    const { delivery, outbox, harness, seed } = setup({ key: null });
    await seed(3);
    await delivery.clearAll();
    expect(await itemsOf(outbox)).toEqual([]);
    expect(await deliveryStateItem.get()).toMatchObject({ expiredCount: 0 });
    expect(harness.wakeUps.at(-1)).toBeNull();
  });

  it('status reports the queue and the delivery state', async () => {
    let answer: DeliveryResult = invalid;
    const { delivery } = setup({ respond: () => answer });
    await delivery.capture(payload('refused'));
    answer = serverError;
    await delivery.capture(payload('a'));
    await delivery.capture(payload('b'));
    const status = await delivery.status();
    expect(status).toMatchObject({ waiting: 2, expiredCount: 0, keyRejected: false, rateLimitedUntil: null });
    expect(status.needsAttention.map((item) => slugOf(item.payload))).toEqual(['refused']);
  });

  it('calls onChange as the queue changes, and survives one that throws', async () => {
    const { delivery, onChange, outbox } = setup();
    onChange.mockImplementation(() => {
      throw new Error('badge failed');
    });
    expect(await delivery.capture(payload('jane'))).toMatchObject({ state: 'captured' });
    // Once when stored, once when delivered.
    expect(onChange).toHaveBeenCalledTimes(2);
    expect(await itemsOf(outbox)).toEqual([]);
  });
});

describe('captureMany: several captures at once (bulk capture)', () => {
  /** The outbox, with its addMany calls counted. */
  function countingOutbox(store = newStore()) {
    const real = createOutbox(store);
    const writes = { addMany: [] as number[] };
    const outbox = overriding(real, {
      addMany: (payloads, now) => (writes.addMany.push(payloads.length), real.addMany(payloads, now)),
    });
    return { outbox, writes, store };
  }

  it('persists all in one outbox write, then sends each once under its own Idempotency-Key, answering in order', async () => {
    const { outbox, writes, store } = countingOutbox();
    const { delivery, calls, maxInFlight, leadCache } = setup({
      store,
      outbox,
      respond: async (call) => {
        await nextTurn();
        return created(`lead_${call.slug}`);
      },
    });
    const slugs = Array.from({ length: 10 }, (_, i) => `bulk-${i}`);

    const outcomes = await delivery.captureMany(slugs.map((slug) => payload(slug)));

    expect(outcomes).toEqual(slugs.map(() => ({ state: 'captured', capturedAt: payload('x').capturedAt, existing: false })));
    expect(writes).toEqual({ addMany: [10] });
    expect(calls.map((call) => call.slug)).toEqual(slugs);
    expect(calls.every((call) => call.persisted)).toBe(true);
    expect(new Set(calls.map((call) => call.idempotencyKey)).size).toBe(10);
    for (const call of calls) expect(call.idempotencyKey).toMatch(UUID_V4);
    expect(maxInFlight()).toBeLessThanOrEqual(4);
    expect(maxInFlight()).toBeGreaterThan(1);
    expect(await itemsOf(outbox)).toEqual([]);
    for (const slug of slugs) expect(await leadCache.lookup(`https://www.linkedin.com/in/${slug}`)).toMatchObject({ leadId: `lead_${slug}` });
  });

  it('gives each payload its own outcome, in order, whatever became of the others', async () => {
    const { delivery } = setup({ respond: (call) => (call.slug === 'refused' ? invalid : call.slug === 'down' ? serverError : created()) });
    expect(await delivery.captureMany([payload('ok'), payload('refused'), payload('down')])).toEqual([
      { state: 'captured', capturedAt: payload('ok').capturedAt, existing: false },
      { state: 'rejected', message: 'First name is not a name' },
      { state: 'queued', reason: 'server' },
    ]);
  });

  it('when not all fit, stores the ones that do, answers outbox-full for the rest, and drops nothing stored', async () => {
    const { outbox, writes, store } = countingOutbox();
    await store('readwrite', (objectStore) => {
      for (let i = 0; i < OUTBOX_MAX_ITEMS - 2; i++) {
        const id = crypto.randomUUID();
        objectStore.put({ ...payloadRecord(id, `filler-${i}`), seq: i + 1, nextAttemptAt: START + DAY }, id);
      }
      return new Promise<void>((resolve) => (objectStore.transaction.oncomplete = () => resolve()));
    });
    const { delivery, calls } = setup({ store, outbox, key: null });

    const outcomes = await delivery.captureMany([payload('fits-1'), payload('fits-2'), payload('over-1'), payload('over-2')]);

    expect(outcomes).toEqual([{ state: 'not-connected' }, { state: 'not-connected' }, { state: 'outbox-full' }, { state: 'outbox-full' }]);
    expect(writes.addMany).toEqual([4]);
    expect(calls).toEqual([]);
    const stored = await itemsOf(outbox);
    expect(stored).toHaveLength(OUTBOX_MAX_ITEMS);
    expect(stored.slice(-2).map((item) => slugOf(item.payload))).toEqual(['fits-1', 'fits-2']);
    expect(stored.filter((item) => slugOf(item.payload).startsWith('filler-'))).toHaveLength(OUTBOX_MAX_ITEMS - 2);
  }, 30_000); // 5,000 records in fake-indexeddb

  it('respects the queue stop: a 429 on the first leaves the others stored, queued, unsent', async () => {
    const { delivery, calls, outbox } = setup({ concurrency: 1, respond: () => rateLimited('60') });
    expect(await delivery.captureMany([payload('a'), payload('b'), payload('c')])).toEqual([
      { state: 'queued', reason: 'rate-limited' },
      { state: 'queued', reason: 'rate-limited' },
      { state: 'queued', reason: 'rate-limited' },
    ]);
    expect(calls.map((call) => call.slug)).toEqual(['a']);
    expect((await itemsOf(outbox)).map((item) => slugOf(item.payload))).toEqual(['a', 'b', 'c']);
  });
});

describe('bounded outbox', () => {
  it('a capture into a full outbox is refused as outbox-full: nothing sent, nothing stored dropped', async () => {
    const full = overriding(createOutbox(newStore()), {
      // What addMany answers for a capture that does not fit (outbox.test.ts: the bounds themselves).
      addMany: async (payloads) => payloads.map(() => null),
    });
    const { delivery, calls } = setup({ outbox: full });
    expect(await delivery.capture(payload('jane'))).toEqual({ state: 'outbox-full' });
    expect(calls).toEqual([]);
  });
});

describe('erasure without gaps', () => {
  it('Clear local data while a delivery is in flight: its 201 writes no lead-cache entry and no outbox record back', async () => {
    const answer = deferred<DeliveryResult>();
    const { delivery, outbox, leadCache, calls } = setup({ respond: () => answer.promise });
    const outcome = delivery.capture(payload('jane'));
    await vi.waitFor(() => expect(calls).toHaveLength(1));

    await delivery.clearAll();
    await leadCache.clear();
    answer.resolve(created('lead_late'));
    await outcome;
    await delivery.drain();

    expect(await itemsOf(outbox)).toEqual([]);
    expect(await unreadableKeys(outbox)).toEqual([]);
    expect(await leadCache.entries()).toEqual([]);
    expect(await fakeBrowser.storage.local.get('leadCache')).toEqual({});
  });

  it.each([
    ['a 500', serverError],
    ['a 422', invalid],
    ['a 429', rateLimited('60')],
    ['a 401', unauthorized],
  ])('Clear while in flight, then %s: the record is not put back', async (_label, result) => {
    const answer = deferred<DeliveryResult>();
    const { delivery, outbox, calls } = setup({ respond: () => answer.promise });
    const outcome = delivery.capture(payload('jane'));
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    await delivery.clearAll();
    answer.resolve(result);
    await outcome;
    expect(await itemsOf(outbox)).toEqual([]);
    expect(await outbox.read()).toEqual({ items: [], unreadable: [] });
  });

  it('Clear with 9 jobs waiting in memory and 4 in flight (the red team’s run): none of the 9 is ever sent; the 4 write, cache and count nothing', async () => {
    const answers = new Map<string, ReturnType<typeof deferred<DeliveryResult>>>();
    const { delivery, outbox, leadCache, calls, seed } = setup({
      respond: (call) => {
        const answer = deferred<DeliveryResult>();
        answers.set(call.slug, answer);
        return answer.promise;
      },
    });
    await seed(13);
    const draining = delivery.drain();
    await vi.waitFor(() => expect(calls).toHaveLength(4));

    await delivery.clearAll();
    await leadCache.clear();
    // The 4 land: two made new leads, one found the lead there, one failed.
    answers.get('p0')?.resolve(created('lead_p0'));
    answers.get('p1')?.resolve(created('lead_p1'));
    answers.get('p2')?.resolve(existing('lead_p2'));
    answers.get('p3')?.resolve(serverError);
    const report = await draining;
    // A capture made after the clear goes out as usual, and goes first: nothing erased is ahead of it.
    answers.clear();
    const after = delivery.capture(payload('after'));
    await vi.waitFor(() => expect(answers.has('after')).toBe(true));
    answers.get('after')?.resolve(created('lead_after'));
    expect(await after).toMatchObject({ state: 'captured' });

    expect(calls.map((call) => call.slug)).toEqual(['p0', 'p1', 'p2', 'p3', 'after']);
    expect(report).toMatchObject({ delivered: 0, retrying: 0, needsAttention: 0, expired: 0 });
    expect(await outbox.read()).toEqual({ items: [], unreadable: [] });
    expect((await leadCache.entries()).map((row) => row.url)).toEqual(['https://www.linkedin.com/in/after']);
    expect(await delivery.status()).toMatchObject({ waiting: 0, needsAttention: [], expiredCount: 0 });
  });

  it('a capture erased before its request left is answered "refused" (nothing captured, nothing kept), and never sent', async () => {
    const first = deferred<DeliveryResult>();
    const { delivery, calls } = setup({ concurrency: 1, respond: (call) => (call.slug === 'first' ? first.promise : created()) });
    const inFlight = delivery.capture(payload('first'));
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    const waiting = delivery.capture(payload('second'));
    await vi.waitFor(async () => expect((await delivery.status()).waiting).toBe(2));

    await delivery.clearAll();
    expect(await waiting).toEqual({ state: 'refused' });
    first.resolve(created());
    // The one on the wire reached Metrikia: that much is true, and is all it says.
    expect(await inFlight).toMatchObject({ state: 'captured' });
    expect(calls.map((call) => call.slug)).toEqual(['first']);
  });

  it('a drain whose read of the outbox raced a clear sends nothing it read', async () => {
    const store = newStore();
    const reading = deferred<void>();
    const real = createOutbox(store);
    let hold = false;
    const outbox = overriding(real, {
      read: async () => {
        const read = await real.read();
        if (hold) await reading.promise;
        return read;
      },
    });
    const { delivery, calls, seed } = setup({ store, outbox });
    await seed(3);
    hold = true;
    const draining = delivery.drain();
    await delivery.clearAll();
    reading.resolve();
    await draining;
    expect(calls).toEqual([]);
  });

  it('a capture whose write raced a clear: erased if written before it (refused, unsent), sent if written after it', async () => {
    const store = newStore();
    const real = createOutbox(store);
    const gates = { before: deferred<void>(), after: deferred<void>() };
    let gated = true;
    const outbox = overriding(real, {
      addMany: async (payloads, now) => {
        if (!gated) return real.addMany(payloads, now);
        gated = false;
        await gates.before.promise;
        const stored = await real.addMany(payloads, now);
        await gates.after.promise;
        return stored;
      },
    });
    const { delivery, calls } = setup({ store, outbox });

    // Written, then the clear, then the capture carries on: it was erased.
    const writtenBefore = delivery.capture(payload('before'));
    gates.before.resolve();
    await vi.waitFor(async () => expect((await real.summary()).waiting).toHaveLength(1));
    await delivery.clearAll();
    gates.after.resolve();
    expect(await writtenBefore).toEqual({ state: 'refused' });

    // The clear first, then the write: a capture made after the erasure.
    gated = true;
    gates.before = deferred<void>();
    gates.after = deferred<void>();
    const writtenAfter = delivery.capture(payload('after'));
    await delivery.clearAll();
    gates.before.resolve();
    gates.after.resolve();
    expect(await writtenAfter).toMatchObject({ state: 'captured' });
    expect(calls.map((call) => call.slug)).toEqual(['after']);
  });

  it('Discard wins too: a discarded capture waiting in memory is never sent, and one in flight writes and caches nothing', async () => {
    const answers = [deferred<DeliveryResult>(), deferred<DeliveryResult>()];
    const { delivery, outbox, leadCache, calls, seed } = setup({ concurrency: 1, respond: (_call, index) => answers[index]?.promise ?? created() });
    const [onTheWire, waiting] = await seed(2);
    const draining = delivery.drain();
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    expect(await delivery.discard(waiting!.id)).toBe(true);
    expect(await delivery.discard(onTheWire!.id)).toBe(true);
    answers[0]?.resolve(created('lead_p0'));
    expect(await draining).toMatchObject({ delivered: 0 });
    expect(calls.map((call) => call.slug)).toEqual(['p0']);
    expect(await itemsOf(outbox)).toEqual([]);
    expect(await leadCache.entries()).toEqual([]);
  });

  it('a delivery that lands before the clear is wiped by it', async () => {
    const { delivery, leadCache } = setup();
    await delivery.capture(payload('jane'));
    expect(await leadCache.entries()).toHaveLength(1);
    await delivery.clearAll();
    await leadCache.clear();
    expect(await leadCache.entries()).toEqual([]);
  });
});

describe('unreadable records', () => {
  it('are counted, expire 7 days after their createdAt (or after first being found), and add to the expired count', async () => {
    const store = newStore();
    await set('dated', { seq: 1, payload: null, createdAt: START }, store);
    await set('undated', 'not even an object', store);
    const { delivery, outbox } = setup({ store });

    await delivery.drain();
    expect((await delivery.status()).unreadable).toBe(2);
    expect((await deliveryStateItem.get()).unreadableSince).toEqual({ undated: START });

    clock = START + RETENTION_MS + 1;
    expect(await delivery.drain()).toMatchObject({ expired: 2 });
    expect(await unreadableKeys(outbox)).toEqual([]);
    expect(await deliveryStateItem.get()).toMatchObject({ expiredCount: 2, unreadableSince: {} });
  });

  it('an undated one found later gets its own 7 days', async () => {
    const store = newStore();
    const { delivery, outbox } = setup({ store });
    await delivery.drain();
    clock = START + 3 * DAY;
    await set('undated', { seq: 'x' }, store);
    await delivery.drain();
    clock = START + RETENTION_MS + 1;
    await delivery.drain();
    expect(await unreadableKeys(outbox)).toEqual(['undated']);
    clock = START + 3 * DAY + RETENTION_MS + 1;
    await delivery.drain();
    expect(await unreadableKeys(outbox)).toEqual([]);
  });

  it('are cleared by clearAll like the others', async () => {
    const store = newStore();
    await set('undated', 42, store);
    const { delivery, outbox } = setup({ store });
    await delivery.drain();
    await delivery.clearAll();
    expect(await unreadableKeys(outbox)).toEqual([]);
    expect((await deliveryStateItem.get()).unreadableSince).toEqual({});
    expect((await delivery.status()).unreadable).toBe(0);
  });
});

describe('time that moves', () => {
  it('a clock set back a day after a 500: the retry goes 30 s after the failure, not a day later', async () => {
    const { delivery, calls, harness } = setup({ respond: (_call, index) => (index === 0 ? serverError : created()) });
    expect(await delivery.capture(payload('jane'))).toEqual({ state: 'queued', reason: 'server' });
    await vi.waitFor(() => expect(harness.wakeUps).toEqual([START + 30 * SECOND]));

    clock = START - DAY; // the system clock goes back a day
    expect(await delivery.drain()).toMatchObject({ delivered: 0, nextWakeUpAt: START - DAY + 30 * SECOND });
    clock = START - DAY + 30 * SECOND;
    expect(await delivery.drain()).toMatchObject({ delivered: 1 });
    expect(calls).toHaveLength(2);
  });

  it('a worker started after the clock went back: a retry further away than the policy allows is due now', async () => {
    const first = setup({ respond: () => serverError });
    await first.delivery.drain(); // the delivery's time is stored (START)
    clock = START + 50 * 60 * SECOND; // 50 minutes on, not yet written again
    await first.delivery.capture(payload('jane'));
    expect((await itemsOf(first.outbox))[0]).toMatchObject({ nextAttemptAt: clock + 30 * SECOND });

    clock = START - DAY; // the clock goes back a day while no worker runs
    const restarted = setup({ store: first.store, respond: () => created() });
    expect(await restarted.delivery.drain()).toMatchObject({ delivered: 1 });
  });

  it('a 429 pause further away than Retry-After may ask is over', async () => {
    await deliveryStateItem.set({ keyRejected: false, rateLimitedUntil: START + DAY, expiredCount: 0 });
    const { delivery, seed } = setup();
    await seed(1);
    expect(await delivery.drain()).toMatchObject({ delivered: 1, pausedBy: null });
  });

  it('a clock set back 30 days: a capture is removed 7 days after its click (plus the hour since the delivery last looked), not 30 days later', async () => {
    const { delivery, outbox, calls } = setup({ key: null });
    await delivery.capture(payload('jane'));
    clock = START + DAY;
    await delivery.drain(); // the daily alarm's drain
    // An hour later the system clock goes back 30 days; from then on it reads 30 days behind.
    const realTime = (ms: number) => (clock = ms - 30 * DAY);
    realTime(START + DAY + HOUR);
    await delivery.drain();
    expect(await itemsOf(outbox)).toHaveLength(1);
    realTime(START + RETENTION_MS + HOUR);
    await delivery.drain();
    expect(await itemsOf(outbox)).toHaveLength(1);
    realTime(START + RETENTION_MS + HOUR + 1);
    expect(await delivery.drain()).toMatchObject({ expired: 1 });
    expect(await itemsOf(outbox)).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('a clock set back while no worker runs: removed at most a day past the 7 days, counting from the last time stored', async () => {
    const first = setup({ key: null });
    await first.delivery.capture(payload('jane'));
    clock = START + 3 * DAY - 23 * HOUR;
    await first.delivery.drain(); // the last time stored before the jump
    // 23 h later (no drain meanwhile), the clock goes back 30 days, and a new worker starts.
    const real = (offset: number) => START + 3 * DAY + offset;
    clock = real(0) - 30 * DAY;
    const restarted = setup({ store: first.store, key: null });
    await restarted.delivery.drain();
    clock = real(4 * DAY + 23 * HOUR) - 30 * DAY; // 7 days and 23 h after the click
    await restarted.delivery.drain();
    expect(await itemsOf(restarted.outbox)).toHaveLength(1);
    clock += 1; // past 8 days less 23 h of the time the drains saw: removed
    expect(await restarted.delivery.drain()).toMatchObject({ expired: 1 });
  });

  it('a clock moved forward: a waiting retry is due at once; the days it jumped count as passed (a closed browser looks the same)', async () => {
    const { delivery, outbox, calls } = setup({ respond: (_call, index) => (index === 0 ? serverError : created()) });
    await delivery.capture(payload('jane'));
    clock = START + 2 * DAY;
    expect(await delivery.drain()).toMatchObject({ delivered: 1 });
    expect(calls).toHaveLength(2);

    const held = setup({ key: null });
    await held.delivery.capture(payload('john'));
    clock += RETENTION_MS + 1;
    // Never sent past 7 days on the only clock there is: the contract's promise of no second lead.
    expect(await held.delivery.drain()).toMatchObject({ expired: 1 });
    expect(await itemsOf(held.outbox)).toEqual([]);
    expect(await itemsOf(outbox)).toEqual([]);
  });
});

describe('no capture expires in silence', () => {
  it('waiting for a key: a day before removal the badge says "!" and the status how many; then they go, counted', async () => {
    const { delivery, harness, seed } = setup({ key: null });
    await seed(3);
    await seed(1, START + 2 * DAY);
    await delivery.drain();
    expect(harness.wakeUps.at(-1)).toBe(START + RETENTION_MS + 1 - EXPIRY_NOTICE_MS);
    expect(await delivery.badge()).toEqual({ waiting: 4, needsAttention: 0, keyRejected: false, expiringSoon: 0 });

    clock = START + RETENTION_MS + 1 - EXPIRY_NOTICE_MS; // the alarm fires: a day left
    await delivery.drain();
    expect(await delivery.badge()).toEqual({ waiting: 4, needsAttention: 0, keyRejected: false, expiringSoon: 3 });
    expect(await delivery.status()).toMatchObject({ waiting: 4, expiringSoon: 3, expiredCount: 0 });
    expect(harness.wakeUps.at(-1)).toBe(START + RETENTION_MS + 1);

    clock = START + RETENTION_MS + 1;
    expect(await delivery.drain()).toMatchObject({ expired: 3 });
    expect(await delivery.status()).toMatchObject({ waiting: 1, expiringSoon: 0, expiredCount: 3 });
  });

  it('a rejected key holds them too; a server that keeps failing does not (the rep cannot help it)', async () => {
    const rejected = setup({ respond: () => unauthorized });
    await rejected.delivery.capture(payload('jane'));
    clock = START + RETENTION_MS;
    expect(await rejected.delivery.status()).toMatchObject({ keyRejected: true, expiringSoon: 1 });

    clock = START;
    fakeBrowser.reset();
    const failing = setup({ respond: () => serverError });
    await failing.delivery.capture(payload('jane'));
    clock = START + RETENTION_MS;
    expect(await failing.delivery.status()).toMatchObject({ keyRejected: false, waiting: 1, expiringSoon: 0 });
  });

  it('connecting a key in that last day sends them', async () => {
    const { delivery, harness, calls, seed } = setup({ key: null });
    await seed(2);
    clock = START + RETENTION_MS - 1000;
    expect((await delivery.status()).expiringSoon).toBe(2);
    harness.key = KEY;
    expect(await delivery.resume()).toMatchObject({ delivered: 2 });
    expect(calls).toHaveLength(2);
    expect((await delivery.status()).expiringSoon).toBe(0);
  });
});

describe('one read of the outbox per drain', () => {
  it('a drain reads the store once; its wake-up, the badge and the popup come from memory', async () => {
    const store = newStore();
    const real = createOutbox(store);
    let reads = 0;
    const outbox = overriding(real, { read: () => ((reads += 1), real.read()) });
    const { delivery, seed, harness } = setup({ store, outbox, respond: (_call, index) => (index % 2 ? created() : serverError) });
    await seed(10);
    expect(await delivery.drain()).toMatchObject({ delivered: 5, retrying: 5, nextWakeUpAt: START + 30 * SECOND });
    expect(harness.wakeUps).toEqual([START + 30 * SECOND]);
    await delivery.status();
    await delivery.badge();
    expect(reads).toBe(1);
  });
});

