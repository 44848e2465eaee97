/**
 * One outbox record: its schema, how a stored value is read back (parsed, or kept aside as
 * unreadable), and the figures the outbox's bounds and order are made of; and what the outbox
 * (lib/worker/outbox.ts) offers.
 */
import * as z from 'zod/mini';
import { idempotencyKeySchema, leadPayloadSchema, rejectionSchema, type LeadPayload } from '../shared/contract';

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

export type ParsedRecord = { ok: true; item: OutboxItem } | { ok: false; record: CorruptRecord; value: unknown };

/** A new waiting item for a payload already checked where it entered; `seq` is set when stored. */
export function newItem(payload: LeadPayload, now: number, id: string): OutboxItem {
  return { id, payload, createdAt: now, seq: 0, attempts: 0, nextAttemptAt: now, lastError: null, state: 'waiting', rejection: null };
}

function readableNumber(value: unknown, field: 'createdAt' | 'seq'): number | null {
  if (typeof value !== 'object' || value === null || !(field in value)) return null;
  const found: unknown = (value as Record<string, unknown>)[field];
  return typeof found === 'number' && Number.isFinite(found) ? found : null;
}

/**
 * A stored record's seq, corrupt records included, so that a new item never sorts before an old
 * one, even a damaged one.
 */
export const recordSeq = (value: unknown): number => Math.max(0, Math.floor(readableNumber(value, 'seq') ?? 0));

/** Characters of a record's JSON form; one that cannot be serialised counts as at the bound. */
export function jsonChars(value: unknown, unserialisable: number): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return unserialisable;
  }
}

/** A stored value, read back: every record is parsed, as storage is untrusted. */
export function parseRecord(key: IDBValidKey, value: unknown): ParsedRecord {
  const result = outboxItemSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.code}`);
    return { ok: false, record: { key: String(key), problems, createdAt: readableNumber(value, 'createdAt') }, value };
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

export const byInsertionOrder = (a: OutboxItem, b: OutboxItem): number =>
  a.seq - b.seq || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

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

/** What the popup shows of the outbox. */
export interface OutboxSummary {
  waiting: number;
  /** In insertion order. */
  needsAttention: OutboxItem[];
  /** Records that do not parse. */
  unreadable: number;
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
  /** Every record, read once: what a drain needs. */
  snapshot(): Promise<OutboxSnapshot>;
  /** What the popup shows, from memory (the store is read again only if its count changed behind our back). */
  summary(): Promise<OutboxSummary>;
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
  /** Whether a capture of `profileUrl` refused by Metrikia waits for the rep's Edit or Discard, from memory. */
  needsAttention(profileUrl: string): Promise<boolean>;
  /** How many captures wait to be sent, from the in-memory index (for the badge). */
  waitingCount(): Promise<number>;
  counts(): Promise<{ waiting: number; needsAttention: number; corrupt: number }>;
  corrupt(): Promise<CorruptRecord[]>;
  /** Whether a typical new capture would be refused now (for the popup to say so before a click). */
  isFull(): Promise<boolean>;
  /** The corrupt records with what they hold, for "Export my data". */
  exportCorrupt(): Promise<CorruptRecordExport[]>;
}
