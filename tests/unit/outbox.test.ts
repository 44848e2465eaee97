import 'fake-indexeddb/auto';
import { createStore, get, set, type UseStore } from 'idb-keyval';
import { beforeEach, describe, expect, it } from 'vitest';
import type { LeadPayload } from '../../lib/shared/contract';
import { createOutbox, OUTBOX_MAX_CHARS, OUTBOX_MAX_ITEMS, OUTBOX_STORE_NAME, OutboxFullError, type OutboxItem } from '../../lib/worker/outbox';

const NOW = Date.UTC(2026, 10, 23, 9, 41, 7);
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

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

let dbName: string;
let store: UseStore;

beforeEach(() => {
  // A database of its own per test: nothing leaks from one test to the next.
  dbName = `outbox-test-${crypto.randomUUID()}`;
  store = createStore(dbName, OUTBOX_STORE_NAME);
});

describe('add', () => {
  it('persists a waiting item under a fresh UUID v4 before resolving', async () => {
    const outbox = createOutbox(store);
    const item = await outbox.add(payload('jane'), NOW);

    expect(item).toEqual({
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
    // Read through a separate connection: it is really in IndexedDB, not in memory.
    expect(await get(item.id, createStore(dbName, OUTBOX_STORE_NAME))).toEqual(item);
  });

  it('uses the id it is given', async () => {
    const id = '3f1c2a9e-7b4d-4c1a-9e2f-0a1b2c3d4e5f';
    expect((await createOutbox(store).add(payload('jane'), NOW, id)).id).toBe(id);
  });

  it('refuses an id already in use instead of overwriting that capture', async () => {
    const outbox = createOutbox(store);
    const first = await outbox.add(payload('jane'), NOW);
    await expect(outbox.add(payload('john'), NOW, first.id)).rejects.toThrow();
    expect((await outbox.get(first.id))?.payload.profileUrl).toBe('https://www.linkedin.com/in/jane');
    expect(await outbox.list()).toHaveLength(1);
  });

  // Writes take items typed from payloads checked where they entered the worker; what is read
  // back is parsed again (storage is untrusted), so a record outside the schema is never listed.
  it('reads a record outside the contract, or under a key that is not a UUID v4, back as unreadable, never as an item', async () => {
    const outbox = createOutbox(store);
    await outbox.add({ ...payload('jane'), firstName: '' }, NOW);
    await outbox.add(payload('jane'), NOW, 'not-a-uuid');
    expect(await outbox.list()).toEqual([]);
    expect((await outbox.corrupt()).map((record) => record.problems)).toEqual(
      expect.arrayContaining([['payload.firstName: too_small'], ['id: invalid_format']]),
    );
  });
});

describe('order', () => {
  it('lists in insertion order even when the clock goes backwards', async () => {
    const outbox = createOutbox(store);
    await outbox.add(payload('first'), NOW);
    await outbox.add(payload('second'), NOW - 60_000);
    await outbox.add(payload('third'), NOW - 120_000);
    expect((await outbox.list()).map((item) => item.payload.profileUrl.split('/').pop())).toEqual([
      'first',
      'second',
      'third',
    ]);
  });

  it('gives concurrent adds distinct, increasing seqs', async () => {
    const outbox = createOutbox(store);
    const added = await Promise.all(Array.from({ length: 20 }, (_, i) => outbox.add(payload(`p${i}`), NOW)));
    const seqs = added.map((item) => item.seq);
    expect(new Set(seqs).size).toBe(20);
    expect((await outbox.list()).map((item) => item.seq)).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('continues the order after a worker restart (a new connection, no memory)', async () => {
    const before = createOutbox(store);
    await before.add(payload('a'), NOW);
    await before.add(payload('b'), NOW);

    const after = createOutbox(createStore(dbName, OUTBOX_STORE_NAME));
    const c = await after.add(payload('c'), NOW - 1);
    expect(c.seq).toBe(3);
    expect((await after.list()).map((item) => item.payload.profileUrl.split('/').pop())).toEqual(['a', 'b', 'c']);
  });

  it('a new item sorts after every remaining one, whatever was removed', async () => {
    const outbox = createOutbox(store);
    const a = await outbox.add(payload('a'), NOW);
    const b = await outbox.add(payload('b'), NOW);
    await outbox.remove(a.id);
    const c = await outbox.add(payload('c'), NOW);
    expect(c.seq).toBeGreaterThan(b.seq);
    expect((await outbox.list()).map((item) => item.id)).toEqual([b.id, c.id]);
  });
});

describe('get, update, replace, remove, clear, counts', () => {
  it('gets an item by id, or null', async () => {
    const outbox = createOutbox(store);
    const item = await outbox.add(payload('jane'), NOW);
    expect(await outbox.get(item.id)).toEqual(item);
    expect(await outbox.get('3f1c2a9e-7b4d-4c1a-9e2f-0a1b2c3d4e5f')).toBeNull();
  });

  it('updates a stored item', async () => {
    const outbox = createOutbox(store);
    const item = await outbox.add(payload('jane'), NOW);
    const retried: OutboxItem = { ...item, attempts: 1, nextAttemptAt: NOW + 30_000, lastError: 'timeout' };
    expect(await outbox.update(retried)).toBe(true);
    expect(await outbox.get(item.id)).toEqual(retried);
  });

  it('does not bring back an item removed meanwhile', async () => {
    const outbox = createOutbox(store);
    const item = await outbox.add(payload('jane'), NOW);
    await outbox.remove(item.id);
    expect(await outbox.update({ ...item, attempts: 1 })).toBe(false);
    expect(await outbox.list()).toEqual([]);
  });

  it('an item updated outside the schema is read back as unreadable, never as an item', async () => {
    const outbox = createOutbox(store);
    const item = await outbox.add(payload('jane'), NOW);
    await outbox.update({ ...item, attempts: -1 });
    expect(await outbox.get(item.id)).toBeNull();
    expect(await outbox.counts()).toEqual({ waiting: 0, needsAttention: 0, corrupt: 1 });
  });

  it('replaces an item under a new id, atomically, keeping its place', async () => {
    const outbox = createOutbox(store);
    const a = await outbox.add(payload('a'), NOW);
    const b = await outbox.add(payload('b'), NOW);
    const newId = '3f1c2a9e-7b4d-4c1a-9e2f-0a1b2c3d4e5f';
    expect(await outbox.replace(a.id, { ...a, id: newId, payload: payload('a-edited') })).toBe(true);
    expect(await outbox.get(a.id)).toBeNull();
    expect((await outbox.list()).map((item) => item.id)).toEqual([newId, b.id]);
    expect(await outbox.replace(a.id, { ...a, id: crypto.randomUUID() })).toBe(false);
    expect(await outbox.list()).toHaveLength(2);
  });

  it('removes, clears and counts', async () => {
    const outbox = createOutbox(store);
    const a = await outbox.add(payload('a'), NOW);
    const b = await outbox.add(payload('b'), NOW);
    await outbox.add(payload('c'), NOW);
    await outbox.update({
      ...b,
      state: 'needs-attention',
      rejection: { httpStatus: 422, code: 'validation_failed', message: null, fields: {} },
    });
    expect(await outbox.counts()).toEqual({ waiting: 2, needsAttention: 1, corrupt: 0 });

    await outbox.remove(a.id);
    expect(await outbox.counts()).toEqual({ waiting: 1, needsAttention: 1, corrupt: 0 });

    await outbox.clear();
    expect(await outbox.list()).toEqual([]);
    expect(await outbox.counts()).toEqual({ waiting: 0, needsAttention: 0, corrupt: 0 });
  });
});

describe('corrupt records', () => {
  it('are kept aside: out of list and counts, reported, left in place, never a crash', async () => {
    const outbox = createOutbox(store);
    const good = await outbox.add(payload('good'), NOW);
    await set('bad-1', { id: 'bad-1', payload: 'not a payload', seq: 99 }, store);
    await set('3f1c2a9e-7b4d-4c1a-9e2f-0a1b2c3d4e5f', 'a string', store);
    await set('ffffffff-7b4d-4c1a-9e2f-0a1b2c3d4e5f', { ...good, id: good.id }, store);

    expect(await outbox.list()).toEqual([good]);
    expect(await outbox.counts()).toEqual({ waiting: 1, needsAttention: 0, corrupt: 3 });
    expect(await outbox.get('bad-1')).toBeNull();

    const corrupt = await outbox.corrupt();
    expect(corrupt.map((record) => record.key).sort()).toEqual([
      '3f1c2a9e-7b4d-4c1a-9e2f-0a1b2c3d4e5f',
      'bad-1',
      'ffffffff-7b4d-4c1a-9e2f-0a1b2c3d4e5f',
    ]);
    expect(corrupt.find((record) => record.key === 'ffffffff-7b4d-4c1a-9e2f-0a1b2c3d4e5f')?.problems).toEqual([
      'id: does not match the key',
    ]);
    // Reported by path and code, never by value.
    expect(JSON.stringify(corrupt)).not.toContain('not a payload');
    // Still there, for a later version (or a human) to recover.
    expect(await get('bad-1', store)).toEqual({ id: 'bad-1', payload: 'not a payload', seq: 99 });
  });

  it('still count for the order: a new item sorts after a damaged one', async () => {
    await set('bad-1', { seq: 41 }, store);
    expect((await createOutbox(store).add(payload('jane'), NOW)).seq).toBe(42);
  });
});

describe('makeDue', () => {
  it('makes every waiting item due in one go, leaves needs-attention and earlier items alone', async () => {
    const outbox = createOutbox(createStore(`make-due-${crypto.randomUUID()}`, OUTBOX_STORE_NAME));
    const later = await outbox.add(payload('later'), 1_000);
    const early = await outbox.add(payload('early'), 1_000);
    const rejected = await outbox.add(payload('rejected'), 1_000);
    await outbox.update({ ...later, nextAttemptAt: 90_000 });
    await outbox.update({ ...early, nextAttemptAt: 2_000 });
    await outbox.update({ ...rejected, state: 'needs-attention', nextAttemptAt: 90_000 });

    expect(await outbox.makeDue(5_000)).toBe(1);
    const byId = new Map((await outbox.list()).map((item) => [item.id, item]));
    expect(byId.get(later.id)?.nextAttemptAt).toBe(5_000);
    expect(byId.get(early.id)?.nextAttemptAt).toBe(2_000);
    expect(byId.get(rejected.id)?.nextAttemptAt).toBe(90_000);
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

  it(`holds at most ${OUTBOX_MAX_ITEMS} records: the next capture is refused and nothing stored is dropped`, async () => {
    await fill(OUTBOX_MAX_ITEMS - 1);
    const outbox = createOutbox(store);
    const last = await outbox.add(payload('last-one'), NOW);
    await expect(outbox.add(payload('one-too-many'), NOW)).rejects.toBeInstanceOf(OutboxFullError);
    const items = await outbox.list();
    expect(items).toHaveLength(OUTBOX_MAX_ITEMS);
    expect(items.at(-1)?.id).toBe(last.id);
    expect(items.some((item) => item.payload.profileUrl.endsWith('/one-too-many'))).toBe(false);
    expect(await outbox.isWaiting('https://www.linkedin.com/in/one-too-many')).toBe(false);
  });

  it('corrupt records count against the bound too', async () => {
    await fill(OUTBOX_MAX_ITEMS - 1);
    await set('bad-1', { seq: 1 }, store);
    await expect(createOutbox(store).add(payload('jane'), NOW)).rejects.toBeInstanceOf(OutboxFullError);
  });

  it(`holds at most ${OUTBOX_MAX_CHARS} characters of JSON`, async () => {
    const longMessage = 'm'.repeat(Math.ceil(OUTBOX_MAX_CHARS / 100));
    await fill(100, {
      state: 'needs-attention',
      rejection: { httpStatus: 422, code: 'validation_failed', message: longMessage, fields: {} },
    });
    const outbox = createOutbox(store);
    await expect(outbox.add(payload('jane'), NOW)).rejects.toBeInstanceOf(OutboxFullError);
    expect(await outbox.list()).toHaveLength(100);
  });

  it('a place freed by a delivery can be taken again', async () => {
    await fill(OUTBOX_MAX_ITEMS - 1);
    const outbox = createOutbox(store);
    const last = await outbox.add(payload('last-one'), NOW);
    await outbox.remove(last.id);
    expect((await outbox.add(payload('next'), NOW)).payload.profileUrl).toBe('https://www.linkedin.com/in/next');
  });
});

describe('isWaiting: the in-memory index of waiting profiles', () => {
  const url = (slug: string) => `https://www.linkedin.com/in/${slug}`;

  it('starts from what is stored and follows every write', async () => {
    const earlier = createOutbox(store);
    const stored = await earlier.add(payload('stored'), NOW);
    const outbox = createOutbox(store); // a restarted worker: no memory
    expect(await outbox.isWaiting(url('stored'))).toBe(true);
    expect(await outbox.isWaiting(url('jane'))).toBe(false);

    const jane = await outbox.add(payload('jane'), NOW);
    const janeAgain = await outbox.add(payload('jane'), NOW);
    expect(await outbox.isWaiting(url('jane'))).toBe(true);
    await outbox.remove(jane.id);
    expect(await outbox.isWaiting(url('jane'))).toBe(true); // the second capture still waits
    await outbox.update({ ...janeAgain, state: 'needs-attention' });
    expect(await outbox.isWaiting(url('jane'))).toBe(false);
    await outbox.replace(janeAgain.id, { ...janeAgain, id: crypto.randomUUID(), state: 'waiting' });
    expect(await outbox.isWaiting(url('jane'))).toBe(true);
    await outbox.removeKeys([stored.id]);
    expect(await outbox.isWaiting(url('stored'))).toBe(false);
    await outbox.clear();
    expect(await outbox.isWaiting(url('jane'))).toBe(false);
  });

  it('a write committed while the index is being built is not lost', async () => {
    const outbox = createOutbox(store);
    const building = outbox.isWaiting(url('jane'));
    const added = outbox.add(payload('jane'), NOW);
    await Promise.all([building, added]);
    expect(await outbox.isWaiting(url('jane'))).toBe(true);
  });

  it('reads the store once, not per question', async () => {
    const outbox = createOutbox(store);
    await outbox.add(payload('jane'), NOW);
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

describe('corrupt records: export and removal', () => {
  it('exportCorrupt carries the stored value; removeKeys removes exactly those records', async () => {
    const outbox = createOutbox(store);
    const good = await outbox.add(payload('good'), NOW);
    await set('bad-1', { id: 'bad-1', payload: 'not a payload', createdAt: NOW - 5 }, store);
    expect(await outbox.exportCorrupt()).toEqual([
      { key: 'bad-1', problems: expect.any(Array), createdAt: NOW - 5, value: { id: 'bad-1', payload: 'not a payload', createdAt: NOW - 5 } },
    ]);
    expect((await outbox.corrupt())[0]?.createdAt).toBe(NOW - 5);
    await outbox.removeKeys(['bad-1']);
    expect(await outbox.corrupt()).toEqual([]);
    expect(await outbox.list()).toEqual([good]);
  });
});
