/**
 * One outbox record: its schema, how a stored value is read back (parsed, or kept aside as
 * unreadable), and the figures the outbox's bounds and order are made of; and what the outbox
 * (lib/worker/outbox.ts) offers: only what the product uses.
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

/** A stored record that does not parse: never sent, counted, exported as stored, removed after 7 days. */
export interface UnreadableRecord {
  key: string;
  /** Where the record fails the schema (paths and zod issue codes: never the values). */
  problems: string[];
  /** Its `createdAt`, when that field alone is still a readable time. */
  createdAt: number | null;
  /** What it holds: for the rep's own export only, never for a log. */
  value: unknown;
}

export type ParsedRecord = { ok: true; item: OutboxItem } | { ok: false; record: UnreadableRecord };

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
    return { ok: false, record: { key: String(key), problems, createdAt: readableNumber(value, 'createdAt'), value } };
  }
  if (result.data.id !== key) {
    return {
      ok: false,
      record: { key: String(key), problems: ['id: does not match the key'], createdAt: result.data.createdAt, value },
    };
  }
  return { ok: true, item: result.data };
}

export const byInsertionOrder = (a: OutboxItem, b: OutboxItem): number =>
  a.seq - b.seq || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * What the delivery writes: an attempt's result (`put` over the stored item, or `remove`), an
 * expiry or a discard (`remove`, unreadable records included), an edit (`replace`: the refused item
 * by its edited one, under a new id). Changes to a record gone meanwhile are dropped.
 */
export type OutboxChange =
  | { kind: 'put'; item: OutboxItem }
  | { kind: 'remove'; id: string }
  | { kind: 'replace'; oldId: string; item: OutboxItem };

/** Every record, read once. */
export interface OutboxRead {
  /** Every readable item, in insertion order. */
  items: OutboxItem[];
  unreadable: UnreadableRecord[];
}

/** What the outbox keeps in memory of a waiting capture: who, and its times. */
export interface WaitingEntry {
  id: string;
  profileUrl: string;
  createdAt: number;
  nextAttemptAt: number;
  attempts: number;
}

/** What the popup and the badge show of the outbox, and what the next wake-up is planned from: no read of the store. */
export interface OutboxSummary {
  /** The waiting captures, in no particular order. */
  waiting: WaitingEntry[];
  /** The refused captures, in insertion order. */
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
  /** Every record, read once (and the memory rebuilt from it): what a drain plans from, and "Export my data". */
  read(): Promise<OutboxRead>;
  /** Changes in one transaction; resolves, once committed, with those that took effect. */
  apply(changes: readonly OutboxChange[]): Promise<OutboxChange[]>;
  clear(): Promise<void>;
  /** From memory (the store is read again only if its count changed behind our back). */
  summary(): Promise<OutboxSummary>;
  /** Whether a waiting capture of `profileUrl` is stored, from memory. */
  isWaiting(profileUrl: string): Promise<boolean>;
  /** Whether a capture of `profileUrl` refused by Metrikia waits for the rep's Edit or Discard, from memory. */
  needsAttention(profileUrl: string): Promise<boolean>;
}
