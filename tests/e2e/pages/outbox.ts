/**
 * What the extension holds, read where it lives: the outbox in the worker's IndexedDB, the retry
 * alarm, the action badge, the popup's queue. Used by the delivery tests to prove that a capture
 * is kept until it is delivered, and gone afterwards.
 *
 * The worker must be running: `serviceWorker.evaluate` hangs on a stopped worker (wake it first).
 */
import type { BrowserContext, Page, Worker } from '@playwright/test';
import type { RecordedRequest, StoredLead } from '../../support/api-stand-in.ts';
import { expect, openPopup } from '../../support/extension.ts';
import { OUTBOX_DB_NAME, OUTBOX_STORE_NAME, type OutboxItem } from '../../../lib/worker/outbox.ts';

/** Only what the evaluated functions below use (the project ships no `chrome` types). */
declare const chrome: {
  action: { getBadgeText(details: object): Promise<string> };
  alarms: {
    get(name: string): Promise<{ name: string; scheduledTime: number } | undefined>;
    create(name: string, info: { when: number }): Promise<void>;
  };
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
};

/**
 * Every record of the outbox store, in insertion order (`seq`), read with the plain IndexedDB API, in the worker
 * or in any page of the extension's origin (which reads it while the worker is stopped: opening an
 * extension page does not start the worker). If the store
 * does not exist yet it is created exactly as idb-keyval's createStore would, so reading early
 * can never leave the product a database without its store.
 */
export function readOutbox(where: Worker | Page): Promise<OutboxItem[]> {
  // Page or worker, the same function runs in the extension's origin; one evaluate signature.
  return (where as Worker).evaluate(
    ([dbName, storeName]) =>
      new Promise<OutboxItem[]>((resolve, reject) => {
        const request = indexedDB.open(dbName);
        request.onupgradeneeded = () => request.result.createObjectStore(storeName);
        request.onerror = () => reject(request.error ?? new Error('indexedDB.open failed'));
        request.onsuccess = () => {
          const db = request.result;
          const all = db.transaction(storeName, 'readonly').objectStore(storeName).getAll();
          all.onerror = () => {
            db.close();
            reject(all.error ?? new Error('getAll failed'));
          };
          all.onsuccess = () => {
            db.close();
            // Insertion order, as the product sends them (records are keyed by UUID).
            resolve((all.result as OutboxItem[]).sort((a, b) => a.seq - b.seq));
          };
        };
      }),
    [OUTBOX_DB_NAME, OUTBOX_STORE_NAME] as const,
  );
}

/** Waits until the outbox holds no record at all (delivered items are removed, not marked). */
export async function expectOutboxEmpty(serviceWorker: Worker): Promise<void> {
  await expect.poll(() => readOutbox(serviceWorker), { message: 'the outbox in IndexedDB' }).toEqual([]);
}

export function badgeText(serviceWorker: Worker): Promise<string> {
  return serviceWorker.evaluate(() => chrome.action.getBadgeText({}));
}

/** The retry alarm's time (epoch ms), or null when there is none. */
export async function retryAlarmAt(serviceWorker: Worker): Promise<number | null> {
  const alarm = await serviceWorker.evaluate(() => chrome.alarms.get('outbox-retry'));
  return alarm?.scheduledTime ?? null;
}

/** Sets the retry alarm to fire in `ms`, as Chrome would once its time comes. */
export function fireRetryAlarmIn(serviceWorker: Worker, ms: number): Promise<void> {
  return serviceWorker.evaluate((delay) => chrome.alarms.create('outbox-retry', { when: Date.now() + delay }), ms);
}

export async function deliveryState(serviceWorker: Worker): Promise<{ keyRejected: boolean; rateLimitedUntil: number | null }> {
  const stored = await serviceWorker.evaluate(() => chrome.storage.local.get('deliveryState'));
  return stored['deliveryState'] as { keyRejected: boolean; rateLimitedUntil: number | null };
}

/** The popup's "Waiting captures" section and its "Retry now" button. */
export async function openQueue(context: BrowserContext, extensionId: string) {
  const popup = await openPopup(context, extensionId);
  return {
    popup,
    waiting: popup.locator('#waiting-text'),
    retryNow: popup.getByRole('button', { name: 'Retry now', exact: true }),
    needsAttention: popup.getByRole('region', { name: 'Needs attention' }),
  };
}

