import { beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

beforeEach(() => {
  fakeBrowser.reset();
  vi.resetModules();
});

it('reads nothing from storage when imported: a content script pays only for the item it uses', async () => {
  const local = vi.spyOn(fakeBrowser.storage.local, 'get');
  const sync = vi.spyOn(fakeBrowser.storage.sync, 'get');
  const storage = await import('@/lib/storage');
  await new Promise((resolve) => setTimeout(resolve, 10));
  expect(local).not.toHaveBeenCalled();
  expect(sync).not.toHaveBeenCalled();

  await storage.settingsItem.get();
  expect(local).not.toHaveBeenCalled();
  expect(sync).toHaveBeenCalled();
});

it('parses what it reads: a corrupt value reads as the fallback, and a copy of it', async () => {
  const { settingsItem, DEFAULT_SETTINGS } = await import('@/lib/storage');
  await fakeBrowser.storage.sync.set({ settings: { linkedin: 'yes' } });
  const read = await settingsItem.get();
  expect(read).toEqual(DEFAULT_SETTINGS);
  read.linkedin = false;
  expect(await settingsItem.get()).toEqual(DEFAULT_SETTINGS);
});
