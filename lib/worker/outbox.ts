/**
 * The outbox: every capture, persisted in IndexedDB before its first send and kept until the
 * server has it (or the user discards it, or it expires after 7 days). IndexedDB rather than
 * storage.local: each item is its own record, so a capture and a delivery touching different
 * items never rewrite one shared array, and read-modify-write steps run in one transaction.
 *
 * Its face is what the product does with it: add captures (`addMany`), read every record once per
 * drain or export (`read`), write results, edits and removals (`apply`), erase (`clear`), and answer
 * the popup, the badge and the pages from memory (`summary`, `isWaiting`, `needsAttention`).
 *
 * Every record read back is parsed (lib/worker/outbox-record.ts). One that does not parse (written
 * by a future version, or damaged) is left where it is, untouched, and read back as unreadable:
 * never silently deleted, never able to crash a drain. It is removed like any capture: by "Clear
 * local data", and after 7 days (lib/worker/retention.ts).
 *
 * Bounded: at most OUTBOX_MAX_ITEMS records and OUTBOX_MAX_CHARS of their JSON form, unreadable
 * records included. A capture that would pass either bound is refused and nothing already stored
 * is dropped to make room. The sizes and seqs are kept in memory (lib/worker/outbox-index.ts), so a
 * capture is one write; the write counts the store first and reads it all again only if another
 * writer changed how many records there are.
 */
import { clear as clearStore, createStore, entries, promisifyRequest, type UseStore } from 'idb-keyval';
import { Memory, TYPICAL_RECORD_CHARS, fits, place } from './outbox-index';
import {
  byInsertionOrder, newItem,
  type Outbox, type OutboxChange, type OutboxItem, type OutboxRead, type OutboxSummary, type ParsedRecord, type UnreadableRecord,
} from './outbox-record';
import type { LeadPayload } from '../shared/contract';

export {
  outboxItemSchema,
  type Outbox, type OutboxChange, type OutboxItem, type OutboxRead, type OutboxSummary, type UnreadableRecord, type WaitingEntry,
} from './outbox-record';

export const OUTBOX_DB_NAME = 'metrikia-companion';
export const OUTBOX_STORE_NAME = 'outbox';
export { OUTBOX_MAX_CHARS, OUTBOX_MAX_ITEMS } from './outbox-index';

/** Resolves when `transaction` commits, rejects if it fails or aborts. */
function committed(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = transaction.onabort = () => reject(transaction.error ?? new Error('transaction aborted'));
  });
}

/** Calls `then` in `objectStore`'s transaction if a record is stored under `key`. */
function ifStored(objectStore: IDBObjectStore, key: string, then: () => void): void {
  const current = objectStore.getKey(key);
  current.onsuccess = () => {
    if (current.result !== undefined) then();
  };
}

/**
 * Writes `change` in `objectStore`'s transaction and calls `took` if it took effect. Only over a
 * stored record: a delivery finishing after a discard or an erasure must not bring it back.
 */
function write(objectStore: IDBObjectStore, change: OutboxChange, took: () => void): void {
  switch (change.kind) {
    case 'put':
      return ifStored(objectStore, change.item.id, () => (objectStore.put(change.item, change.item.id), took()));
    case 'remove':
      return ifStored(objectStore, change.id, () => (objectStore.delete(change.id), took()));
    case 'replace':
      // `add`, not `put`: an id already in use fails the transaction instead of overwriting another capture.
      return ifStored(objectStore, change.oldId, () => (objectStore.delete(change.oldId), objectStore.add(change.item, change.item.id), took()));
  }
}

class IndexedDbOutbox implements Outbox {
  /**
   * Null until the first full read. Every full read rebuilds it; every write updates it once
   * committed. IndexedDB runs a read-write transaction after the reads started before it, so a
   * read's result already holds every write committed before it and none after.
   */
  private memory: Memory | null = null;
  private loading: Promise<unknown> | null = null;

  constructor(private readonly store: UseStore) {}

