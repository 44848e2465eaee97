/**
 * What the pages' unit tests (tests/unit/popup.test.ts, options.test.ts) give a page controller
 * in place of Chrome: an empty document to draw in, settings that apply a change as the real
 * item's watch would, and the worker's status.
 */
import { vi } from 'vitest';
import type { AppStatus } from '@/lib/shared/messages';
import { settingsItem, type LanguagePreference, type Settings } from '@/lib/shared/storage';

export const CONNECTION = { organizationId: 'org_1', organizationName: 'Acme', email: 'rep@acme.io', connectedAt: '2026-11-30T09:00:00.000Z' };

/** A connected status with nothing waiting, changed by `overrides`. */
export function appStatus(overrides: Partial<AppStatus> = {}): AppStatus {
  return {
    connection: CONNECTION,
    keyRejected: false,
    waiting: 0,
    needsAttention: [],
    expiredCount: 0,
    expiringSoon: 0,
    unreadable: 0,
    cachedProfiles: 0,
    outboxFull: false,
    ...overrides,
  };
}

/** A fresh page (happy-dom) in `language`: where to draw, and its settings. */
export function pageEnvironment(language: LanguagePreference = 'en') {
  document.body.replaceChildren();
  const root = document.createElement('div');
  document.body.append(root);
  const watchers: Array<(next: Settings) => void> = [];
  const settings = {
    fallback: settingsItem.fallback,
    get: () => Promise.resolve<Settings>({ ...settingsItem.fallback, language }),
    set: vi.fn((next: Settings) => {
      for (const watcher of watchers) watcher(next);
      return Promise.resolve();
    }),
    watch: (callback: (next: Settings) => void) => void watchers.push(callback),
  };
  return { document, root, uiLanguage: 'en-US', settings };
}
