/**
 * "Only in the toolbar": the per-tab icon and title say what the worker knows of the tab's
 * profile (issue 20: one owner, no copy of outcomes of its own), and a page cannot make the worker
 * draw more than once per settled address (issue 21).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QUIET_MS, createToolbarIndicator, toolbarView, type ToolbarView } from '../../lib/worker/toolbar';
import { createTabAddresses } from '../../lib/worker/tab-addresses';
import type { CaptureStatus } from '../../lib/shared/messages';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/shared/storage';
import { appTranslator } from '../../lib/shared/i18n/localize';

const JANE_TAB = 'https://www.linkedin.com/in/jane-doe/';
const JANE = 'https://www.linkedin.com/in/jane-doe';
const CAPTURED_AT = '2026-11-30T10:00:00.000Z';
const en = appTranslator('en', 'en-GB');

function setup(settings: Settings = { ...DEFAULT_SETTINGS, placement: 'toolbar' }) {
  const state = { settings, statuses: new Map<string, CaptureStatus>() };
  const drawn = new Map<number, ToolbarView | null>();
  const setTabAction = vi.fn(async (tabId: number, view: ToolbarView | null) => {
    drawn.set(tabId, view);
  });
  const addresses = createTabAddresses();
  const captureStatus = vi.fn(async (url: string): Promise<CaptureStatus> => state.statuses.get(url) ?? { state: 'none' });
  const listTabs = vi.fn(async () => [{ id: 1, url: JANE_TAB }, { id: 2, url: 'https://www.linkedin.com/feed/' }, { id: 3 }]);
  const indicator = createToolbarIndicator({
    settings: async () => state.settings,
    captureStatus,
    addresses,
    translator: (current) => appTranslator(current.language, 'en-GB'),
    setTabAction,
    listTabs,
    setTimer(callback, ms) {
      const timer = setTimeout(callback, ms);
      return () => clearTimeout(timer);
    },
  });
  /** Chrome reports a new address for the tab, as tabs.onUpdated does. */
  const navigate = (tabId: number, url: string | undefined) => {
    addresses.set(tabId, url, Date.now());
    indicator.tabChanged(tabId);
  };
  return { state, drawn, setTabAction, captureStatus, listTabs, indicator, navigate };
}

describe('toolbarView', () => {
  it.each<[{ profile: boolean; status: CaptureStatus }, string, string]>([
    [{ profile: false, status: { state: 'none' } }, 'none', 'Metrikia Companion: not a profile page'],
    [{ profile: true, status: { state: 'none' } }, 'capturable', 'Metrikia Companion: capture this profile'],
    [{ profile: true, status: { state: 'sending' } }, 'queued', 'Metrikia Companion: sending…'],
    [{ profile: true, status: { state: 'captured', capturedAt: CAPTURED_AT, existing: false } }, 'captured', 'Metrikia Companion: captured on 30 Nov 2026'],
    [{ profile: true, status: { state: 'captured', capturedAt: CAPTURED_AT, existing: true } }, 'captured', 'Metrikia Companion: already in Metrikia'],
    [{ profile: true, status: { state: 'queued', reason: 'offline' } }, 'queued', 'Metrikia Companion: captured, waiting to be sent'],
    [{ profile: true, status: { state: 'rejected', message: 'Bad name' } }, 'failed', 'Metrikia Companion: refused by Metrikia, click to fix it'],
  ])('%j → %s', (page, mark, title) => {
    expect(toolbarView(page, en.t, en.locale)).toEqual({ mark, title });
  });

  it('speaks French when the rep chose it', () => {
    const fr = appTranslator('fr', 'en-GB');
    expect(toolbarView({ profile: true, status: { state: 'none' } }, fr.t, fr.locale).title).toBe('Metrikia Companion : capturer ce profil');
  });
});

