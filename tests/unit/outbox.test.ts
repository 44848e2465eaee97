/**
 * The outbox through what the product does with it: addMany (a capture, a bulk), read (a drain,
 * an export), apply (results, removals, edits), clear, and the answers from memory (summary,
 * isWaiting, needsAttention). Records an older version or a damaged disk left are written straight
 * into the store with idb-keyval, as they would be found.
 */
import 'fake-indexeddb/auto';
import { createStore, get, set, type UseStore } from 'idb-keyval';
import { beforeEach, describe, expect, it } from 'vitest';
import type { LeadPayload } from '../../lib/shared/contract';
import { createOutbox, OUTBOX_MAX_CHARS, OUTBOX_MAX_ITEMS, OUTBOX_STORE_NAME, type Outbox, type OutboxItem } from '../../lib/worker/outbox';

const NOW = Date.UTC(2026, 10, 23, 9, 41, 7);
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const REFUSED = { httpStatus: 422, code: 'validation_failed', message: null, fields: {} };

function payload(slug: string): LeadPayload {
  return {
    source: 'linkedin',
    profileUrl: `https://www.linkedin.com/in/${slug}`,
    firstName: 'Jane',
    lastName: 'Doe',
    jobTitle: null,
    capturedAt: new Date(NOW).toISOString(),
  };
}
const slugs = (items: readonly OutboxItem[]) => items.map((item) => item.payload.profileUrl.split('/').pop());

/** One capture, as the product adds it (addMany of one). */
async function addOne(outbox: Outbox, slug: string, now = NOW): Promise<OutboxItem> {
  const [item] = await outbox.addMany([payload(slug)], now);
  if (!item) throw new Error('the outbox refused it');
  return item;
}

let dbName: string;
let store: UseStore;

beforeEach(() => {
  // A database of its own per test: nothing leaks from one test to the next.
  dbName = `outbox-test-${crypto.randomUUID()}`;
  store = createStore(dbName, OUTBOX_STORE_NAME);
});

describe('addMany', () => {
  it('persists each payload as a waiting item under a fresh UUID v4, in order, before resolving', async () => {
    const outbox = createOutbox(store);
    const [jane, john] = await outbox.addMany([payload('jane'), payload('john')], NOW);

    expect(jane).toEqual({
      id: expect.stringMatching(UUID_V4),
      payload: payload('jane'),
      createdAt: NOW,
      seq: 1,
      attempts: 0,
      nextAttemptAt: NOW,
      lastError: null,
      state: 'waiting',
      rejection: null,
    });
    expect(john).toMatchObject({ seq: 2, payload: payload('john') });
    expect(john?.id).not.toBe(jane?.id);
    // Read through a separate connection: it is really in IndexedDB, not in memory.
    expect(await get(jane!.id, createStore(dbName, OUTBOX_STORE_NAME))).toEqual(jane);
  });

  // Writes take payloads checked where they entered the worker; what is read back is parsed
  // again (storage is untrusted), so a record outside the schema is never read as an item.
  it('reads a record outside the contract back as unreadable, never as an item', async () => {
    const outbox = createOutbox(store);
    await outbox.addMany([{ ...payload('jane'), firstName: '' }], NOW);
    const { items, unreadable } = await outbox.read();
    expect(items).toEqual([]);
    expect(unreadable.map((record) => record.problems)).toEqual([['payload.firstName: too_small']]);
  });
});

