// @vitest-environment happy-dom
/**
 * The settings page without a browser (lib/pages/options/controller.ts): a fake worker and fake
 * settings; what the rep sees, and that a redraw (a language change, a status refresh) keeps the
 * key being typed, its caret and the focus.
 */
import { describe, expect, it, vi } from 'vitest';
import { startOptions, type OptionsDeps } from '@/lib/pages/options/controller';
import type { AppStatus, ConnectResponse } from '@/lib/shared/messages';
import { settingsItem } from '@/lib/shared/storage';
import { appStatus, CONNECTION, pageEnvironment } from '../support/pages';

const status = (connected: boolean): AppStatus => appStatus({ connection: connected ? CONNECTION : null, cachedProfiles: 3 });

function options(initial: AppStatus = status(false)) {
  let current = initial;
  const stale: Array<() => void> = [];
  const deps = {
    ...pageEnvironment(),
    background: {
      status: vi.fn(() => Promise.resolve(current)),
      connect: vi.fn((): Promise<ConnectResponse> => {
        current = status(true);
        return Promise.resolve({ ok: true, connection: CONNECTION });
      }),
      disconnect: vi.fn(() => Promise.resolve({ ok: true })),
      exportData: vi.fn(() => Promise.resolve({ data: {} })),
      clearData: vi.fn(() => Promise.resolve({ ok: true })),
    },
    download: vi.fn(),
    onStaleStatus: (callback: () => void) => void stale.push(callback),
  } satisfies OptionsDeps;
  startOptions(deps);
  return { deps, refresh: () => stale.forEach((callback) => callback()) };
}

const input = (id: string) => document.getElementById(id) as HTMLInputElement;

describe('the settings page', () => {
  it('a language change and a status refresh while the key is typed keep the field, its text, caret and focus', async () => {
    const page = options();
    await vi.waitFor(() => expect(document.getElementById('count-cached')?.textContent).toBe('3 profiles captured in the last 7 days'));
    const key = input('api-key');
    key.focus();
    key.value = 'mk_test_de';
    key.dispatchEvent(new Event('input'));
    key.setSelectionRange(3, 3);

    const select = document.getElementById('language') as HTMLSelectElement;
    select.value = 'fr';
    select.dispatchEvent(new Event('change'));
    expect(page.deps.settings.set).toHaveBeenCalledWith({ ...settingsItem.fallback, language: 'fr' });
    expect(document.querySelector('h1')?.textContent).toBe('Réglages de Metrikia Companion');
    page.refresh();
    await vi.waitFor(() => expect(page.deps.background.status).toHaveBeenCalledTimes(2));

    expect(input('api-key')).toBe(key);
    expect(key.value).toBe('mk_test_de');
    expect(key.selectionStart).toBe(3);
    expect(document.activeElement).toBe(key);
  });

  it('Connect sends what was typed, then says who is connected and puts the focus there', async () => {
    const page = options();
    const key = input('api-key');
    key.value = 'mk_test_demo';
    key.dispatchEvent(new Event('input'));
    (document.getElementById('connect-form') as HTMLFormElement).requestSubmit();
    await vi.waitFor(() => expect(document.activeElement?.id).toBe('connected-as'));
    expect(page.deps.background.connect).toHaveBeenCalledWith('mk_test_demo');
    expect(document.getElementById('connected-as')?.textContent).toBe('Connected to Acme as rep@acme.io');
    expect((document.getElementById('connect-form') as HTMLFormElement).hidden).toBe(true);
    expect(key.value).toBe('');
  });

  it('a key Metrikia no longer accepts is one state: said with whose key it was, one way on (the key field), no "Connected to", no Disconnect beside it', async () => {
    const page = options(appStatus({ keyRejected: true, waiting: 2 }));
    await vi.waitFor(() => expect(document.getElementById('key-rejected')?.hidden).toBe(false));
    expect(document.getElementById('key-rejected')?.textContent).toBe(
      'Metrikia no longer accepts the API key connected for Acme (rep@acme.io). Connect a new key here to send the waiting captures.',
    );
    expect(document.getElementById('connected')?.hidden).toBe(true);
    expect((document.getElementById('connect-form') as HTMLFormElement).hidden).toBe(false);
    expect(document.getElementById('count-waiting')?.textContent).toBe('2 waiting to be sent');

    const key = input('api-key');
    key.value = 'mk_test_new';
    key.dispatchEvent(new Event('input'));
    (document.getElementById('connect-form') as HTMLFormElement).requestSubmit();
    await vi.waitFor(() => expect(document.activeElement?.id).toBe('connected-as'));
    expect(page.deps.background.connect).toHaveBeenCalledWith('mk_test_new');
    expect(document.getElementById('key-rejected')?.hidden).toBe(true);
  });

  it('opened as the welcome of a first install, says where the key is found and puts the focus in the key field', async () => {
    history.replaceState(null, '', '/options.html?welcome');
    try {
      options();
      const welcome = document.getElementById('welcome') as HTMLElement;
      expect(document.activeElement?.id).toBe('api-key');
      expect(welcome.hidden).toBe(false);
      expect(welcome.textContent).toBe('Welcome! To start, connect your Metrikia API key: you find it in Metrikia, in your account settings.');
      expect(input('api-key').getAttribute('aria-describedby')).toBe('welcome api-key-help api-key-error');
      await vi.waitFor(() => expect(document.getElementById('count-cached')?.textContent).toBe('3 profiles captured in the last 7 days'));
      expect(document.activeElement?.id).toBe('api-key');

      const key = input('api-key');
      key.value = 'mk_test_demo';
      key.dispatchEvent(new Event('input'));
      (document.getElementById('connect-form') as HTMLFormElement).requestSubmit();
      await vi.waitFor(() => expect(document.activeElement?.id).toBe('connected-as'));
      expect(welcome.hidden).toBe(true);
    } finally {
      history.replaceState(null, '', '/options.html');
    }
  });

  it('opened any other way, has no welcome and leaves the focus alone', () => {
    options();
    expect((document.getElementById('welcome') as HTMLElement).hidden).toBe(true);
    expect(document.activeElement).toBe(document.body);
    expect(input('api-key').getAttribute('aria-describedby')).toBe('api-key-help api-key-error');
  });
});
