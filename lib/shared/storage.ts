/**
 * Every value the extension keeps in chrome.storage, declared once. Each item has a schema, a
 * fallback and a version (WXT keeps it beside the value); a value that does not parse (corrupted,
 * or written by a future version) reads as the fallback instead of crashing the caller. A change of
 * shape raises the item's version with a migration and a test of it: settings are at v2
 * (`migrateSettingsToV2`, tests/unit/storage.test.ts); every other item is still at v1. The outbox lives in IndexedDB (lib/worker/outbox.ts).
 *
 * Areas follow the privacy policy §9.3: the API key and everything about captures in
 * `storage.local` (never synced); only preferences in `storage.sync`.
 */
import { storage, type WxtStorageItem } from 'wxt/utils/storage';
import * as z from 'zod/mini';
import { connectionSchema, type Connection } from './contract';
import { DEFAULT_SETTINGS } from './settings';

type StorageKey = `local:${string}` | `sync:${string}`;

export interface ParsedItem<T> {
  readonly key: StorageKey;
  readonly fallback: T;
  get(): Promise<T>;
  set(value: T): Promise<void>;
  remove(): Promise<void>;
  /** Calls back with the parsed new value on every change, from any context. */
  watch(callback: (value: T) => void): () => void;
}

export function defineParsedItem<T>(
  key: StorageKey,
  schema: z.ZodMiniType<T>,
  fallback: T,
  options: { version: number; migrations?: Record<number, (old: unknown) => unknown> } = { version: 1 },
): ParsedItem<T> {
  // Defined on first use, not at import: WXT reads an item from storage as soon as it is defined,
  // and every context imports this file. A content script would otherwise read five items (four
  // of them in storage.local, which it may not even read) on every LinkedIn page it loads.
  let defined: WxtStorageItem<unknown, Record<string, unknown>> | null = null;
  const wxtItem = () => (defined ??= storage.defineItem<unknown>(key, { fallback, ...options }));
  const parse = (raw: unknown): T => {
    const result = schema.safeParse(raw);
    // A copy, so a caller that mutates what it read can never change the fallback for everyone.
    return result.success ? result.data : structuredClone(fallback);
  };
  return {
    key,
    fallback,
    get: async () => parse(await wxtItem().getValue()),
    set: (value) => wxtItem().setValue(schema.parse(value)),
    remove: () => wxtItem().removeValue(),
    watch: (callback) => wxtItem().watch((raw) => callback(parse(raw))),
  };
}

// ---- storage.sync: preferences only -------------------------------------------------------------

export const languageSchema = z.enum(['auto', 'en', 'fr']);
export type LanguagePreference = z.infer<typeof languageSchema>;

/**
 * "Where Capture appears": 'page' shows the button in the profile page; 'toolbar' inserts nothing
 * into LinkedIn or Instagram pages, and the toolbar icon, the popup and the shortcut do the capture.
 */
export const placementSchema = z.enum(['page', 'toolbar']);
export type Placement = z.infer<typeof placementSchema>;

export const settingsSchema = z.object({
  linkedin: z.boolean(),
  instagram: z.boolean(),
  language: languageSchema,
  // A default as well as the migration below: an older version on another of the rep's browsers
  // may still write settings without it through sync, after this device migrated.
  placement: z._default(placementSchema, 'page'),
});
export type Settings = z.infer<typeof settingsSchema>;

export { DEFAULT_SETTINGS };

/** v1 → v2: `placement` added; settings stored before it keep today's button on the page. */
export function migrateSettingsToV2(old: unknown): unknown {
  if (typeof old !== 'object' || old === null || Array.isArray(old)) return old;
  return 'placement' in old ? old : { ...old, placement: 'page' };
}

export const settingsItem = defineParsedItem('sync:settings', settingsSchema, DEFAULT_SETTINGS, {
  version: 2,
  migrations: { 2: migrateSettingsToV2 },
});

// ---- storage.local: the key, the connection, delivery state, the lead cache ---------------------

/** The API key. Read only by the service worker and the options page; never synced. */
export const apiKeyItem = defineParsedItem<string | null>('local:apiKey', z.nullable(z.string()), null);

/** Who the key belongs to, as `GET /v1/me` said when it was connected. */
export const connectionItem = defineParsedItem<Connection | null>(
  'local:connection',
  z.nullable(connectionSchema),
  null,
);

export const deliveryStateSchema = z.object({
  /** Set on a 401/403: nothing is sent until a key is connected again. */
  keyRejected: z.boolean(),
  /** The delivery's time (lib/worker/delivery-clock.ts) before which no request may go out (a 429's Retry-After). */
  rateLimitedUntil: z.nullable(z.number()),
  /** Captures removed unsent after 7 days, for the popup to report. */
  expiredCount: z.number(),
  /**
   * Unreadable outbox records with no readable creation time → when one was first found (epoch
   * ms): their 7 days count from then (lib/worker/retention.ts). Optional: states stored before
   * it existed still parse.
   */
  unreadableSince: z.optional(z.record(z.string(), z.number())),
  /**
   * The delivery's clock, which never goes back (lib/worker/delivery-clock.ts): how far the wall
   * clock has been seen behind it (ms), and the latest time it read. Optional: states stored before
   * it existed still parse (as no skew, nothing seen).
   */
  clock: z.optional(z.object({ skew: z.number(), seenAt: z.number() })),
});
export type DeliveryState = z.infer<typeof deliveryStateSchema>;

export const DEFAULT_DELIVERY_STATE: DeliveryState = { keyRejected: false, rateLimitedUntil: null, expiredCount: 0 };

export const deliveryStateItem = defineParsedItem('local:deliveryState', deliveryStateSchema, DEFAULT_DELIVERY_STATE);

export const leadCacheEntrySchema = z.object({ capturedAt: z.string(), leadId: z.string() });
export type LeadCacheEntry = z.infer<typeof leadCacheEntrySchema>;
export const leadCacheSchema = z.record(z.string(), leadCacheEntrySchema);
export type LeadCacheEntries = z.infer<typeof leadCacheSchema>;

/** Canonical profile URL → when it was captured. Read through lib/worker/lead-cache.ts. */
export const leadCacheItem = defineParsedItem<LeadCacheEntries>('local:leadCache', leadCacheSchema, {});
