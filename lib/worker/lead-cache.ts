/**
 * Which profiles were captured lately, so the button can say "Captured" before anyone clicks twice.
 * Canonical profile URL → { capturedAt, leadId }, in storage.local, kept 7 days from the capture
 * and at most 5000 entries (about 0.5 MB: far from storage.local's quota, and a bound on what a
 * device keeps about people).
 *
 * The worker keeps the value in memory after its first read and updates it with every write it
 * makes, so `lookup`, asked by pages, is a map lookup, not a storage read of up to 5000 entries.
 * That holds because the worker is the only writer of this item (pages ask it to clear it).
 *
 * Callers pass canonical URLs (lib/shared/profile-url.ts, or a payload's profileUrl, which the contract's
 * schema already requires to be canonical); this module compares them as strings.
 */
import { isPastRetention } from './retention';
import { leadCacheItem, type LeadCacheEntries, type LeadCacheEntry, type ParsedItem } from '../shared/storage';

export const LEAD_CACHE_MAX_ENTRIES = 5000;

export interface LeadCacheRow extends LeadCacheEntry {
  url: string;
}

export interface LeadCache {
  /** The entry for `url`, or null if there is none or it is older than 7 days. */
  lookup(url: string): Promise<LeadCacheEntry | null>;
  /** Adds or replaces the entry for `url`; drops expired entries, then the oldest past 5000. */
  record(url: string, entry: LeadCacheEntry): Promise<void>;
  /** Removes expired entries (and any past the bound); resolves with how many went. */
  prune(): Promise<number>;
  /** How many entries are still fresh. */
  count(): Promise<number>;
  clear(): Promise<void>;
  /** The fresh entries, newest first. */
  entries(): Promise<LeadCacheRow[]>;
}

export interface LeadCacheDeps {
  item?: ParsedItem<LeadCacheEntries>;
  /** The wall clock: entries carry the click's own time. */
  now: () => number;
  /**
   * A write follows the previous one by at least this long (0 by default). Each write is the
   * whole cache, so a drain of 1,000 would otherwise rewrite up to 5,000 entries back to back,
   * and every write is also a storage change event to each open page. Lookups do not wait:
   * they see an entry as soon as it is recorded.
   */
  writeEveryMs?: number;
}

// The age comes from the capture time: the entry stands for "captured on <date>", and an
// unreadable date counts as expired rather than as forever.
function isFresh(entry: LeadCacheEntry, at: number): boolean {
  const capturedAt = Date.parse(entry.capturedAt);
  return !Number.isNaN(capturedAt) && !isPastRetention(capturedAt, at);
}

function freshRows(all: LeadCacheEntries, at: number): LeadCacheRow[] {
  return Object.entries(all)
    .filter(([, entry]) => isFresh(entry, at))
    .map(([url, entry]) => ({ url, ...entry }))
    .sort((a, b) => Date.parse(b.capturedAt) - Date.parse(a.capturedAt) || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}

/** The fresh entries, at most the bound (the newest kept). Sorting only when over the bound. */
function bounded(all: LeadCacheEntries, at: number): LeadCacheEntries {
  const kept: LeadCacheEntries = {};
  let size = 0;
  for (const [url, entry] of Object.entries(all)) {
    if (!isFresh(entry, at)) continue;
    kept[url] = { capturedAt: entry.capturedAt, leadId: entry.leadId };
    size += 1;
  }
  if (size <= LEAD_CACHE_MAX_ENTRIES) return kept;
  const newest: LeadCacheEntries = {};
  for (const row of freshRows(kept, at).slice(0, LEAD_CACHE_MAX_ENTRIES)) {
    newest[row.url] = { capturedAt: row.capturedAt, leadId: row.leadId };
  }
  return newest;
}

export function createLeadCache(deps: LeadCacheDeps): LeadCache {
  const item = deps.item ?? leadCacheItem;
  const { now } = deps;
  const writeEveryMs = deps.writeEveryMs ?? 0;
  /** When the last write started. */
  let lastWriteAt = Number.NEGATIVE_INFINITY;

  /** The stored value as last read or written; null until first needed. */
  let memory: LeadCacheEntries | null = null;
  /** The first read, shared by everything that asks before it lands. */
  let reading: Promise<LeadCacheEntries> | null = null;
  async function current(): Promise<LeadCacheEntries> {
    if (memory) return memory;
    reading ??= item.get().finally(() => (reading = null));
    const value = await reading;
    memory ??= value;
    return memory;
  }
  /**
   * What lookups see: the memory with the entries recorded but not yet written over it. Both are
   * read in one synchronous step after the read, as a write moves entries from one to the other.
   */
  async function settled(): Promise<LeadCacheEntries> {
    await current();
    const all = memory ?? {};
    return pending.size === 0 ? all : { ...all, ...Object.fromEntries(pending) };
  }
  /** In memory first: what is being written is already what lookups should see. */
  async function write(value: LeadCacheEntries): Promise<void> {
    memory = value;
    await item.set(value);
  }

  // Read-modify-write of one storage value: deliveries finish concurrently (up to 4 at once), so
  // writes are chained here, or two of them would each drop the other's entry.
  let writes: Promise<unknown> = Promise.resolve();
  /** Entries waiting for the next write, and that write once it is queued. */
  const pending = new Map<string, LeadCacheEntry>();
  let flushing: Promise<void> | null = null;
  function exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = writes.then(task, task);
    writes = run.catch(() => undefined);
    return run;
  }

  return {
    async lookup(url) {
      // Recorded but not yet written counts: the profile was captured.
      const entry = (await settled())[url];
      return entry && isFresh(entry, now()) ? { capturedAt: entry.capturedAt, leadId: entry.leadId } : null;
    },

    record(url, entry) {
      // Records that arrive while a write is under way are written together by the next one:
      // draining 1,000 captures makes a handful of storage writes, not 1,000 read-modify-writes
      // of an ever larger value.
      pending.set(url, { capturedAt: entry.capturedAt, leadId: entry.leadId });
      flushing ??= exclusive(async () => {
        const wait = lastWriteAt + writeEveryMs - now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        // From here on, a new record waits for the next write.
        flushing = null;
        lastWriteAt = now();
        const batch = new Map(pending);
        // A copy: on unreadable storage, get() hands back the item's shared fallback object.
        const all = { ...(await current()) };
        for (const [pendingUrl, pendingEntry] of batch) all[pendingUrl] = pendingEntry;
        const written = write(bounded(all, now()));
        // Out of `pending` only now that the memory holds them: a lookup never misses one.
        for (const [pendingUrl, pendingEntry] of batch) if (pending.get(pendingUrl) === pendingEntry) pending.delete(pendingUrl);
        await written;
      });
      return flushing;
    },

    prune: () =>
      exclusive(async () => {
        const all = await current();
        const kept = bounded(all, now());
        const removed = Object.keys(all).length - Object.keys(kept).length;
        if (removed > 0) await write(kept);
        return removed;
      }),

    async count() {
      const at = now();
      let fresh = 0;
      for (const entry of Object.values(await settled())) if (isFresh(entry, at)) fresh++;
      return Math.min(fresh, LEAD_CACHE_MAX_ENTRIES);
    },

    clear: () =>
      exclusive(async () => {
        await item.remove();
        memory = {};
      }),

    entries: async () => freshRows(await settled(), now()),
  };
}
