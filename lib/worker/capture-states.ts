/**
 * The worker's one record of each capture's state, keyed by canonical profile URL (issue 20).
 *
 * Delivery reports every change as it happens (`report`, `erased`); nothing else decides a
 * capture's state. `get` answers from this worker's memory of those reports, else from what
 * outlives the worker: the outbox's memory (waiting, refused) and the lead cache (captured in the
 * last 7 days). Views subscribe instead of keeping copies of their own: the page's button, the
 * toolbar icon, the badge and an open popup follow the events.
 *
 * The memory holds names (who a capture sends) for the popup's "This page", so it is bounded and
 * never written anywhere: after a worker restart a capture's status is known, its names are not.
 */
import type { CaptureState, CaptureStatus, CapturedPerson } from '../shared/messages';
import type { LeadCache } from './lead-cache';
import type { Outbox } from './outbox-record';

/** What a view hears. `erased`: every capture was erased at once (Clear local data; disconnect and delete). */
export type CaptureEvent = { kind: 'changed'; profileUrl: string; state: CaptureState } | { kind: 'erased' };

export type CaptureListener = (event: CaptureEvent) => void;

/** Profiles remembered at most; the oldest report is forgotten first (its status is still derived). */
export const CAPTURE_STATES_MAX = 200;

export interface CaptureStates {
  /** What is known of `profileUrl`'s capture now. */
  get(profileUrl: string): Promise<CaptureState>;
  /** A change of one capture, reported by delivery. `person` is kept from the last report when omitted. */
  report(profileUrl: string, status: CaptureStatus, person?: CapturedPerson | null): void;
  /** Every capture was erased: memory goes, and views hear one `erased`. */
  erased(): void;
  /** Every later event, until the returned function is called. */
  subscribe(listener: CaptureListener): () => void;
}

export interface CaptureStatesDeps {
  outbox: Pick<Outbox, 'isWaiting' | 'needsAttention'>;
  leadCache: Pick<LeadCache, 'lookup'>;
}

const NONE: CaptureState = { status: { state: 'none' }, person: null };

export function createCaptureStates(deps: CaptureStatesDeps): CaptureStates {
  const memory = new Map<string, CaptureState>();
  const listeners = new Set<CaptureListener>();

  const tell = (event: CaptureEvent) => {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch {
        // One view failing to follow must not stop delivery or the other views.
      }
    }
  };

  /** Derived from what outlives the worker: newest first (a capture waiting or refused is newer than a cached one). */
  async function derived(profileUrl: string): Promise<CaptureState> {
    const [waiting, refused, cached] = await Promise.all([
      deps.outbox.isWaiting(profileUrl),
      deps.outbox.needsAttention(profileUrl),
      deps.leadCache.lookup(profileUrl),
    ]);
    if (waiting) return { status: { state: 'queued', reason: 'server' }, person: null };
    if (refused) return { status: { state: 'rejected', message: null }, person: null };
    if (cached) return { status: { state: 'captured', capturedAt: cached.capturedAt, existing: false }, person: null };
    return NONE;
  }

  return {
    async get(profileUrl) {
      return memory.get(profileUrl) ?? (await derived(profileUrl));
    },

    report(profileUrl, status, person) {
      const kept = person === undefined ? (memory.get(profileUrl)?.person ?? null) : person;
      const state: CaptureState = { status, person: status.state === 'none' ? null : kept };
      const before = memory.get(profileUrl);
      memory.delete(profileUrl);
      memory.set(profileUrl, state);
      while (memory.size > CAPTURE_STATES_MAX) {
        const oldest = memory.keys().next().value;
        if (oldest === undefined) break;
        memory.delete(oldest);
      }
      // A repeat (a capture stored, then its request leaving) is no news to a view.
      if (before === undefined || JSON.stringify(before) !== JSON.stringify(state)) tell({ kind: 'changed', profileUrl, state });
    },

    erased() {
      memory.clear();
      tell({ kind: 'erased' });
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
