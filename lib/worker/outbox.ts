/**
 * The outbox: every capture, persisted in IndexedDB before its first send and kept until the
 * server has it (or the user discards it, or it expires after 7 days). IndexedDB rather than
 * storage.local: each item is its own record, so a capture and a delivery touching different
 * items never rewrite one shared array, and read-modify-write steps run in one transaction.
 *
 * Every record read back is parsed (lib/worker/outbox-record.ts). One that does not parse (written
 * by a future version, or damaged) is left where it is, untouched, out of `list()`, and reported by
 * `corrupt()`: never silently deleted, never able to crash a drain. It is removed like any capture:
 * by "Clear local data", and after 7 days (lib/worker/unreadable-records.ts).
 *
 * Bounded: at most OUTBOX_MAX_ITEMS records and OUTBOX_MAX_CHARS of their JSON form, corrupt
 * records included. A capture that would pass either bound is refused and nothing already stored
 * is dropped to make room. The sizes and seqs are kept in memory (lib/worker/outbox-index.ts), so a
 * capture is one write; the write counts the store first and reads it all again only if another
 * writer changed how many records there are.
 */
import { clear as clearStore, createStore, del, entries, get, promisifyRequest, type UseStore } from 'idb-keyval';
import { Memory, TYPICAL_RECORD_CHARS, fits, place } from './outbox-index';
import {
  OutboxFullError, byInsertionOrder, newItem, parseRecord,
  type CorruptRecord, type CorruptRecordExport, type Outbox, type OutboxChange, type OutboxItem, type OutboxSnapshot, type OutboxSummary, type ParsedRecord,
} from './outbox-record';
import type { LeadPayload } from '../shared/contract';

