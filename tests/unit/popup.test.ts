// @vitest-environment happy-dom
/**
 * The popup without a browser (lib/pages/popup/controller.ts): fakes for the worker, the tab and
 * storage; what the rep sees and does, and that a redraw while a form is open keeps what is typed.
 */
import { describe, expect, it, vi } from 'vitest';
import { startPopup, type PopupDeps } from '@/lib/pages/popup/controller';
import type { AppStatus, ButtonState, NeedsAttentionItem, TabState } from '@/lib/shared/messages';
import { appStatus, pageEnvironment } from '../support/pages';

const JANE_URL = 'https://www.linkedin.com/in/jane-doe/';

const item = (id: string, firstName: string): NeedsAttentionItem => ({
  id,
  source: 'linkedin',
  profileUrl: `https://www.linkedin.com/in/${id}`,
  firstName,
  lastName: 'Doe',
  jobTitle: 'Head of Growth',
  reason: 'The first name looks like a company name.',
  fields: {},
});

const status = (waiting: number, needsAttention: NeedsAttentionItem[]): AppStatus => appStatus({ waiting, needsAttention });

function popup(options: { status?: AppStatus; tab?: ButtonState | null; language?: 'en' | 'fr' } = {}) {
  let current = options.status ?? status(0, []);
  const storageListeners: Array<() => void> = [];
  const tabState: TabState | null = options.tab === null ? null : { profileUrl: 'https://www.linkedin.com/in/jane-doe', state: options.tab ?? { kind: 'idle' } };
  const deps = {
    ...pageEnvironment(options.language),
    background: {
      status: vi.fn(() => Promise.resolve(current)),
      retryNow: vi.fn(() => Promise.resolve(current)),
      discard: vi.fn(() => Promise.resolve({ ok: true })),
      edit: vi.fn(() => Promise.resolve({ ok: true as const })),
      captureTab: vi.fn(() => Promise.resolve<TabState>({ profileUrl: 'https://www.linkedin.com/in/jane-doe', state: { kind: 'captured', capturedAt: '2026-11-30T10:00:00.000Z' } })),
    },
    tabState: vi.fn(() => (tabState ? Promise.resolve(tabState) : Promise.reject(new Error('no content script')))),
    activeTab: () => Promise.resolve({ id: 7, url: JANE_URL }),
    shortcut: () => Promise.resolve('Alt+Shift+S'),
    openOptions: vi.fn(),
    openShortcuts: vi.fn(),
    onLocalStorageChange: (callback: () => void) => void storageListeners.push(callback),
    onReady: vi.fn(),
  } satisfies PopupDeps;
  const started = startPopup(deps);
  return {
    deps,
    ready: started.ready,
    /** The worker's queue changed, as a delivery or a capture in another tab changes it. */
    async storageChanged(next: AppStatus) {
      current = next;
      for (const listener of storageListeners) listener();
      await vi.waitFor(() => expect(document.getElementById('waiting-text')?.textContent).toBe(next.waiting === 0 ? 'Nothing waiting.' : `${next.waiting} waiting to be sent`));
    },
    byId: <T extends HTMLElement>(id: string) => document.getElementById(id) as T | null,
  };
}

