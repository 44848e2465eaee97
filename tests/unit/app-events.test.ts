/** What the worker tells our open pages (issue 20): batched, newest state per profile. */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { BATCH_MS, createAppEvents } from '@/lib/worker/app-events';
import type { AppEvent, CaptureState } from '@/lib/shared/messages';

const JANE = 'https://www.linkedin.com/in/jane-doe';
const JOHN = 'https://www.linkedin.com/in/john-smith';
const queued: CaptureState = { status: { state: 'queued', reason: 'offline' }, person: null };
const captured: CaptureState = { status: { state: 'captured', capturedAt: '2026-12-06T09:00:00.000Z', existing: false }, person: null };

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

function setup(send = vi.fn(async (_event: AppEvent): Promise<unknown> => undefined)) {
  const events = createAppEvents({ send, setTimer: (callback, ms) => void setTimeout(callback, ms) });
  return { events, send };
}

it('gathers the changes of BATCH_MS into one message, the newest state of each profile', async () => {
  const { events, send } = setup();
  events.capture({ kind: 'changed', profileUrl: JANE, state: queued });
  events.capture({ kind: 'changed', profileUrl: JOHN, state: queued });
  events.capture({ kind: 'changed', profileUrl: JANE, state: captured });
  events.queueChanged();
  await vi.advanceTimersByTimeAsync(BATCH_MS - 1);
  expect(send).not.toHaveBeenCalled();
  await vi.advanceTimersByTimeAsync(1);
  expect(send.mock.calls).toEqual([
    [{ type: 'views-changed', captures: [{ profileUrl: JOHN, state: queued }, { profileUrl: JANE, state: captured }], erased: false }],
  ]);
});

it('a queue change alone is told too (the pages ask for their numbers again); an erasure drops what came before it', async () => {
  const { events, send } = setup();
  events.queueChanged();
  await vi.advanceTimersByTimeAsync(BATCH_MS);
  events.capture({ kind: 'changed', profileUrl: JANE, state: queued });
  events.capture({ kind: 'erased' });
  await vi.advanceTimersByTimeAsync(BATCH_MS);
  expect(send.mock.calls).toEqual([
    [{ type: 'views-changed', captures: [], erased: false }],
    [{ type: 'views-changed', captures: [], erased: true }],
  ]);
});

it('no page open (the message is refused) costs nothing more', async () => {
  const { events, send } = setup(vi.fn(async () => Promise.reject(new Error('Receiving end does not exist.'))));
  events.queueChanged();
  await vi.advanceTimersByTimeAsync(BATCH_MS);
  events.queueChanged();
  await vi.advanceTimersByTimeAsync(BATCH_MS);
  expect(send).toHaveBeenCalledTimes(2);
});
