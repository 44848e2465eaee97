/**
 * The outbox: every capture, persisted in IndexedDB before its first send and kept until the
 * server has it (or the user discards it, or it expires after 7 days). IndexedDB rather than
 * storage.local: each item is its own record, so a capture and a delivery touching different
 * items never rewrite one shared array, and read-modify-write steps run in one transaction.
 *
 * Every record read back is parsed. One that does not parse (written by a future version, or
 * damaged) is left where it is, untouched, out of `list()`, and reported by `corrupt()`: never
 * silently deleted, never able to crash a drain.
 */
import { clear as clearStore, createStore, del, entries, get, type UseStore } from 'idb-keyval';
import * as z from 'zod/mini';
import { idempotencyKeySchema, leadPayloadSchema, type LeadPayload } from './contract';

export const OUTBOX_DB_NAME = 'metrikia-companion';
export const OUTBOX_STORE_NAME = 'outbox';

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
}

export interface Outbox {
  /** Persists a new waiting item; resolves only once the transaction has committed. */
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
  clear(): Promise<void>;
  counts(): Promise<{ waiting: number; needsAttention: number; corrupt: number }>;
  corrupt(): Promise<CorruptRecord[]>;
}

type Parsed = { ok: true; item: OutboxItem } | { ok: false; record: CorruptRecord };

function parseRecord(key: IDBValidKey, value: unknown): Parsed {
  const result = outboxItemSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.code}`);
    return { ok: false, record: { key: String(key), problems } };
  }
  if (result.data.id !== key) return { ok: false, record: { key: String(key), problems: ['id: does not match the key'] } };
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
function nextSeq(records: readonly unknown[]): number {
  let max = 0;
  for (const record of records) {
    if (typeof record === 'object' && record !== null && 'seq' in record) {
      const { seq } = record;
      if (typeof seq === 'number' && Number.isFinite(seq) && seq > max) max = seq;
    }
  }
  return Math.floor(max) + 1;
}

export function createOutbox(store: UseStore = createStore(OUTBOX_DB_NAME, OUTBOX_STORE_NAME)): Outbox {
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
        all.onsuccess = () => {
          item.seq = nextSeq(all.result);
          // `add`, not `put`: an id already in use fails the transaction instead of overwriting
          // another capture.
          objectStore.add(item, item.id);
        };
        return done.then(() => item);
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
        return done.then(() => found);
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
        return done.then(() => found);
      });
    },

    remove: (id) => del(id, store),

    clear: () => clearStore(store),

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
  };
}