describe('order', () => {
  it('reads in insertion order even when the clock goes backwards', async () => {
    const outbox = createOutbox(store);
    await addOne(outbox, 'first', NOW);
    await addOne(outbox, 'second', NOW - 60_000);
    await addOne(outbox, 'third', NOW - 120_000);
    expect(slugs((await outbox.read()).items)).toEqual(['first', 'second', 'third']);
  });

  it('gives concurrent captures distinct, increasing seqs', async () => {
    const outbox = createOutbox(store);
    const added = await Promise.all(Array.from({ length: 20 }, (_, i) => addOne(outbox, `p${i}`)));
    const seqs = added.map((item) => item.seq);
    expect(new Set(seqs).size).toBe(20);
    expect((await outbox.read()).items.map((item) => item.seq)).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('continues the order after a worker restart (a new connection, no memory)', async () => {
    const before = createOutbox(store);
    await before.addMany([payload('a'), payload('b')], NOW);

    const after = createOutbox(createStore(dbName, OUTBOX_STORE_NAME));
    const c = await addOne(after, 'c', NOW - 1);
    expect(c.seq).toBe(3);
    expect(slugs((await after.read()).items)).toEqual(['a', 'b', 'c']);
  });

  it('a new item sorts after every remaining one, whatever was removed', async () => {
    const outbox = createOutbox(store);
    const [a, b] = await outbox.addMany([payload('a'), payload('b')], NOW);
    await outbox.apply([{ kind: 'remove', id: a!.id }]);
    const c = await addOne(outbox, 'c');
    expect(c.seq).toBeGreaterThan(b!.seq);
    expect((await outbox.read()).items.map((item) => item.id)).toEqual([b!.id, c.id]);
  });
});

describe('apply: results, removals and edits, in one transaction', () => {
  it('writes a result over the stored item, and says which changes took effect', async () => {
    const outbox = createOutbox(store);
    const [a, b] = await outbox.addMany([payload('a'), payload('b')], NOW);
    const retried: OutboxItem = { ...a!, attempts: 1, nextAttemptAt: NOW + 30_000, lastError: 'timeout' };
    const change = { kind: 'put', item: retried } as const;
    expect(await outbox.apply([change, { kind: 'remove', id: b!.id }])).toEqual([change, { kind: 'remove', id: b!.id }]);
    expect((await outbox.read()).items).toEqual([retried]);
  });

  it('never brings back an item removed meanwhile: a result landing after a discard or a clear writes nothing', async () => {
    const outbox = createOutbox(store);
    const [item] = await outbox.addMany([payload('jane')], NOW);
    await outbox.apply([{ kind: 'remove', id: item!.id }]);
    expect(await outbox.apply([{ kind: 'put', item: { ...item!, attempts: 1 } }, { kind: 'remove', id: item!.id }])).toEqual([]);
    const [other] = await outbox.addMany([payload('john')], NOW);
    await outbox.clear();
    expect(await outbox.apply([{ kind: 'put', item: { ...other!, attempts: 1 } }])).toEqual([]);
    expect(await outbox.read()).toEqual({ items: [], unreadable: [] });
  });

  it('replaces a refused item by its edit under a new id, atomically, keeping its place; not once it is gone', async () => {
    const outbox = createOutbox(store);
    const [a, b] = await outbox.addMany([payload('a'), payload('b')], NOW);
    const newId = '3f1c2a9e-7b4d-4c1a-9e2f-0a1b2c3d4e5f';
    const edit = { kind: 'replace', oldId: a!.id, item: { ...a!, id: newId, payload: payload('a-edited') } } as const;
    expect(await outbox.apply([edit])).toEqual([edit]);
    expect((await outbox.read()).items.map((item) => item.id)).toEqual([newId, b!.id]);
    expect(await outbox.apply([{ kind: 'replace', oldId: a!.id, item: { ...a!, id: crypto.randomUUID() } }])).toEqual([]);
    expect((await outbox.read()).items).toHaveLength(2);
  });
});

describe('summary: what the popup, the badge and the next wake-up see, from memory', () => {
  it('the waiting captures with their times, the refused ones in order, the unreadable count, and whether it is full', async () => {
    await set('bad-1', { seq: 1 }, store);
    const outbox = createOutbox(store);
    const [a, b, c] = await outbox.addMany([payload('a'), payload('b'), payload('c')], NOW);
    const refused = { ...b!, attempts: 1, state: 'needs-attention', rejection: REFUSED } as const;
    await outbox.apply([{ kind: 'put', item: refused }, { kind: 'put', item: { ...c!, attempts: 2, nextAttemptAt: NOW + 60_000 } }]);

    const summary = await outbox.summary();
    expect(summary.waiting.sort((x, y) => x.createdAt - y.createdAt || x.attempts - y.attempts)).toEqual([
      { id: a!.id, profileUrl: a!.payload.profileUrl, createdAt: NOW, nextAttemptAt: NOW, attempts: 0 },
      { id: c!.id, profileUrl: c!.payload.profileUrl, createdAt: NOW, nextAttemptAt: NOW + 60_000, attempts: 2 },
    ]);
    expect(summary.needsAttention).toEqual([refused]);
    expect(summary.unreadable).toBe(1);
    expect(summary.full).toBe(false);

    await outbox.clear();
    expect(await outbox.summary()).toEqual({ waiting: [], needsAttention: [], unreadable: 0, full: false });
  });

  it('follows a record another writer added behind its back (the count changed)', async () => {
    const outbox = createOutbox(store);
    await addOne(outbox, 'a');
    expect((await outbox.summary()).waiting).toHaveLength(1);
    const other = createOutbox(createStore(dbName, OUTBOX_STORE_NAME));
    await addOne(other, 'b');
    expect((await outbox.summary()).waiting).toHaveLength(2);
  });
});

describe('unreadable records', () => {
  it('are kept aside: out of the items, reported by path and code, left in place, never a crash', async () => {
    const outbox = createOutbox(store);
    const good = await addOne(outbox, 'good');
    await set('bad-1', { id: 'bad-1', payload: 'not a payload', seq: 99, createdAt: NOW - 5 }, store);
    await set('3f1c2a9e-7b4d-4c1a-9e2f-0a1b2c3d4e5f', 'a string', store);
    await set('ffffffff-7b4d-4c1a-9e2f-0a1b2c3d4e5f', { ...good, id: good.id }, store);

    const { items, unreadable } = await outbox.read();
    expect(items).toEqual([good]);
    expect(unreadable.map((record) => record.key).sort()).toEqual([
      '3f1c2a9e-7b4d-4c1a-9e2f-0a1b2c3d4e5f',
      'bad-1',
      'ffffffff-7b4d-4c1a-9e2f-0a1b2c3d4e5f',
    ]);
    expect(unreadable.find((record) => record.key === 'ffffffff-7b4d-4c1a-9e2f-0a1b2c3d4e5f')?.problems).toEqual([
      'id: does not match the key',
    ]);
    const bad = unreadable.find((record) => record.key === 'bad-1');
    // The problems name paths and codes, never values; the value itself is there for the rep's export.
    expect(JSON.stringify(bad?.problems)).not.toContain('not a payload');
    expect(bad).toMatchObject({ createdAt: NOW - 5, value: { id: 'bad-1', payload: 'not a payload', seq: 99, createdAt: NOW - 5 } });
    expect((await outbox.summary()).unreadable).toBe(3);
    // Still there, for a later version (or a human) to recover.
    expect(await get('bad-1', store)).toEqual({ id: 'bad-1', payload: 'not a payload', seq: 99, createdAt: NOW - 5 });
  });

  it('still count for the order: a new item sorts after a damaged one', async () => {
    await set('bad-1', { seq: 41 }, store);
    expect((await addOne(createOutbox(store), 'jane')).seq).toBe(42);
  });

  it('are removed by key like any record', async () => {
    await set('bad-1', { seq: 1 }, store);
    const outbox = createOutbox(store);
    expect(await outbox.apply([{ kind: 'remove', id: 'bad-1' }])).toEqual([{ kind: 'remove', id: 'bad-1' }]);
    expect(await outbox.read()).toEqual({ items: [], unreadable: [] });
  });
});

describe('bounds', () => {
  /** Fills the store with `count` valid waiting records in one transaction (as an old version might have). */
  async function fill(count: number, extra: Partial<OutboxItem> = {}): Promise<void> {
    await store('readwrite', (objectStore) => {
      for (let i = 0; i < count; i++) {
        const id = crypto.randomUUID();
        const item: OutboxItem = {
          id,
          payload: payload(`filler-${i}`),
          createdAt: NOW,
          seq: i + 1,
          attempts: 0,
          nextAttemptAt: NOW,
          lastError: null,
          state: 'waiting',
          rejection: null,
          ...extra,
        };
        objectStore.put(item, id);
      }
      return new Promise<void>((resolve) => (objectStore.transaction.oncomplete = () => resolve()));
    });
  }

  it(`holds at most ${OUTBOX_MAX_ITEMS} records: a capture past it is refused (null) and nothing stored is dropped`, async () => {
    await fill(OUTBOX_MAX_ITEMS - 2);
    const outbox = createOutbox(store);
    const added = await outbox.addMany([payload('fits-1'), payload('fits-2'), payload('over-1'), payload('over-2')], NOW);
    expect(added.map((item) => item?.payload.profileUrl.split('/').pop() ?? null)).toEqual(['fits-1', 'fits-2', null, null]);
    const { items } = await outbox.read();
    expect(items).toHaveLength(OUTBOX_MAX_ITEMS);
    expect(slugs(items.slice(-2))).toEqual(['fits-1', 'fits-2']);
    expect(await outbox.isWaiting('https://www.linkedin.com/in/over-1')).toBe(false);
    expect((await outbox.summary()).full).toBe(true);
  }, 30_000); // 5,000 records in fake-indexeddb

  it('unreadable records count against the bound too', async () => {
    await fill(OUTBOX_MAX_ITEMS - 1);
    await set('bad-1', { seq: 1 }, store);
    expect(await createOutbox(store).addMany([payload('jane')], NOW)).toEqual([null]);
  }, 30_000);

  it(`holds at most ${OUTBOX_MAX_CHARS} characters of JSON`, async () => {
    const longMessage = 'm'.repeat(Math.ceil(OUTBOX_MAX_CHARS / 100));
    await fill(100, { state: 'needs-attention', rejection: { ...REFUSED, message: longMessage } });
    const outbox = createOutbox(store);
    expect(await outbox.addMany([payload('jane')], NOW)).toEqual([null]);
    expect((await outbox.read()).items).toHaveLength(100);
  });

  it('a place freed by a delivery can be taken again', async () => {
    await fill(OUTBOX_MAX_ITEMS - 1);
    const outbox = createOutbox(store);
    const last = await addOne(outbox, 'last-one');
    await outbox.apply([{ kind: 'remove', id: last.id }]);
    expect((await addOne(outbox, 'next')).payload.profileUrl).toBe('https://www.linkedin.com/in/next');
  }, 30_000);
});

describe('isWaiting and needsAttention: from memory', () => {
  const url = (slug: string) => `https://www.linkedin.com/in/${slug}`;

  it('start from what is stored and follow every write', async () => {
    const stored = await addOne(createOutbox(store), 'stored');
    const outbox = createOutbox(store); // a restarted worker: no memory
    expect(await outbox.isWaiting(url('stored'))).toBe(true);
    expect(await outbox.isWaiting(url('jane'))).toBe(false);

    const [jane, janeAgain] = await outbox.addMany([payload('jane'), payload('jane')], NOW);
    expect(await outbox.isWaiting(url('jane'))).toBe(true);
    await outbox.apply([{ kind: 'remove', id: jane!.id }]);
    expect(await outbox.isWaiting(url('jane'))).toBe(true); // the second capture still waits
    await outbox.apply([{ kind: 'put', item: { ...janeAgain!, state: 'needs-attention', rejection: REFUSED } }]);
    expect(await outbox.isWaiting(url('jane'))).toBe(false);
    expect(await outbox.needsAttention(url('jane'))).toBe(true);
    await outbox.apply([{ kind: 'replace', oldId: janeAgain!.id, item: { ...janeAgain!, id: crypto.randomUUID() } }]);
    expect(await outbox.isWaiting(url('jane'))).toBe(true);
    expect(await outbox.needsAttention(url('jane'))).toBe(false);
    await outbox.apply([{ kind: 'remove', id: stored.id }]);
    expect(await outbox.isWaiting(url('stored'))).toBe(false);
    await outbox.clear();
    expect(await outbox.isWaiting(url('jane'))).toBe(false);
  });

  it('a write committed while the memory is being built is not lost', async () => {
    const outbox = createOutbox(store);
    const building = outbox.isWaiting(url('jane'));
    const added = addOne(outbox, 'jane');
    await Promise.all([building, added]);
    expect(await outbox.isWaiting(url('jane'))).toBe(true);
  });

  it('read the store once, not per question', async () => {
    await addOne(createOutbox(store), 'jane');
    let reads = 0;
    const counting: UseStore = (mode, callback) => {
      reads++;
      return store(mode, callback);
    };
    const fresh = createOutbox(counting);
    for (let i = 0; i < 50; i++) await fresh.isWaiting(url(i % 2 ? 'jane' : 'john'));
    expect(reads).toBe(1);
  });
});
