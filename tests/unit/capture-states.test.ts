import 'fake-indexeddb/auto';
import { createStore } from 'idb-keyval';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { LeadPayload } from '../../lib/shared/contract';
import type { DeliveryResult } from '../../lib/worker/api';
import { CAPTURE_STATES_MAX, createCaptureStates, type CaptureEvent } from '../../lib/worker/capture-states';
import { createDelivery } from '../../lib/worker/delivery';
import { createLeadCache } from '../../lib/worker/lead-cache';
import { createOutbox, OUTBOX_STORE_NAME } from '../../lib/worker/outbox';
import { deliveryStateItem } from '../../lib/shared/storage';

const START = Date.UTC(2026, 11, 6, 9, 0, 0);
const created: DeliveryResult = { kind: 'delivered', leadId: 'lead_1', status: 'created', replayed: false };
const existing: DeliveryResult = { kind: 'delivered', leadId: 'lead_1', status: 'existing', replayed: false };
const offline: DeliveryResult = { kind: 'retryable', reason: 'network', httpStatus: null };
const invalid: DeliveryResult = { kind: 'rejected', httpStatus: 422, code: 'validation_failed', message: 'Not a name', fields: {} };

const url = (slug: string) => `https://www.linkedin.com/in/${slug}`;
const payload = (slug: string, firstName = 'Jane'): LeadPayload => ({
  source: 'linkedin',
  profileUrl: url(slug),
  firstName,
  lastName: 'Doe',
  jobTitle: 'Sales',
  capturedAt: new Date(START).toISOString(),
});
const jane = { firstName: 'Jane', lastName: 'Doe', jobTitle: 'Sales' };

/** Delivery over a real outbox and lead cache, reporting to a real capture-states owner; `respond` overrides `answers`. */
function setup(answers: DeliveryResult[], options: { respond?: () => Promise<DeliveryResult>; now?: () => number; key?: string | null } = {}) {
  const outbox = createOutbox(createStore(`states-${crypto.randomUUID()}`, OUTBOX_STORE_NAME));
  const leadCache = createLeadCache({ now: () => START });
  const captureStates = createCaptureStates({ outbox, leadCache });
  const events: CaptureEvent[] = [];
  captureStates.subscribe((event) => events.push(event));
  let next = 0;
  const api = { postLead: async (): Promise<DeliveryResult> => (options.respond ? options.respond() : (answers[Math.min(next++, answers.length - 1)] ?? created)) };
  const delivery = createDelivery({
    outbox,
    api,
    leadCache,
    getApiKey: async () => (options.key === undefined ? 'mk_live_key' : options.key),
    deliveryState: deliveryStateItem,
    captureStates,
    scheduleWakeUp: async () => undefined,
    now: options.now ?? (() => START),
    random: () => 0.5,
  });
  /** The states told, in order, for one profile. */
  const told = (slug: string) =>
    events.flatMap((event) => (event.kind === 'changed' && event.profileUrl === url(slug) ? [event.state.status.state] : []));
  return { outbox, leadCache, captureStates, delivery, events, told };
}

beforeEach(() => fakeBrowser.reset());

