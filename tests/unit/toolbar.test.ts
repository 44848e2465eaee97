/**
 * "Only in the toolbar": the per-tab icon and title say what the page's button would have said.
 */
import { describe, expect, it, vi } from 'vitest';
import { createToolbarIndicator, toolbarView, type ToolbarView } from '../../lib/worker/toolbar';
import { DEFAULT_SETTINGS, type LeadCacheEntry, type Settings } from '../../lib/shared/storage';
import { appTranslator } from '../../lib/shared/i18n/localize';

const JANE_TAB = 'https://www.linkedin.com/in/jane-doe/';
const JANE = 'https://www.linkedin.com/in/jane-doe';
const CAPTURED_AT = '2026-11-30T10:00:00.000Z';
const en = appTranslator('en', 'en-GB');

function setup(settings: Settings = { ...DEFAULT_SETTINGS, placement: 'toolbar' }) {
  const state = { settings, cache: new Map<string, LeadCacheEntry>() };
  const drawn = new Map<number, ToolbarView | null>();
  const setTabAction = vi.fn(async (tabId: number, view: ToolbarView | null) => {
    drawn.set(tabId, view);
  });
  const indicator = createToolbarIndicator({
    settings: async () => state.settings,
    lookup: async (url) => state.cache.get(url) ?? null,
    translator: (current) => appTranslator(current.language, 'en-GB'),
    setTabAction,
    listTabs: async () => [{ id: 1, url: JANE_TAB }, { id: 2, url: 'https://www.linkedin.com/feed/' }, { id: 3 }],
  });
  return { state, drawn, setTabAction, indicator };
}

describe('toolbarView', () => {
  it.each([
    [{ profile: false, capturedAt: null, outcome: null }, 'none', 'Metrikia Companion: not a profile page'],
    [{ profile: true, capturedAt: null, outcome: null }, 'capturable', 'Metrikia Companion: capture this profile'],
    [{ profile: true, capturedAt: CAPTURED_AT, outcome: null }, 'captured', 'Metrikia Companion: captured on 30 Nov 2026'],
    [{ profile: true, capturedAt: null, outcome: { kind: 'queued', reason: 'offline' } as const }, 'queued', 'Metrikia Companion: captured, waiting to be sent'],
    [{ profile: true, capturedAt: CAPTURED_AT, outcome: { kind: 'failed', reason: 'throttled', message: null } as const }, 'failed', 'Metrikia Companion: not captured, open to see why'],
  ])('%j → %s', (page, mark, title) => {
    expect(toolbarView(page, en.t, en.locale)).toEqual({ mark, title });
  });

  it('speaks French when the rep chose it', () => {
    const fr = appTranslator('fr', 'en-GB');
    expect(toolbarView({ profile: true, capturedAt: null, outcome: null }, fr.t, fr.locale).title).toBe(
      'Metrikia Companion : capturer ce profil',
    );
  });
});

describe('the per-tab indicator', () => {
  it('in toolbar mode marks a profile tab capturable, then captured from the lead cache (last 7 days)', async () => {
    const { indicator, drawn, state } = setup();
    await indicator.updateTab(1, JANE_TAB);
    expect(drawn.get(1)?.mark).toBe('capturable');
    state.cache.set(JANE, { capturedAt: CAPTURED_AT, leadId: 'lead_1' });
    await indicator.updateTab(1, JANE_TAB);
    expect(drawn.get(1)).toEqual({ mark: 'captured', title: 'Metrikia Companion: captured on 30 Nov 2026' });
  });

  it('shows the outcome of a capture from the popup or the shortcut, until the tab shows another profile', async () => {
    const { indicator, drawn } = setup();
    await indicator.updateTab(1, JANE_TAB);
    await indicator.showOutcome(1, { profileUrl: JANE, state: { kind: 'queued', reason: 'offline' } });
    expect(drawn.get(1)?.mark).toBe('queued');
    await indicator.updateTab(1, 'https://www.linkedin.com/in/john-smith/');
    expect(drawn.get(1)?.mark).toBe('capturable');
  });

  it('a platform turned off, or a page Chrome hides from us, is not a profile', async () => {
    const { indicator, drawn } = setup({ ...DEFAULT_SETTINGS, placement: 'toolbar', linkedin: false });
    await indicator.updateTab(1, JANE_TAB);
    await indicator.updateTab(3, undefined);
    expect(drawn.get(1)?.mark).toBe('none');
    expect(drawn.get(3)?.mark).toBe('none');
  });

  it('in page mode draws nothing, and switching back to it restores the tabs it marked', async () => {
    const { indicator, drawn, setTabAction, state } = setup({ ...DEFAULT_SETTINGS, placement: 'page' });
    await indicator.updateTab(1, JANE_TAB);
    expect(setTabAction).not.toHaveBeenCalled();

    state.settings = { ...DEFAULT_SETTINGS, placement: 'toolbar' };
    await indicator.refreshAll();
    expect([...drawn.entries()].map(([tab, view]) => [tab, view?.mark]).sort()).toEqual([
      [1, 'capturable'],
      [2, 'none'],
      [3, 'none'],
    ]);

    state.settings = { ...DEFAULT_SETTINGS, placement: 'page' };
    setTabAction.mockClear();
    await indicator.refreshAll();
    expect(setTabAction.mock.calls.map(([tab, view]) => [tab, view]).sort()).toEqual([
      [1, null],
      [2, null],
      [3, null],
    ]);
  });
});
