import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createLeadCache, LEAD_CACHE_MAX_ENTRIES } from '../../lib/worker/lead-cache';
import { RETENTION_MS } from '../../lib/worker/retention';
import { leadCacheItem } from '../../lib/shared/storage';

const DAY = 24 * 60 * 60_000;
const START = Date.UTC(2026, 10, 23, 9, 41, 7);
const url = (slug: string) => `https://www.linkedin.com/in/${slug}`;
const at = (ms: number) => new Date(ms).toISOString();

let clock: number;
const now = () => clock;

beforeEach(() => {
  fakeBrowser.reset();
  clock = START;
});

describe('lead cache', () => {
  it('with writeEveryMs, writes what arrives meanwhile together, no sooner than that after the last write; lookups do not wait', async () => {
    vi.useFakeTimers({ now: START, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const writes: Array<{ at: number; entries: number }> = [];
      const item = {
        ...leadCacheItem,
        set: async (value: Parameters<typeof leadCacheItem.set>[0]) => (writes.push({ at: Date.now() - START, entries: Object.keys(value).length }), leadCacheItem.set(value)),
      };
      const cache = createLeadCache({ now: () => Date.now(), item, writeEveryMs: 300 });
      await cache.record(url('first'), { capturedAt: at(START), leadId: 'lead_0' });
      await vi.advanceTimersByTimeAsync(100);
      const rest = Array.from({ length: 20 }, (_, i) => cache.record(url(`p${i}`), { capturedAt: at(START), leadId: `lead_${i}` }));
      // Recorded, not yet written: already what a lookup answers.
      expect(await cache.lookup(url('p19'))).toEqual({ capturedAt: at(START), leadId: 'lead_19' });
      expect(await cache.count()).toBe(21);
      await vi.advanceTimersByTimeAsync(199);
      expect(writes).toEqual([{ at: 0, entries: 1 }]);
      await vi.advanceTimersByTimeAsync(1);
      await Promise.all(rest);
      expect(writes).toEqual([{ at: 0, entries: 1 }, { at: 300, entries: 21 }]);
      expect(Object.keys(await leadCacheItem.get())).toHaveLength(21);
    } finally {
      vi.useRealTimers();
    }
  });

  it('records and looks up an entry, in storage.local', async () => {
    const cache = createLeadCache({ now });
    await cache.record(url('jane'), { capturedAt: at(START), leadId: 'lead_1' });

    expect(await cache.lookup(url('jane'))).toEqual({ capturedAt: at(START), leadId: 'lead_1' });
    expect(await cache.lookup(url('john'))).toBeNull();
    // Where it lives: storage.local, under the item's key, readable by a fresh instance.
    expect(await leadCacheItem.get()).toEqual({ [url('jane')]: { capturedAt: at(START), leadId: 'lead_1' } });
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({});
    expect(await createLeadCache({ now }).lookup(url('jane'))).not.toBeNull();
  });

  it('expires an entry 7 days after its capture, checked on read', async () => {
    expect(RETENTION_MS).toBe(7 * DAY);
    const cache = createLeadCache({ now });
    await cache.record(url('jane'), { capturedAt: at(START), leadId: 'lead_1' });

    clock = START + 7 * DAY;
    expect(await cache.lookup(url('jane'))).not.toBeNull();
    clock = START + 7 * DAY + 1;
    expect(await cache.lookup(url('jane'))).toBeNull();
    expect(await cache.count()).toBe(0);
    expect(await cache.entries()).toEqual([]);
  });

  it('replaces the entry of a profile captured again', async () => {
    const cache = createLeadCache({ now });
    await cache.record(url('jane'), { capturedAt: at(START), leadId: 'lead_1' });
    clock = START + 3 * DAY;
    await cache.record(url('jane'), { capturedAt: at(clock), leadId: 'lead_1' });
    clock = START + 9 * DAY;
    expect(await cache.lookup(url('jane'))).toEqual({ capturedAt: at(START + 3 * DAY), leadId: 'lead_1' });
    expect(await cache.count()).toBe(1);
  });

  it('prunes expired entries and says how many went', async () => {
    const cache = createLeadCache({ now });
    await cache.record(url('old-1'), { capturedAt: at(START), leadId: 'lead_1' });
    await cache.record(url('old-2'), { capturedAt: at(START + DAY), leadId: 'lead_2' });
    await cache.record(url('new'), { capturedAt: at(START + 5 * DAY), leadId: 'lead_3' });

    clock = START + 8 * DAY + 1;
    expect(await cache.prune()).toBe(2);
    expect(Object.keys(await leadCacheItem.get())).toEqual([url('new')]);
    expect(await cache.prune()).toBe(0);
  });

  it('treats an entry with an unreadable date as expired', async () => {
    await leadCacheItem.set({ [url('jane')]: { capturedAt: 'yesterday', leadId: 'lead_1' } });
    const cache = createLeadCache({ now });
    expect(await cache.lookup(url('jane'))).toBeNull();
    expect(await cache.prune()).toBe(1);
  });

  it(`keeps at most ${LEAD_CACHE_MAX_ENTRIES} entries: the oldest go first`, async () => {
    const seeded: Record<string, { capturedAt: string; leadId: string }> = {};
    for (let i = 0; i < LEAD_CACHE_MAX_ENTRIES; i++) {
      seeded[url(`p${i}`)] = { capturedAt: at(START + i * 1000), leadId: `lead_${i}` };
    }
    await leadCacheItem.set(seeded);
    clock = START + LEAD_CACHE_MAX_ENTRIES * 1000;
    const cache = createLeadCache({ now });

    await cache.record(url('newest'), { capturedAt: at(clock), leadId: 'lead_new' });
    expect(await cache.count()).toBe(LEAD_CACHE_MAX_ENTRIES);
    expect(await cache.lookup(url('p0'))).toBeNull();
    expect(await cache.lookup(url('p1'))).not.toBeNull();
    expect(await cache.lookup(url('newest'))).toEqual({ capturedAt: at(clock), leadId: 'lead_new' });
  });

  it('loses no entry when records run concurrently', async () => {
    const cache = createLeadCache({ now });
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => cache.record(url(`p${i}`), { capturedAt: at(START + i), leadId: `lead_${i}` })),
    );
    expect(await cache.count()).toBe(12);
  });

  it('writes records that arrive together in a few storage writes, not one each', async () => {
    let writes = 0;
    const counted = { ...leadCacheItem, set: (value: Parameters<typeof leadCacheItem.set>[0]) => ((writes += 1), leadCacheItem.set(value)) };
    const cache = createLeadCache({ now, item: counted });
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => cache.record(url(`p${i}`), { capturedAt: at(START + i), leadId: `lead_${i}` })),
    );
    expect(await cache.count()).toBe(200);
    expect(writes).toBeLessThanOrEqual(2);
  });

  it('lists fresh entries newest first, counts and clears them', async () => {
    const cache = createLeadCache({ now });
    await cache.record(url('a'), { capturedAt: at(START - 2000), leadId: 'lead_a' });
    await cache.record(url('b'), { capturedAt: at(START), leadId: 'lead_b' });
    await cache.record(url('c'), { capturedAt: at(START - 1000), leadId: 'lead_c' });

    expect(await cache.entries()).toEqual([
      { url: url('b'), capturedAt: at(START), leadId: 'lead_b' },
      { url: url('c'), capturedAt: at(START - 1000), leadId: 'lead_c' },
      { url: url('a'), capturedAt: at(START - 2000), leadId: 'lead_a' },
    ]);
    expect(await cache.count()).toBe(3);

    await cache.clear();
    expect(await cache.count()).toBe(0);
    expect(await fakeBrowser.storage.local.get(null)).not.toHaveProperty('leadCache');
  });

  it('survives unreadable storage: reads as empty, records again', async () => {
    await fakeBrowser.storage.local.set({ leadCache: 'garbage' });
    const cache = createLeadCache({ now });
    expect(await cache.lookup(url('jane'))).toBeNull();
    await cache.record(url('jane'), { capturedAt: at(START), leadId: 'lead_1' });
    expect(await cache.lookup(url('jane'))).not.toBeNull();
    // The item's shared fallback was not mutated along the way.
    expect(leadCacheItem.fallback).toEqual({});
  });
});

describe('lookups from memory', () => {
  it('reads storage once, then answers lookups from memory, following its own writes and clear', async () => {
    let reads = 0;
    const counted = { ...leadCacheItem, get: () => ((reads += 1), leadCacheItem.get()) };
    const cache = createLeadCache({ item: counted, now: () => START });
    for (let i = 0; i < 20; i++) expect(await cache.lookup(url('jane'))).toBeNull();
    await cache.record(url('jane'), { capturedAt: at(START), leadId: 'lead_1' });
    expect(await cache.lookup(url('jane'))).toEqual({ capturedAt: at(START), leadId: 'lead_1' });
    await cache.clear();
    expect(await cache.lookup(url('jane'))).toBeNull();
    expect(await leadCacheItem.get()).toEqual({});
    expect(reads).toBe(1);
  });
});
