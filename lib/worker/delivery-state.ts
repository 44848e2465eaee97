/**
 * What delivery reads and writes besides the outbox records, kept so that neither a capture nor a
 * drain of 1,000 costs a storage round trip per item:
 * - the delivery state (key rejected, rate-limited until, expired count, the clock), read once and then held in
 *   memory: the worker is its only writer. Changes apply to memory at once, in order, and reach
 *   storage in as few writes as they allow (one while another is under way, with all changes since);
 * - result writes to the outbox, batched the same way: one transaction for all the results that
 *   arrived while the previous one was being written.
 */
import type { DeliveryState, ParsedItem } from '../shared/storage';
import { normalizeApiKey } from './api-key';
import type { Outbox, OutboxChange } from './outbox';

/** Runs `write` now, or, if one runs, once after it with everything that arrived meanwhile. */
function coalescingWriter<T>(write: (batch: T[]) => Promise<void>): { add(entry: T): Promise<void>; settled(): Promise<void> } {
  let pending: T[] = [];
  let next: Promise<void> | null = null;
  let last: Promise<unknown> = Promise.resolve();
  return {
    add(entry) {
      pending.push(entry);
      next ??= (async () => {
        await last.catch(() => undefined);
        next = null;
        const batch = pending;
        pending = [];
        await write(batch);
      })();
      last = next;
      return next;
    },
    settled: () => last.then(() => undefined, () => undefined),
  };
}

export interface StateCache {
  get(): Promise<DeliveryState>;
  /** Applies `change` in memory now; resolves once it is in storage. */
  update(change: (state: DeliveryState) => DeliveryState): Promise<void>;
  /** Resolves once every change made so far is in storage (or failed). */
  settled(): Promise<void>;
}

export function cacheDeliveryState(item: ParsedItem<DeliveryState>): StateCache {
  let memory: Promise<DeliveryState> | null = null;
  const get = (): Promise<DeliveryState> =>
    (memory ??= item.get().catch((error: unknown) => {
      memory = null; // read again next time
      throw error;
    }));
  const writer = coalescingWriter<null>(async () => item.set(await get()));
  return {
    get,
    async update(change) {
      const current = get();
      memory = current.then(change);
      await memory;
      return writer.add(null);
    },
    settled: () => writer.settled(),
  };
}

/** Result writes to the outbox, batched; resolves once the batch holding `change` has committed. */
export function batchOutboxWrites(outbox: Pick<Outbox, 'apply'>): (change: OutboxChange) => Promise<void> {
  const writer = coalescingWriter<OutboxChange>(async (batch) => void (await outbox.apply(batch)));
  return (change) => writer.add(change);
}

/** The stored key, if it is one we may send: normalised once here, where it leaves storage. */
export async function readUsableKey(getApiKey: () => Promise<string | null>): Promise<string | null> {
  const stored = await getApiKey();
  if (stored === null) return null;
  const key = normalizeApiKey(stored);
  return key.ok ? key.key : null;
}