describe('the worker owns each capture state, and delivery tells every change', () => {
  it('a delivered capture goes sending → captured, with who was sent', async () => {
    const { delivery, captureStates, told } = setup([created]);
    await delivery.capture(payload('jane'));
    expect(told('jane')).toEqual(['sending', 'captured']);
    expect(await captureStates.get(url('jane'))).toEqual({
      status: { state: 'captured', capturedAt: payload('jane').capturedAt, existing: false },
      person: jane,
    });
  });

  it('says when Metrikia already had the lead', async () => {
    const { delivery, captureStates } = setup([existing]);
    await delivery.capture(payload('jane'));
    expect((await captureStates.get(url('jane'))).status).toMatchObject({ state: 'captured', existing: true });
  });

  it('Queued → Captured when a later drain delivers it: the change is told, not left for a reload', async () => {
    const { delivery, captureStates, told } = setup([offline, created]);
    expect(await delivery.capture(payload('jane'))).toEqual({ state: 'queued', reason: 'offline' });
    expect((await captureStates.get(url('jane'))).status).toEqual({ state: 'queued', reason: 'offline' });
    await delivery.retryNow();
    expect(told('jane').slice(-2)).toEqual(['sending', 'captured']);
    expect(await captureStates.get(url('jane'))).toMatchObject({ status: { state: 'captured' }, person: jane });
  });

  it('Rejected → Save and send → Captured, under the edited names', async () => {
    const { delivery, outbox, captureStates } = setup([invalid, created]);
    await delivery.capture(payload('jane'));
    expect((await captureStates.get(url('jane'))).status).toEqual({ state: 'rejected', message: 'Not a name' });
    const [refused] = (await outbox.summary()).needsAttention;
    await delivery.edit(refused?.id ?? '', { firstName: 'Janet', lastName: 'Doe', jobTitle: 'Sales' });
    expect(await captureStates.get(url('jane'))).toMatchObject({
      status: { state: 'captured' },
      person: { firstName: 'Janet', lastName: 'Doe', jobTitle: 'Sales' },
    });
  });

  it('Discard makes it none, and erasure forgets everything at once', async () => {
    const { delivery, outbox, captureStates, events } = setup([invalid, invalid]);
    await delivery.capture(payload('jane'));
    await delivery.capture(payload('john'));
    const [refused] = (await outbox.summary()).needsAttention;
    await delivery.discard(refused?.id ?? '');
    expect(await captureStates.get(url('jane'))).toEqual({ status: { state: 'none' }, person: null });
    await delivery.clearAll();
    expect(events.at(-1)).toEqual({ kind: 'erased' });
    expect(await captureStates.get(url('john'))).toEqual({ status: { state: 'none' }, person: null });
  });

  it('a fresh worker derives a state from the outbox and the lead cache, without names', async () => {
    const first = setup([offline]);
    await first.delivery.capture(payload('jane'));
    await first.leadCache.record(url('john'), { capturedAt: payload('john').capturedAt, leadId: 'lead_2' });
    const restarted = createCaptureStates({ outbox: first.outbox, leadCache: first.leadCache });
    expect(await restarted.get(url('jane'))).toEqual({ status: { state: 'queued', reason: 'server' }, person: null });
    expect(await restarted.get(url('john'))).toEqual({
      status: { state: 'captured', capturedAt: payload('john').capturedAt, existing: false },
      person: null,
    });
    expect(await restarted.get(url('nobody'))).toEqual({ status: { state: 'none' }, person: null });
  });

  it(`remembers at most ${CAPTURE_STATES_MAX} profiles, forgetting the oldest report first`, async () => {
    const { captureStates } = setup([]);
    for (let index = 0; index <= CAPTURE_STATES_MAX; index++) {
      captureStates.report(url(`p${index}`), { state: 'sending' }, jane);
    }
    expect((await captureStates.get(url('p0'))).person).toBeNull();
    expect((await captureStates.get(url(`p${CAPTURE_STATES_MAX}`))).person).toEqual(jane);
  });

  it('a capture removed after 7 days unsent becomes none', async () => {
    let clock = START;
    const { delivery, captureStates, told } = setup([], { now: () => clock, key: null });
    await delivery.capture(payload('jane'));
    expect((await captureStates.get(url('jane'))).status).toEqual({ state: 'queued', reason: 'no-key' });
    clock = START + 7 * 24 * 60 * 60_000 + 1;
    expect(await delivery.drain()).toMatchObject({ expired: 1 });
    expect(told('jane').at(-1)).toBe('none');
    expect(await captureStates.get(url('jane'))).toEqual({ status: { state: 'none' }, person: null });
  });

  it('after an erasure nothing erased is told again, even when a request in flight lands', async () => {
    let land: (result: DeliveryResult) => void = () => undefined;
    const { delivery, captureStates, events } = setup([], { respond: () => new Promise<DeliveryResult>((resolve) => (land = resolve)) });
    const capturing = delivery.capture(payload('jane'));
    await vi.waitFor(() => expect(events.at(-1)).toMatchObject({ kind: 'changed', state: { status: { state: 'sending' } } }));
    await delivery.clearAll();
    expect(events.at(-1)).toEqual({ kind: 'erased' });
    const heard = events.length;
    land(created);
    await capturing;
    await delivery.drain();
    expect(events).toHaveLength(heard);
    expect(await captureStates.get(url('jane'))).toEqual({ status: { state: 'none' }, person: null });
  });
});
