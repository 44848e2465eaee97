/**
 * The outbox: every capture, persisted in IndexedDB before its first send and kept until the
 * server has it (or the user discards it, or it expires after 7 days). IndexedDB rather than
 * storage.local: each item is its own record, so a capture and a delivery touching different
 * items never rewrite one shared array, and read-modify-write steps run in one transaction.
 *
 * Every record read back is parsed. One that does not parse (written by a future version, or
 * damaged) is left where it is, untouched, out of `list()`, and reported by `corrupt()`: never
 * silently deleted, never able to crash a drain. It is removed like any capture: by "Clear local
 * data", and after 7 days (lib/worker/unreadable-records.ts).
 *
 * Bounded: at most OUTBOX_MAX_ITEMS records and OUTBOX_MAX_CHARS of their JSON form, corrupt
 * records included. A capture that would pass either bound is refused (OutboxFullError) and
 * nothing already stored is dropped to make room.
 *
 * Which profiles have a capture waiting is kept in memory (`isWaiting`), built from one read of
 * the store and then updated by every write this object makes, so a page asking "is this profile
 * queued?" never costs a read of the whole outbox.
 */
import { clear as clearStore, createStore, del, entries, get, type UseStore } from 'idb-keyval';
import * as z from 'zod/mini';
import { idempotencyKeySchema, leadPayloadSchema, type LeadPayload } from '../shared/contract';

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

export const rejectionSchema = z.object({
  httpStatus: z.nullable(z.number()),
  code: z.nullable(z.string()),
  message: z.nullable(z.string()),
  fields: z.record(z.string(), z.string()),
});

export const outboxItemSchema = z.object({
  /** The Idempotency-Key of this capture, for its whole life (a UUID v4). Also the record's key. */
  id: idempotencyKeySchema,
  payload: leadPayloadSchema,
  /** When the capture entered the outbox (epoch ms): the 7-day expiry counts from here. */
  createdAt: z.number(),
  /** Insertion order, unaffected by clock changes: items are sent in this order. */
  seq: z.number(),
  /** Requests made for this item so far. */
  attempts: z.number().check(z.nonnegative()),
  nextAttemptAt: z.number(),
  lastError: z.nullable(z.string()),
  state: z.enum(['waiting', 'needs-attention']),
  /** What the server said when it refused this body (state 'needs-attention'). */
  rejection: z.nullable(rejectionSchema),
});
export type OutboxItem = z.infer<typeof outboxItemSchema>;

export interface CorruptRecord {
  key: string;
  /** Where the record fails the schema (paths and zod issue codes: never the values). */
  problems: string[];
  /** Its `createdAt`, when that field alone is still a readable time. */
  createdAt: number | null;
}

/** A corrupt record with its stored value: for the rep's own export only, never for a log. */
export interface CorruptRecordExport extends CorruptRecord {
  value: unknown;
}

export interface Outbox {
  /**
   * Persists a new waiting item; resolves only once the transaction has committed. Rejects with
   * OutboxFullError, writing nothing, when the outbox is at its bounds.
   */
  add(payload: LeadPayload, now: number, id?: string): Promise<OutboxItem>;
  get(id: string): Promise<OutboxItem | null>;
  /** Every readable item, in insertion order. */
  list(): Promise<OutboxItem[]>;
  /** Writes `item` over the stored one; false (and nothing written) if it is gone meanwhile. */
  update(item: OutboxItem): Promise<boolean>;
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
  counts(): Promise<{ waiting: number; needsAttention: number; corrupt: number }>;
  corrupt(): Promise<CorruptRecord[]>;
  /** Whether a typical new capture would be refused now (for the popup to say so before a click). */
  isFull(): Promise<boolean>;
  /** The corrupt records with what they hold, for "Export my data". */
  exportCorrupt(): Promise<CorruptRecordExport[]>;
}

function readableCreatedAt(value: unknown): number | null {
  if (typeof value !== 'object' || value === null || !('createdAt' in value)) return null;
  const { createdAt } = value;
  return typeof createdAt === 'number' && Number.isFinite(createdAt) ? createdAt : null;
}

/** Characters of a record's JSON form; one that cannot be serialised counts as at the bound. */
function jsonChars(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return OUTBOX_MAX_CHARS;
  }
}