  addMany(payloads: readonly LeadPayload[], now: number): Promise<(OutboxItem | null)[]> {
    const drafts = payloads.map((payload) => newItem(payload, now, crypto.randomUUID()));
    return this.transact((objectStore) => {
      let placed: (OutboxItem | null)[] = [];
      // The bounds are checked in the same transaction as the write: two captures at once cannot
      // both take the last place. The count tells whether the memory still describes the store.
      const count = objectStore.count();
      count.onsuccess = () => {
        const memory = this.memory;
        if (memory && memory.footprint.count === count.result) return void (placed = place(objectStore, drafts, memory.footprint));
        const keys = objectStore.getAllKeys();
        const values = objectStore.getAll();
        values.onsuccess = () => {
          const fresh = Memory.of(keys.result.map((key, index) => [key, values.result[index]] as const)).memory;
          this.memory = fresh;
          placed = place(objectStore, drafts, fresh.footprint);
        };
      };
      return () => {
        for (const item of placed) if (item) this.remember((known) => known.put(item));
        return placed;
      };
    });
  }

  async read(): Promise<OutboxRead> {
    const items: OutboxItem[] = [];
    const unreadable: UnreadableRecord[] = [];
    for (const parsed of await this.readAll()) {
      if (parsed.ok) items.push(parsed.item);
      else unreadable.push(parsed.record);
    }
    return { items: items.sort(byInsertionOrder), unreadable };
  }

  apply(changes: readonly OutboxChange[]): Promise<OutboxChange[]> {
    return this.transact((objectStore) => {
      const took: OutboxChange[] = [];
      for (const change of changes) write(objectStore, change, () => took.push(change));
      return () => {
        for (const change of took) this.remember((known) => known.apply(change));
        return took;
      };
    });
  }

  async clear(): Promise<void> {
    await clearStore(this.store);
    this.remember((known) => known.clear());
  }

  async summary(): Promise<OutboxSummary> {
    // A fresh worker reads the store once; after that a count is cheap, and only if another
    // writer changed it is the store read again.
    const memory = this.memory;
    const count = memory && (await this.store('readonly', (objectStore) => promisifyRequest(objectStore.count())));
    const view = memory ? (memory.footprint.count === count ? memory : await this.known(true)) : await this.known();
    return {
      waiting: view.waiting.entries(),
      needsAttention: [...view.refused.values()].sort(byInsertionOrder),
      unreadable: view.unreadable.size,
      full: !fits(view.footprint, TYPICAL_RECORD_CHARS),
    };
  }

  async isWaiting(profileUrl: string): Promise<boolean> {
    return (await this.known()).waiting.has(profileUrl);
  }

  async needsAttention(profileUrl: string): Promise<boolean> {
    for (const item of (await this.known()).refused.values()) if (item.payload.profileUrl === profileUrl) return true;
    return false;
  }

  private remember(change: (memory: Memory) => void): void {
    if (this.memory) change(this.memory);
  }

  private async readAll(): Promise<ParsedRecord[]> {
    const read = Memory.of(await entries<IDBValidKey, unknown>(this.store));
    this.memory = read.memory;
    return read.parsed;
  }

  /** The memory, read first if there is none (or if `reread`); one first read for everyone who asks meanwhile. */
  private async known(reread = false): Promise<Memory> {
    if (!reread && this.memory) return this.memory;
    if (reread) await this.readAll();
    else await (this.loading ??= this.readAll().finally(() => (this.loading = null)));
    return this.memory ?? new Memory();
  }

  /** One read-write transaction; what `body` returns runs once it has committed (to update the memory). */
  private transact<T>(body: (objectStore: IDBObjectStore) => () => T): Promise<T> {
    return this.store('readwrite', (objectStore) => {
      const done = committed(objectStore.transaction);
      const onCommit = body(objectStore);
      return done.then(onCommit);
    });
  }
}

export function createOutbox(store: UseStore = createStore(OUTBOX_DB_NAME, OUTBOX_STORE_NAME)): Outbox {
  return new IndexedDbOutbox(store);
}
