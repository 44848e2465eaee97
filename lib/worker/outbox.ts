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
import { clear as clearStore, createStore, del, entries, get, type UseStore } from 'idb-keyval';
import { Memory, TYPICAL_RECORD_CHARS, fits, place } from './outbox-index';
import {
  OutboxFullError, byInsertionOrder, newItem, parseRecord,
  type CorruptRecord, type CorruptRecordExport, type Outbox, type OutboxChange, type OutboxItem, type OutboxSnapshot, type ParsedRecord,
} from './outbox-record';

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

export function createOutbox(store: UseStore = createStore(OUTBOX_DB_NAME, OUTBOX_STORE_NAME)): Outbox {
  /**
   * Null until the first full read. Every full read rebuilds it; every write updates it once
   * committed. IndexedDB runs a read-write transaction after the reads started before it, so a
   * read's result already holds every write committed before it and none after.
   */
  let memory: Memory | null = null;
  const remember = (change: (memory: Memory) => void) => memory && change(memory);

  async function readAll(): Promise<ParsedRecord[]> {
    const read = Memory.of(await entries<IDBValidKey, unknown>(store));
    memory = read.memory;
    return read.parsed;
  }
  const known = async (): Promise<Memory> => memory ?? (await readAll(), memory ?? new Memory());

  async function snapshot(): Promise<OutboxSnapshot> {
    const items: OutboxItem[] = [];
    const corrupt: CorruptRecord[] = [];
    for (const parsed of await readAll()) {
      if (parsed.ok) items.push(parsed.item);
      else corrupt.push(parsed.record);
    }
    const full = memory ? !fits(memory.footprint, TYPICAL_RECORD_CHARS) : false;
    return { items: items.sort(byInsertionOrder), corrupt, full };
  }

  function addDrafts(drafts: OutboxItem[]): Promise<(OutboxItem | null)[]> {
    return store('readwrite', (objectStore) => {
      const done = committed(objectStore.transaction);
      let placed: (OutboxItem | null)[] = [];
      // The bounds are checked in the same transaction as the write: two captures at once cannot
      // both take the last place. The count tells whether the memory still describes the store.
      const count = objectStore.count();
      count.onsuccess = () => {
        if (memory && memory.footprint.count === count.result) return void (placed = place(objectStore, drafts, memory.footprint));
        const keys = objectStore.getAllKeys();
        const values = objectStore.getAll();
        values.onsuccess = () => {
          const fresh = Memory.of(keys.result.map((key, index) => [key, values.result[index]] as const)).memory;
          memory = fresh;
          placed = place(objectStore, drafts, fresh.footprint);
        };
      };
      return done.then(() => {
        for (const item of placed) if (item) remember((known) => known.put(item));
        return placed;
      });
    });
  }

  /** One read-write transaction over the store; `onCommit` updates the memory once it has committed. */
  function write<T>(body: (objectStore: IDBObjectStore) => () => T): Promise<T> {
    return store('readwrite', (objectStore) => {
      const done = committed(objectStore.transaction);
      const onCommit = body(objectStore);
      return done.then(onCommit);
    });
  }

  function putIfStored(objectStore: IDBObjectStore, item: OutboxItem, onFound: () => void): void {
    const current = objectStore.getKey(item.id);
    current.onsuccess = () => {
      // Only over a stored item: a delivery finishing after a discard must not bring it back.
      if (current.result === undefined) return;
      objectStore.put(item, item.id);
      onFound();
    };
  }

  return {
    addMany: (payloads, now) => addDrafts(payloads.map((payload) => newItem(payload, now, crypto.randomUUID()))),

    async add(payload, now, id = crypto.randomUUID()) {
      const [item] = await addDrafts([newItem(payload, now, id)]);
      if (!item) throw new OutboxFullError();
      return item;
    },

    async get(id) {
      const value: unknown = await get(id, store);
      if (value === undefined) return null;
      const parsed = parseRecord(id, value);
      return parsed.ok ? parsed.item : null;
    },

    list: async () => (await snapshot()).items,

    snapshot,

    update: (item) =>
      write((objectStore) => {
        let found = false;
        putIfStored(objectStore, item, () => (found = true));
        return () => (found && remember((known) => known.put(item)), found);
      }),

    apply: (changes) =>
      write((objectStore) => {
        const written: OutboxChange[] = [];
        for (const change of changes) {
          if (change.kind === 'remove') objectStore.delete(change.id), written.push(change);
          else putIfStored(objectStore, change.item, () => written.push(change));
        }
        return () => {
          for (const change of written) remember((known) => (change.kind === 'remove' ? known.delete(change.id) : known.put(change.item)));
        };
      }),

    makeDue: (at) =>
      write((objectStore) => {
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
        return () => (changed.forEach((item) => remember((known) => known.put(item))), changed.length);
      }),

    replace: (oldId, item) =>
      write((objectStore) => {
        let found = false;
        const current = objectStore.getKey(oldId);
        current.onsuccess = () => {
          found = current.result !== undefined;
          if (!found) return;
          objectStore.delete(oldId);
          objectStore.add(item, item.id);
        };
        return () => (found && remember((known) => (known.delete(oldId), known.put(item))), found);
      }),

    async remove(id) {
      await del(id, store);
      remember((known) => known.delete(id));
    },

    async removeKeys(keys) {
      if (keys.length === 0) return;
      await write((objectStore) => {
        for (const key of keys) objectStore.delete(key);
        return () => keys.forEach((key) => remember((known) => known.delete(key)));
      });
    },

    async clear() {
      await clearStore(store);
      remember((known) => (known.waiting.clear(), known.footprint.clear()));
    },

    isWaiting: async (profileUrl) => (await known()).waiting.has(profileUrl),

    waitingCount: async () => (await known()).waiting.size,

    async counts() {
      const { items, corrupt } = await snapshot();
      const waiting = items.filter((item) => item.state === 'waiting').length;
      return { waiting, needsAttention: items.length - waiting, corrupt: corrupt.length };
    },

    corrupt: async () => (await snapshot()).corrupt,

    isFull: async () => (await snapshot()).full,

    async exportCorrupt() {
      const records: CorruptRecordExport[] = [];
      for (const parsed of await readAll()) if (!parsed.ok) records.push({ ...parsed.record, value: parsed.value });
      return records;
    },
  };
}