describe('the popup', () => {
  it('draws the queue, the needs-attention list and this page, then reports ready once', async () => {
    const page = popup({ status: status(1000, Array.from({ length: 50 }, (_, index) => item(`id-${index}`, `Person${index}`))) });
    await page.ready;
    expect(page.deps.onReady).toHaveBeenCalledTimes(1);
    expect(page.byId('connection-text')?.textContent).toBe('Connected to Acme as rep@acme.io');
    expect(page.byId('waiting-text')?.textContent).toBe('1,000 waiting to be sent');
    expect(document.querySelectorAll('#attention-list li')).toHaveLength(50);
    expect(page.byId('tab-capture-label')?.textContent).toBe('Capture');
    expect(page.byId('shortcut-text')?.textContent).toBe('Shortcut: Alt+Shift+S');
  });

  it('in French, the same popup in French', async () => {
    const page = popup({ language: 'fr', status: status(2, []) });
    await page.ready;
    expect(document.documentElement.lang).toBe('fr');
    expect(page.byId('waiting-text')?.textContent).toBe('2 en attente d’envoi');
    expect(page.byId('tab-capture-label')?.textContent).toBe('Capturer');
  });

  it('a storage change while Edit is open keeps the form, what was typed, the caret and the focus', async () => {
    const page = popup({ status: status(1, [item('a', 'Jane'), item('b', 'Bob')]) });
    await page.ready;
    page.byId<HTMLButtonElement>('edit-a')?.click();
    const first = page.byId<HTMLInputElement>('first-a');
    if (!first) throw new Error('the edit form did not open');
    expect(document.activeElement).toBe(first);
    first.value = 'Janet Corp';
    first.dispatchEvent(new Event('input', { bubbles: true }));
    first.setSelectionRange(5, 10);

    // Another capture arrives in the queue, and Bob's refusal is fixed elsewhere.
    await page.storageChanged(status(2, [item('a', 'Jane')]));
    expect(page.byId('first-a')).toBe(first);
    expect(first.value).toBe('Janet Corp');
    expect([first.selectionStart, first.selectionEnd]).toEqual([5, 10]);
    expect(document.activeElement).toBe(first);

    first.form?.requestSubmit();
    await vi.waitFor(() => expect(page.deps.background.edit).toHaveBeenCalledWith('a', { firstName: 'Janet Corp', lastName: 'Doe', jobTitle: 'Head of Growth' }));
  });

  it('a storage change while "Enter details" is open keeps what was typed and the focus', async () => {
    const page = popup({ tab: { kind: 'failed', reason: 'name-not-found', message: null, found: { firstName: '', lastName: '', jobTitle: 'CEO' } } });
    await page.ready;
    page.byId<HTMLButtonElement>('tab-enter-details')?.click();
    const input = page.byId<HTMLInputElement>('details-last');
    if (!input) throw new Error('Enter details did not open');
    input.focus();
    input.value = 'Durand';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.setSelectionRange(3, 3);
    await page.storageChanged(status(3, []));
    expect(page.byId('details-last')).toBe(input);
    expect(input.value).toBe('Durand');
    expect(input.selectionStart).toBe(3);
    expect(document.activeElement).toBe(input);
    expect(page.byId<HTMLInputElement>('details-title')?.value).toBe('CEO');
  });

  it('Capture does what the page’s button does: capture when idle, through the worker’s capture-tab', async () => {
    const page = popup();
    await page.ready;
    page.byId<HTMLButtonElement>('tab-capture')?.click();
    expect(page.byId('tab-capture-label')?.textContent).toBe('Capturing…');
    expect(page.deps.background.captureTab).toHaveBeenCalledWith(7, undefined);
    await vi.waitFor(() => expect(page.byId('tab-capture-label')?.textContent).toBe('Captured'));
  });

  it('Capture on Captured offers "Capture again" and sends nothing; on Not connected it opens the settings', async () => {
    const captured = popup({ tab: { kind: 'captured', capturedAt: '2026-11-30T10:00:00.000Z' } });
    await captured.ready;
    captured.byId<HTMLButtonElement>('tab-capture')?.click();
    expect(document.activeElement?.id).toBe('tab-capture-again');
    expect(document.activeElement?.textContent).toBe('Capture again');
    expect(captured.deps.background.captureTab).not.toHaveBeenCalled();

    const notConnected = popup({ tab: { kind: 'not-connected' } });
    await notConnected.ready;
    notConnected.byId<HTMLButtonElement>('tab-capture')?.click();
    expect(notConnected.deps.openOptions).toHaveBeenCalledTimes(1);
    expect(notConnected.deps.background.captureTab).not.toHaveBeenCalled();
  });

  it('with no content script in the tab, asks to reload the page', async () => {
    const page = popup({ tab: null });
    await page.ready;
    expect(page.byId('tab-text')?.textContent).toBe('Reload this page to capture it.');
    expect(page.byId('tab-capture')?.hidden).toBe(true);
  });
});