/** Whether `records` plus one more record of `nextChars` would pass a bound. */
function wouldOverflow(records: readonly unknown[], nextChars: number): boolean {
  if (records.length + 1 > OUTBOX_MAX_ITEMS) return true;
  let chars = nextChars;
  for (const record of records) chars += jsonChars(record);
  return chars > OUTBOX_MAX_CHARS;
}

type Parsed = { ok: true; item: OutboxItem } | { ok: false; record: CorruptRecord; value: unknown };

function parseRecord(key: IDBValidKey, value: unknown): Parsed {
  const result = outboxItemSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.code}`);
    return { ok: false, record: { key: String(key), problems, createdAt: readableCreatedAt(value) }, value };
  }
  if (result.data.id !== key) {
    return {
      ok: false,
      record: { key: String(key), problems: ['id: does not match the key'], createdAt: result.data.createdAt },
      value,
    };
  }
  return { ok: true, item: result.data };
}

const byInsertionOrder = (a: OutboxItem, b: OutboxItem) =>
  a.seq - b.seq || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Resolves when `transaction` commits, rejects if it fails or aborts. */
function committed(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = transaction.onabort = () => reject(transaction.error ?? new Error('transaction aborted'));
  });
}

/**
 * Seq of a new item: one past the highest stored. Read in the same readwrite transaction as the
 * write, and IndexedDB serialises readwrite transactions on a store, so two captures at once get
 * different numbers, and a restarted worker (no memory at all) continues where the store is.
 * Corrupt records count too, so a new item never sorts before an old one, even a damaged one.
 */
export function nextSeq(records: readonly unknown[]): number {
  let max = 0;
  for (const record of records) {
    if (typeof record === 'object' && record !== null && 'seq' in record) {
      const { seq } = record;
      if (typeof seq === 'number' && Number.isFinite(seq) && seq > max) max = seq;
    }
  }
  return Math.floor(max) + 1;
}

/** Waiting captures by id and by profile URL: `has(url)` costs a map lookup. */
class WaitingIndex {
  private readonly urlById = new Map<string, string>();
  private readonly countByUrl = new Map<string, number>();

  put(item: OutboxItem): void {
    this.delete(item.id);
    if (item.state !== 'waiting') return;
    const url = item.payload.profileUrl;
    this.urlById.set(item.id, url);
    this.countByUrl.set(url, (this.countByUrl.get(url) ?? 0) + 1);
  }

  delete(id: string): void {
    const url = this.urlById.get(id);
    if (url === undefined) return;
    this.urlById.delete(id);
    const count = (this.countByUrl.get(url) ?? 1) - 1;
    if (count > 0) this.countByUrl.set(url, count);
    else this.countByUrl.delete(url);
  }

  clear(): void {
    this.urlById.clear();
    this.countByUrl.clear();
  }

  has(url: string): boolean {
    return this.countByUrl.has(url);
  }
}

export function createOutbox(store: UseStore = createStore(OUTBOX_DB_NAME, OUTBOX_STORE_NAME)): Outbox {
  /** The waiting items' profile URLs; null until first built. */
  let waiting: WaitingIndex | null = null;
  let building: Promise<WaitingIndex> | null = null;
  /** Changes committed while the index was being built, applied after it (each is idempotent). */
  let changesWhileBuilding: ((index: WaitingIndex) => void)[] = [];

  /** Applies a committed write to the index, in commit order. */
  function indexChange(change: (index: WaitingIndex) => void): void {
    if (waiting) change(waiting);
    else if (building) changesWhileBuilding.push(change);
  }
  const indexItem = (item: OutboxItem) => indexChange((index) => index.put(item));
  const unindex = (id: string) => indexChange((index) => index.delete(id));

  function waitingIndex(): Promise<WaitingIndex> {
    if (waiting) return Promise.resolve(waiting);
    building ??= (async () => {
      const index = new WaitingIndex();
      try {
        for (const parsed of await readAll()) if (parsed.ok) index.put(parsed.item);
        for (const change of changesWhileBuilding) change(index);
        waiting = index;
        return index;
      } finally {
        changesWhileBuilding = [];
        building = null;
      }
    })();
    return building;
  }

  async function readAll(): Promise<Parsed[]> {
    const records = await entries<IDBValidKey, unknown>(store);
    return records.map(([key, value]) => parseRecord(key, value));
  }

  async function list(): Promise<OutboxItem[]> {
    const items: OutboxItem[] = [];
    for (const parsed of await readAll()) if (parsed.ok) items.push(parsed.item);
    return items.sort(byInsertionOrder);
  }

  return {
    async add(payload, now, id = crypto.randomUUID()) {
      const draft = outboxItemSchema.parse({
        id,
        payload,
        createdAt: now,
        seq: 0,
        attempts: 0,
        nextAttemptAt: now,
        lastError: null,
        state: 'waiting',
        rejection: null,
      });
      return store('readwrite', (objectStore) => {
        const done = committed(objectStore.transaction);
        const item: OutboxItem = { ...draft, seq: 0 };
        const all = objectStore.getAll();
        let full = false;
        all.onsuccess = () => {
          const records: unknown[] = all.result;
          // Checked in the same transaction as the write: two captures at once cannot both take
          // the last place.
          if (wouldOverflow(records, jsonChars(item))) {
            full = true;
            return;
          }
          item.seq = nextSeq(records);
          // `add`, not `put`: an id already in use fails the transaction instead of overwriting
          // another capture.
          objectStore.add(item, item.id);
        };
        return done.then(() => {
          if (full) throw new OutboxFullError();
          indexItem(item);
          return item;
        });
      });
    },

    async get(id) {
      const value: unknown = await get(id, store);
      if (value === undefined) return null;
      const parsed = parseRecord(id, value);
      return parsed.ok ? parsed.item : null;
    },

    list,

    async update(item) {
      const next = outboxItemSchema.parse(item);
      return store('readwrite', (objectStore) => {
        const done = committed(objectStore.transaction);
        let found = false;
        const current = objectStore.getKey(next.id);
        current.onsuccess = () => {
          found = current.result !== undefined;
          // Only over a stored item: a delivery finishing after a discard must not bring it back.
          if (found) objectStore.put(next, next.id);
        };
        return done.then(() => {
          if (found) indexItem(next);
          return found;
        });
      });
    },

    async makeDue(at) {
      return store('readwrite', (objectStore) => {
        const done = committed(objectStore.transaction);
        let changed = 0;
        const cursor = objectStore.openCursor();
        cursor.onsuccess = () => {
          const current = cursor.result;
          if (!current) return;
          const parsed = parseRecord(current.key, current.value);
          // Corrupt records stay exactly as they are (see `corrupt()`).
          if (parsed.ok && parsed.item.state === 'waiting' && parsed.item.nextAttemptAt > at) {
            current.update({ ...parsed.item, nextAttemptAt: at });
            changed += 1;
          }
          current.continue();
        };
        return done.then(() => changed);
      });
    },

    async replace(oldId, item) {
      const next = outboxItemSchema.parse(item);
      return store('readwrite', (objectStore) => {
        const done = committed(objectStore.transaction);
        let found = false;
        const current = objectStore.getKey(oldId);
        current.onsuccess = () => {
          found = current.result !== undefined;
          if (!found) return;
          objectStore.delete(oldId);
          objectStore.add(next, next.id);
        };
        return done.then(() => {
          if (found) {
            unindex(oldId);
            indexItem(next);
          }
          return found;
        });
      });
    },

    async remove(id) {
      await del(id, store);
      unindex(id);
    },

    async removeKeys(keys) {
      if (keys.length === 0) return;
      await store('readwrite', (objectStore) => {
        const done = committed(objectStore.transaction);
        for (const key of keys) objectStore.delete(key);
        return done;
      });
      for (const key of keys) unindex(key);
    },

    async clear() {
      await clearStore(store);
      indexChange((index) => index.clear());
    },

    isWaiting: async (profileUrl) => (await waitingIndex()).has(profileUrl),

    async counts() {
      let waiting = 0;
      let needsAttention = 0;
      let corrupt = 0;
      for (const parsed of await readAll()) {
        if (!parsed.ok) corrupt++;
        else if (parsed.item.state === 'waiting') waiting++;
        else needsAttention++;
      }
      return { waiting, needsAttention, corrupt };
    },

    async corrupt() {
      const records: CorruptRecord[] = [];
      for (const parsed of await readAll()) if (!parsed.ok) records.push(parsed.record);
      return records;
    },

    async isFull() {
      const records = (await entries<IDBValidKey, unknown>(store)).map(([, value]) => value);
      return wouldOverflow(records, TYPICAL_RECORD_CHARS);
    },

    async exportCorrupt() {
      const records: CorruptRecordExport[] = [];
      for (const parsed of await readAll()) if (!parsed.ok) records.push({ ...parsed.record, value: parsed.value });
      return records;
    },
  };
}
