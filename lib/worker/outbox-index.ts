/**
 * What the outbox keeps in memory about its store, so that neither a capture nor a page's "is this
 * profile queued?" costs a read of the whole outbox: built from one full read, then updated by every
 * write the outbox makes once it has committed (and rebuilt by every later full read).
 */
import { jsonChars, parseRecord, recordSeq, type OutboxChange, type OutboxItem, type ParsedRecord, type WaitingEntry } from './outbox-record';

/** At most this many records (captures, refused or waiting, and unreadable ones). */
export const OUTBOX_MAX_ITEMS = 5000;
/**
 * At most this many characters of JSON across all records: about 5 MB for Latin text. A capture
 * is under 3,000 characters (the contract's limits), so the count bound is normally reached first;
 * this one bounds records that carry long server messages or that came from elsewhere.
 */
export const OUTBOX_MAX_CHARS = 5 * 1024 * 1024;
/** About the JSON size of a capture of ordinary length, for the summary's `full`. */
export const TYPICAL_RECORD_CHARS = 400;

/** Whether one more record of `chars` keeps the outbox within both bounds. */
export const fits = (footprint: { count: number; chars: number }, chars: number): boolean =>
  footprint.count + 1 <= OUTBOX_MAX_ITEMS && footprint.chars + chars <= OUTBOX_MAX_CHARS;

/** Waiting captures by id (who, and their times) and by profile URL: `has(url)` costs a map lookup. */
export class WaitingIndex {
  private readonly byId = new Map<string, WaitingEntry>();
  private readonly countByUrl = new Map<string, number>();

  put(item: OutboxItem): void {
    this.delete(item.id);
    if (item.state !== 'waiting') return;
    const { id, createdAt, nextAttemptAt, attempts } = item;
    const profileUrl = item.payload.profileUrl;
    this.byId.set(id, { id, profileUrl, createdAt, nextAttemptAt, attempts });
    this.countByUrl.set(profileUrl, (this.countByUrl.get(profileUrl) ?? 0) + 1);
  }

  delete(id: string): void {
    const url = this.byId.get(id)?.profileUrl;
    if (url === undefined) return;
    this.byId.delete(id);
    const count = (this.countByUrl.get(url) ?? 1) - 1;
    if (count > 0) this.countByUrl.set(url, count);
    else this.countByUrl.delete(url);
  }

  clear(): void {
    this.byId.clear();
    this.countByUrl.clear();
  }

  has(url: string): boolean {
    return this.countByUrl.has(url);
  }

  entries(): WaitingEntry[] {
    return [...this.byId.values()];
  }
}

/**
 * Every record's JSON size and seq (corrupt ones included): the outbox's bounds and the next
 * insertion number, without reading the records again.
 */
export class Footprint {
  private readonly byKey = new Map<string, { chars: number; seq: number }>();
  private totalChars = 0;
  private highestSeq = 0;

  get count(): number {
    return this.byKey.size;
  }

  get chars(): number {
    return this.totalChars;
  }

  /** The highest seq stored (or given out by this worker since): a new item gets a higher one. */
  get maxSeq(): number {
    return this.highestSeq;
  }

  put(key: string, chars: number, seq: number): void {
    this.delete(key);
    this.byKey.set(key, { chars, seq });
    this.totalChars += chars;
    this.highestSeq = Math.max(this.highestSeq, seq);
  }

  delete(key: string): void {
    const known = this.byKey.get(key);
    if (!known) return;
    this.byKey.delete(key);
    this.totalChars -= known.chars;
  }

  clear(): void {
    this.byKey.clear();
    this.totalChars = 0;
    this.highestSeq = 0;
  }
}

/** The in-memory view of a store, built from every record it holds. */
export class Memory {
  readonly waiting = new WaitingIndex();
  readonly footprint = new Footprint();
  /** The items needing attention, by id: what the popup lists. */
  readonly refused = new Map<string, OutboxItem>();
  /** Keys of the records that do not parse. */
  readonly unreadable = new Set<string>();

  /** The memory of a store holding `records`, and each record parsed. */
  static of(records: readonly (readonly [IDBValidKey, unknown])[]): { memory: Memory; parsed: ParsedRecord[] } {
    const memory = new Memory();
    const parsed = records.map(([key, value]) => {
      const record = parseRecord(key, value);
      if (record.ok) memory.put(record.item);
      else memory.unreadable.add(String(key));
      memory.footprint.put(String(key), jsonChars(value, OUTBOX_MAX_CHARS), recordSeq(value));
      return record;
    });
    return { memory, parsed };
  }

  put(item: OutboxItem): void {
    this.footprint.put(item.id, jsonChars(item, OUTBOX_MAX_CHARS), item.seq);
    this.waiting.put(item);
    this.unreadable.delete(item.id);
    if (item.state === 'needs-attention') this.refused.set(item.id, item);
    else this.refused.delete(item.id);
  }

  /** A change the outbox has written. */
  apply(change: OutboxChange): void {
    if (change.kind === 'put') return this.put(change.item);
    this.delete(change.kind === 'remove' ? change.id : change.oldId);
    if (change.kind === 'replace') this.put(change.item);
  }

  delete(key: string): void {
    this.footprint.delete(key);
    this.waiting.delete(key);
    this.refused.delete(key);
    this.unreadable.delete(key);
  }

  clear(): void {
    this.footprint.clear();
    this.waiting.clear();
    this.refused.clear();
    this.unreadable.clear();
  }
}

/** Places `drafts` into `objectStore` within the bounds of `footprint`; returns the ones placed. */
export function place(objectStore: IDBObjectStore, drafts: OutboxItem[], footprint: Footprint): (OutboxItem | null)[] {
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