export {
  OutboxFullError, outboxItemSchema,
  type CorruptRecord, type CorruptRecordExport, type Outbox, type OutboxChange, type OutboxItem, type OutboxSnapshot,
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

/** Writes `item` over the stored one, in `objectStore`'s transaction, only if it is still stored. */
function putIfStored(objectStore: IDBObjectStore, item: OutboxItem, onFound: () => void): void {
  const current = objectStore.getKey(item.id);
  current.onsuccess = () => {
    // Only over a stored item: a delivery finishing after a discard must not bring it back.
    if (current.result === undefined) return;
    objectStore.put(item, item.id);
    onFound();
  };
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
    return this.addDrafts(payloads.map((payload) => newItem(payload, now, crypto.randomUUID())));
  }

  async add(payload: LeadPayload, now: number, id: string = crypto.randomUUID()): Promise<OutboxItem> {
    const [item] = await this.addDrafts([newItem(payload, now, id)]);
    if (!item) throw new OutboxFullError();
    return item;
  }

  async get(id: string): Promise<OutboxItem | null> {
    const value: unknown = await get(id, this.store);
    if (value === undefined) return null;
    const parsed = parseRecord(id, value);
    return parsed.ok ? parsed.item : null;
  }

  async list(): Promise<OutboxItem[]> {
    return (await this.snapshot()).items;
  }

  async snapshot(): Promise<OutboxSnapshot> {
    const items: OutboxItem[] = [];
    const corrupt: CorruptRecord[] = [];
    for (const parsed of await this.readAll()) {
      if (parsed.ok) items.push(parsed.item);
      else corrupt.push(parsed.record);
    }
    const full = this.memory ? !fits(this.memory.footprint, TYPICAL_RECORD_CHARS) : false;
    return { items: items.sort(byInsertionOrder), corrupt, full };
  }

  async summary(): Promise<OutboxSummary> {
    // A fresh worker reads the store once; after that a count is cheap, and only if another
    // writer changed it is the store read again.
    const memory = this.memory;
    const count = memory && (await this.store('readonly', (objectStore) => promisifyRequest(objectStore.count())));
    const view = memory ? (memory.footprint.count === count ? memory : await this.known(true)) : await this.known();
    return {
      waiting: view.waiting.size,
      needsAttention: [...view.refused.values()].sort(byInsertionOrder),
      unreadable: view.unreadable.size,
      full: !fits(view.footprint, TYPICAL_RECORD_CHARS),
    };
  }

  update(item: OutboxItem): Promise<boolean> {
    return this.transact((objectStore) => {
      let found = false;
      putIfStored(objectStore, item, () => (found = true));
      return () => (found && this.remember((known) => known.put(item)), found);
    });
  }

  apply(changes: readonly OutboxChange[]): Promise<void> {
    return this.transact((objectStore) => {
      const written: OutboxChange[] = [];
      for (const change of changes) {
        if (change.kind === 'remove') objectStore.delete(change.id), written.push(change);
        else putIfStored(objectStore, change.item, () => written.push(change));
      }
      return () => {
        for (const change of written) this.remember((known) => (change.kind === 'remove' ? known.delete(change.id) : known.put(change.item)));
      };
    });
  }

  makeDue(at: number): Promise<number> {
    return this.transact((objectStore) => {
      const changed: OutboxItem[] = [];
      const cursor = objectStore.openCursor();
      cursor.onsuccess = () => {
        const current = cursor.result;
        if (!current) return;
        const parsed = parseRecord(current.key, current.value);
        // Corrupt records stay exactly as they are (see `corrupt()`).
        if (parsed.ok && parsed.item.state === 'waiting' && parsed.item.nextAttemptAt > at) {
          const item = { ...parsed.item, nextAttemptAt: at };
          current.update(item);
          changed.push(item);
        }
        current.continue();
      };
      return () => (changed.forEach((item) => this.remember((known) => known.put(item))), changed.length);
    });
  }

  replace(oldId: string, item: OutboxItem): Promise<boolean> {
    return this.transact((objectStore) => {
      let found = false;
      const current = objectStore.getKey(oldId);
      current.onsuccess = () => {
        found = current.result !== undefined;
        if (!found) return;
        objectStore.delete(oldId);
        objectStore.add(item, item.id);
      };
      return () => (found && this.remember((known) => (known.delete(oldId), known.put(item))), found);
    });
  }

  async remove(id: string): Promise<void> {
    await del(id, this.store);
    this.remember((known) => known.delete(id));
  }

  async removeKeys(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.transact((objectStore) => {
      for (const key of keys) objectStore.delete(key);
      return () => keys.forEach((key) => this.remember((known) => known.delete(key)));
    });
  }

  async clear(): Promise<void> {
    await clearStore(this.store);
    this.remember((known) => known.clear());
  }

  async isWaiting(profileUrl: string): Promise<boolean> {
    return (await this.known()).waiting.has(profileUrl);
  }

  async needsAttention(profileUrl: string): Promise<boolean> {
    for (const item of (await this.known()).refused.values()) if (item.payload.profileUrl === profileUrl) return true;
    return false;
  }

  async waitingCount(): Promise<number> {
    return (await this.known()).waiting.size;
  }

  async counts(): Promise<{ waiting: number; needsAttention: number; corrupt: number }> {
    const { items, corrupt } = await this.snapshot();
    const waiting = items.filter((item) => item.state === 'waiting').length;
    return { waiting, needsAttention: items.length - waiting, corrupt: corrupt.length };
  }

  async corrupt(): Promise<CorruptRecord[]> {
    return (await this.snapshot()).corrupt;
  }

  async isFull(): Promise<boolean> {
    return (await this.snapshot()).full;
  }

  async exportCorrupt(): Promise<CorruptRecordExport[]> {
    const records: CorruptRecordExport[] = [];
    for (const parsed of await this.readAll()) if (!parsed.ok) records.push({ ...parsed.record, value: parsed.value });
    return records;
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

  private addDrafts(drafts: OutboxItem[]): Promise<(OutboxItem | null)[]> {
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