/**
 * Clicks "Retry now" and waits for the background's answer: the button is disabled meanwhile, and
 * hidden afterwards once nothing waits (so it is found by id, not by its accessible role).
 */
export async function retryNow(popup: Page): Promise<void> {
  await popup.getByRole('button', { name: 'Retry now', exact: true }).click();
  await expect(popup.locator('#retry-now')).toBeEnabled({ timeout: 20_000 });
}

/** The POSTs to /v1/leads for one profile, in arrival order. */
export function postsFor(requests: readonly RecordedRequest[], profileUrl: string): RecordedRequest[] {
  return requests.filter(
    (request) =>
      request.method === 'POST' &&
      request.path === '/v1/leads' &&
      (request.json as { profileUrl?: unknown } | null)?.profileUrl === profileUrl,
  );
}

/**
 * The promise of the outbox, checked at the stand-in: exactly one lead per capture, each created
 * once (no second delivery under another key), and every POST for a capture carrying that
 * capture's one Idempotency-Key. Returns the key of each profile.
 */
export function expectDeliveredOnce(
  leads: readonly StoredLead[],
  requests: readonly RecordedRequest[],
  profileUrls: readonly string[],
): Map<string, string> {
  expect(leads.map((lead) => lead.payload.profileUrl).sort()).toEqual([...profileUrls].sort());
  const keys = new Map<string, string>();
  for (const lead of leads) {
    expect(lead.deliveries, `deliveries of ${lead.payload.profileUrl}`).toBe(1);
    const posts = postsFor(requests, lead.payload.profileUrl);
    expect(new Set(posts.map((post) => post.headers['idempotency-key'])), `keys sent for ${lead.payload.profileUrl}`).toEqual(
      new Set([lead.idempotencyKey]),
    );
    // Any 2xx after the one that created it must be a replay of that one. (The creating request
    // itself may have been cut off, or still be waiting for a delayed answer.)
    const fresh = posts.filter(
      (post) => !post.replayed && typeof post.response === 'number' && post.response >= 200 && post.response < 300,
    );
    expect(fresh.length, `non-replayed 2xx for ${lead.payload.profileUrl}`).toBeLessThanOrEqual(1);
    keys.set(lead.payload.profileUrl, lead.idempotencyKey);
  }
  return keys;
}

/**
 * Writes `count` waiting captures straight into the worker's outbox store in one transaction, as
 * a device offline for days would have filled it (the stand-in never sees them). Each record is
 * what lib/worker/outbox.ts writes, so the product reads them back as ordinary captures. Their
 * profiles are `<slug>-0`, `<slug>-1`…
 */
export function fillOutbox(serviceWorker: Worker, count: number, createdAt = Date.now(), slug = 'waiting'): Promise<void> {
  return serviceWorker.evaluate(
    ([dbName, storeName, total, at, prefix]) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open(dbName);
        request.onupgradeneeded = () => request.result.createObjectStore(storeName);
        request.onerror = () => reject(request.error ?? new Error('indexedDB.open failed'));
        request.onsuccess = () => {
          const db = request.result;
          const transaction = db.transaction(storeName, 'readwrite');
          const store = transaction.objectStore(storeName);
          for (let i = 0; i < total; i++) {
            const id = crypto.randomUUID();
            store.put(
              {
                id,
                payload: {
                  source: 'linkedin',
                  profileUrl: `https://www.linkedin.com/in/${prefix}-${i}`,
                  firstName: 'Waiting',
                  lastName: String(i),
                  jobTitle: null,
                  capturedAt: new Date(at).toISOString(),
                },
                createdAt: at,
                seq: i + 1,
                attempts: 1,
                nextAttemptAt: at + 60 * 60_000,
                lastError: 'network',
                state: 'waiting',
                rejection: null,
              },
              id,
            );
          }
          transaction.oncomplete = () => {
            db.close();
            resolve();
          };
          transaction.onerror = () => reject(transaction.error ?? new Error('fill failed'));
        };
      }),
    [OUTBOX_DB_NAME, OUTBOX_STORE_NAME, count, createdAt, slug] as const,
  );
}
