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
import type { LeadPayload } from '../shared/contract';
import { Footprint, WaitingIndex } from './outbox-index';
import {
  byInsertionOrder, jsonChars, newItem, parseRecord, recordSeq,
  type CorruptRecord, type CorruptRecordExport, type OutboxItem, type ParsedRecord,
} from './outbox-record';

export { outboxItemSchema, type CorruptRecord, type CorruptRecordExport, type OutboxItem } from './outbox-record';

export const OUTBOX_DB_NAME = 'metrikia-companion';
export const OUTBOX_STORE_NAME = 'outbox';
/** At most this many records (captures, refused or waiting, and unreadable ones). */
export const OUTBOX_MAX_ITEMS = 5000;
/**
 * At most this many characters of JSON across all records: about 5 MB for Latin text. A capture
 * is under 3,000 characters (the contract's limits), so the count bound is normally reached first;
 * this one bounds records that carry long server messages or that came from elsewhere.
 */
export const OUTBOX_MAX_CHARS = 5 * 1024 * 1024;
/** About the JSON size of a capture of ordinary length, for `isFull()`. */
const TYPICAL_RECORD_CHARS = 400;

/** A new capture was refused because the outbox is at one of its bounds. */
export class OutboxFullError extends Error {
  constructor() {
    super('outbox full');
    this.name = 'OutboxFullError';
  }
}

/** One result of a delivery, written with others in one transaction (`apply`). */
export type OutboxChange = { kind: 'put'; item: OutboxItem } | { kind: 'remove'; id: string };

export interface OutboxSnapshot {
  /** Every readable item, in insertion order. */
  items: OutboxItem[];
  corrupt: CorruptRecord[];
  /** Whether a typical new capture would be refused now. */
  full: boolean;
}

export interface Outbox {
  /**
   * Persists new waiting items, in order, in one transaction that resolves once committed: the ones
   * that fit the bounds, and from the first that does not, none (null in its place and after it).
   */
  addMany(payloads: readonly LeadPayload[], now: number): Promise<(OutboxItem | null)[]>;
  /** `addMany` of one, under `id` if given; rejects with OutboxFullError when it does not fit. */
  add(payload: LeadPayload, now: number, id?: string): Promise<OutboxItem>;
  get(id: string): Promise<OutboxItem | null>;
  /** Every readable item, in insertion order. */
  list(): Promise<OutboxItem[]>;
  /** Every record, read once: what the popup and a drain need. */
  snapshot(): Promise<OutboxSnapshot>;
  /** Writes `item` over the stored one; false (and nothing written) if it is gone meanwhile. */
  update(item: OutboxItem): Promise<boolean>;
  /** Removals and updates in one transaction; an update of a record gone meanwhile is dropped. */
  apply(changes: readonly OutboxChange[]): Promise<void>;
  /** Makes every waiting item due at `at` (none later), in one transaction; resolves with how many changed. */
  makeDue(at: number): Promise<number>;
  /** Swaps the item stored under `oldId` for `item` (which may have a new id), atomically. */
  replace(oldId: string, item: OutboxItem): Promise<boolean>;
  remove(id: string): Promise<void>;
  /** Removes the records under `keys` (corrupt ones included) in one transaction. */
  removeKeys(keys: readonly string[]): Promise<void>;
  clear(): Promise<void>;
  /** Whether a waiting capture of `profileUrl` is stored, from the in-memory index. */
  isWaiting(profileUrl: string): Promise<boolean>;
  /** How many captures wait to be sent, from the in-memory index (for the badge). */
  waitingCount(): Promise<number>;
  counts(): Promise<{ waiting: number; needsAttention: number; corrupt: number }>;
  corrupt(): Promise<CorruptRecord[]>;
  /** Whether a typical new capture would be refused now (for the popup to say so before a click). */
  isFull(): Promise<boolean>;
  /** The corrupt records with what they hold, for "Export my data". */
  exportCorrupt(): Promise<CorruptRecordExport[]>;
}

const fits = (footprint: { count: number; chars: number }, chars: number) =>
  footprint.count + 1 <= OUTBOX_MAX_ITEMS && footprint.chars + chars <= OUTBOX_MAX_CHARS;

/** Resolves when `transaction` commits, rejects if it fails or aborts. */
function committed(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = transaction.onabort = () => reject(transaction.error ?? new Error('transaction aborted'));
  });
}

/** The in-memory view of a store, built from every record it holds. */
class Memory {
  readonly waiting = new WaitingIndex();
  readonly footprint = new Footprint();

  constructor(records: readonly (readonly [IDBValidKey, unknown])[], parsed: readonly ParsedRecord[]) {
    records.forEach(([key, value], index) => {
      this.footprint.put(String(key), jsonChars(value, OUTBOX_MAX_CHARS), recordSeq(value));
      const record = parsed[index];
      if (record?.ok) this.waiting.put(record.item);
    });
  }

  put(item: OutboxItem): void {
    this.footprint.put(item.id, jsonChars(item, OUTBOX_MAX_CHARS), item.seq);
    this.waiting.put(item);
  }

  delete(key: string): void {
    this.footprint.delete(key);
    this.waiting.delete(key);
  }
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
    const records = await entries<IDBValidKey, unknown>(store);
    const parsed = records.map(([key, value]) => parseRecord(key, value));
    memory = new Memory(records, parsed);
    return parsed;
  }
  const known = async (): Promise<Memory> => memory ?? (await readAll(), memory ?? new Memory([], []));

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

  /** Places `drafts` into `objectStore` within the bounds of `footprint`; returns the ones placed. */
  function place(objectStore: IDBObjectStore, drafts: OutboxItem[], footprint: Footprint): (OutboxItem | null)[] {
    const room = { count: footprint.count, chars: footprint.chars };
    let seq = footprint.maxSeq;
    let open = true;
    return drafts.map((draft) => {
      const chars = jsonChars({ ...draft, seq: seq + 1 }, OUTBOX_MAX_CHARS);
      if (!open || !fits(room, chars)) return (open = false), null;
      room.count += 1;
      room.chars += chars;
      const item = { ...draft, seq: (seq += 1) };
      // `add`, not `put`: an id already in use fails the transaction instead of overwriting another capture.
      objectStore.add(item, item.id);
      return item;
    });
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
          const records = keys.result.map((key, index) => [key, values.result[index]] as const);
          memory = new Memory(records, records.map(([key, value]) => parseRecord(key, value)));
          placed = place(objectStore, drafts, memory.footprint);
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