describe('the per-tab indicator', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('draws a tab once its address has been still for QUIET_MS, from the worker’s capture state of its profile', async () => {
    const { drawn, state, navigate } = setup();
    state.statuses.set(JANE, { state: 'captured', capturedAt: CAPTURED_AT, existing: false });
    navigate(1, JANE_TAB);
    await vi.advanceTimersByTimeAsync(QUIET_MS - 1);
    expect(drawn.has(1)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(drawn.get(1)).toEqual({ mark: 'captured', title: 'Metrikia Companion: captured on 30 Nov 2026' });
  });

  it('a page flipping through 1,000 addresses costs one drawing, of the last; the same mark twice costs none', async () => {
    const { setTabAction, captureStatus, navigate } = setup();
    for (let index = 0; index < 1000; index += 1) {
      navigate(1, `https://www.linkedin.com/in/person-${index}/`);
      await vi.advanceTimersByTimeAsync(1);
    }
    await vi.advanceTimersByTimeAsync(QUIET_MS);
    expect(captureStatus.mock.calls).toEqual([['https://www.linkedin.com/in/person-999']]);
    expect(setTabAction.mock.calls).toEqual([[1, { mark: 'capturable', title: 'Metrikia Companion: capture this profile' }]]);

    // Another capturable profile: the icon and title are the same, so nothing is set.
    navigate(1, 'https://www.linkedin.com/in/someone-else/');
    await vi.advanceTimersByTimeAsync(QUIET_MS);
    expect(setTabAction).toHaveBeenCalledTimes(1);
  });

  it('follows the capture state: the tabs showing the profile whose state changed are drawn again, and no other', async () => {
    const { drawn, state, setTabAction, indicator, navigate } = setup();
    navigate(1, JANE_TAB);
    navigate(2, 'https://www.linkedin.com/in/john-smith/');
    await vi.advanceTimersByTimeAsync(QUIET_MS);
    setTabAction.mockClear();

    state.statuses.set(JANE, { state: 'queued', reason: 'offline' });
    await indicator.captureChanged(JANE);
    expect(drawn.get(1)?.title).toBe('Metrikia Companion: captured, waiting to be sent');
    // Delivered: Queued → Captured, with no copy of the earlier outcome winning over it.
    state.statuses.set(JANE, { state: 'captured', capturedAt: CAPTURED_AT, existing: false });
    await indicator.captureChanged(JANE);
    expect(drawn.get(1)?.mark).toBe('captured');
    expect(setTabAction.mock.calls.map(([tabId]) => tabId)).toEqual([1, 1]);

    // Everything erased: every tab is drawn from what is known now.
    state.statuses.clear();
    await indicator.captureChanged(null);
    expect(drawn.get(1)?.mark).toBe('capturable');
  });

  it('after a worker restart, a capture change finds the tabs showing the profile by asking Chrome once', async () => {
    const { drawn, state, indicator, listTabs } = setup();
    state.statuses.set(JANE, { state: 'rejected', message: null });
    await indicator.captureChanged(JANE);
    await indicator.captureChanged('https://www.linkedin.com/in/another');
    expect(drawn.get(1)?.mark).toBe('failed');
    expect(drawn.has(2)).toBe(false);
    expect(listTabs).toHaveBeenCalledTimes(1);
  });

  it('a platform turned off, or a page Chrome hides from us, is not a profile', async () => {
    const { drawn, navigate } = setup({ ...DEFAULT_SETTINGS, placement: 'toolbar', linkedin: false });
    navigate(1, JANE_TAB);
    navigate(3, undefined);
    await vi.advanceTimersByTimeAsync(QUIET_MS);
    expect(drawn.get(1)?.mark).toBe('none');
    expect(drawn.get(3)?.mark).toBe('none');
  });

  it('in page mode draws nothing, and switching back to it restores the tabs it marked', async () => {
    const { drawn, setTabAction, state, indicator, navigate } = setup({ ...DEFAULT_SETTINGS, placement: 'page' });
    navigate(1, JANE_TAB);
    await vi.advanceTimersByTimeAsync(QUIET_MS);
    await indicator.captureChanged(JANE);
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
