import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

beforeEach(() => {
  fakeBrowser.reset();
  vi.resetModules();
});
afterEach(() => {
  vi.useRealTimers();
});

it('reads nothing from storage when imported: a content script pays only for the item it uses', async () => {
  const local = vi.spyOn(fakeBrowser.storage.local, 'get');
  const sync = vi.spyOn(fakeBrowser.storage.sync, 'get');
  vi.useFakeTimers();
  const storage = await import('@/lib/shared/storage');
  // Whatever the import scheduled, timers included, has run.
  await vi.runAllTimersAsync();
  vi.useRealTimers();
  expect(local).not.toHaveBeenCalled();
  expect(sync).not.toHaveBeenCalled();

  await storage.settingsItem.get();
  expect(local).not.toHaveBeenCalled();
  expect(sync).toHaveBeenCalled();
});

it('parses what it reads: a corrupt value reads as the fallback, and a copy of it', async () => {
  const { settingsItem, DEFAULT_SETTINGS } = await import('@/lib/shared/storage');
  await fakeBrowser.storage.sync.set({ settings: { linkedin: 'yes' } });
  const read = await settingsItem.get();
  expect(read).toEqual(DEFAULT_SETTINGS);
  read.linkedin = false;
  expect(await settingsItem.get()).toEqual(DEFAULT_SETTINGS);
});

it('settings v1 (before "Where Capture appears") migrate to v2 with placement "page", and are stored so', async () => {
  await fakeBrowser.storage.sync.set({ settings: { linkedin: false, instagram: true, language: 'fr' } });
  const { settingsItem } = await import('@/lib/shared/storage');
  expect(await settingsItem.get()).toEqual({ linkedin: false, instagram: true, language: 'fr', placement: 'page' });
  expect(await fakeBrowser.storage.sync.get(['settings', 'settings$'])).toEqual({
    settings: { linkedin: false, instagram: true, language: 'fr', placement: 'page' },
    settings$: { v: 2 },
  });
});

it('a v2 toolbar choice is kept, and settings written without placement by an older version still parse', async () => {
  const { settingsItem } = await import('@/lib/shared/storage');
  await settingsItem.set({ linkedin: true, instagram: true, language: 'auto', placement: 'toolbar' });
  expect((await settingsItem.get()).placement).toBe('toolbar');
  await fakeBrowser.storage.sync.set({ settings: { linkedin: true, instagram: false, language: 'en' } });
  expect(await settingsItem.get()).toEqual({ linkedin: true, instagram: false, language: 'en', placement: 'page' });
  await fakeBrowser.storage.sync.set({ settings: { linkedin: true, instagram: true, language: 'en', placement: 'sidebar' } });
  expect((await settingsItem.get()).placement).toBe('page');
});

it('migrateSettingsToV2 adds only what is missing, and leaves what is not an object to the schema', async () => {
  const { migrateSettingsToV2 } = await import('@/lib/shared/storage');
  expect(migrateSettingsToV2({ linkedin: true, placement: 'toolbar' })).toEqual({ linkedin: true, placement: 'toolbar' });
  expect(migrateSettingsToV2({ linkedin: true })).toEqual({ linkedin: true, placement: 'page' });
  expect(migrateSettingsToV2('garbage')).toBe('garbage');
  expect(migrateSettingsToV2(null)).toBe(null);
});

it('delivery state stored before the clock existed still parses; a damaged clock reads as the fallback state', async () => {
  const { deliveryStateItem, DEFAULT_DELIVERY_STATE } = await import('@/lib/shared/storage');
  await fakeBrowser.storage.local.set({ deliveryState: { keyRejected: true, rateLimitedUntil: null, expiredCount: 2 } });
  expect(await deliveryStateItem.get()).toEqual({ keyRejected: true, rateLimitedUntil: null, expiredCount: 2 });
  const clock = { skew: 86_400_000, seenAt: 1_796_000_000_000 };
  await deliveryStateItem.set({ ...DEFAULT_DELIVERY_STATE, clock });
  expect((await deliveryStateItem.get()).clock).toEqual(clock);
  await fakeBrowser.storage.local.set({ deliveryState: { ...DEFAULT_DELIVERY_STATE, clock: { skew: 'a day' } } });
  expect(await deliveryStateItem.get()).toEqual(DEFAULT_DELIVERY_STATE);
});
