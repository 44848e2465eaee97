/**
 * What the outbox keeps in memory about its store, so that neither a capture nor a page's "is this
 * profile queued?" costs a read of the whole outbox: built from one full read, then updated by every
 * write the outbox makes once it has committed (and rebuilt by every later full read).
 */
import type { OutboxItem } from './outbox-record';

/** Waiting captures by id and by profile URL: `has(url)` costs a map lookup. */
export class WaitingIndex {
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

  get size(): number {
    return this.urlById.size;
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
