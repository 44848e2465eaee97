// @vitest-environment happy-dom
/**
 * The content script's core and its context (lib/content/core.ts, context.ts), wired to a fake
 * `chrome` and window the way WXT's demo tests `background.main()` against `fakeBrowser`: what the
 * entry does at load, whom it listens to, and that everything ends with the extension.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTEXT_CHECK_MS, createContentContext } from '@/lib/content/context';
import { runContentScript, type ChromeForContent, type ContentWindow } from '@/lib/content/core';
import { linkedinProfile } from '@/lib/content/features/linkedin-profile';
import { linkedinPeopleSearch } from '@/lib/content/features/linkedin-search';

type Listener = Parameters<ChromeForContent['runtime']['onMessage']['addListener']>[0];

function fakeChrome(settings: unknown = undefined) {
  const messageListeners = new Set<Listener>();
  const sent: unknown[] = [];
  const chrome = {
    runtime: {
      id: 'ours' as string | undefined,
      sendMessage: vi.fn(async (message: unknown) => {
        sent.push(message);
        return undefined;
      }),
      onMessage: { addListener: (listener: Listener) => void messageListeners.add(listener), removeListener: (listener: Listener) => void messageListeners.delete(listener) },
    },
    storage: {
      sync: { get: vi.fn(async () => ({ settings })) },
      onChanged: { addListener: vi.fn(), removeListener: vi.fn() },
    },
    i18n: { getUILanguage: () => 'en-US' },
  };
  const deliver = (message: unknown, sender: { id?: string; tab?: unknown }) => {
    const answers: unknown[] = [];
    for (const listener of messageListeners) listener(message, sender, (answer) => answers.push(answer));
    return answers;
  };
  return { chrome, sent, messageListeners, deliver };
}

function fakeWindow(href: string) {
  vi.useFakeTimers();
  const idle: (() => void)[] = [];
  const page: ContentWindow = {
    document,
    location: { href },
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (id) => clearTimeout(id as number),
    setInterval: (callback, ms) => setInterval(callback, ms),
    clearInterval: (id) => clearInterval(id as number),
    requestIdleCallback: (callback) => idle.push(callback),
    cancelIdleCallback: () => undefined,
    performance: { now: () => Date.now() },
  };
  return { page, runIdle: () => idle.splice(0).forEach((callback) => callback()) };
}

beforeEach(() => {
  vi.useRealTimers();
  document.body.replaceChildren();
});

describe('the content script entry', () => {
  it('reads the one setting, inserts nothing before idle time, then one host; answers only our own extension, never a tab', async () => {
    const { chrome, deliver } = fakeChrome();
    const { page, runIdle } = fakeWindow('https://www.linkedin.com/in/jane-doe/');
    runContentScript([linkedinProfile, linkedinPeopleSearch], chrome, page);
    await vi.advanceTimersByTimeAsync(0);
    expect(chrome.storage.sync.get).toHaveBeenCalledWith('settings');
    expect(document.body.children).toHaveLength(0);
    runIdle();
    expect(document.body.children).toHaveLength(1);
    expect(deliver({ type: 'get-state' }, { id: 'another-extension' })).toEqual([]);
    expect(deliver({ type: 'get-state' }, { id: 'ours', tab: { id: 3 } })).toEqual([]);
    deliver({ type: 'get-state' }, { id: 'ours' });
    await vi.advanceTimersByTimeAsync(0);
  });

  it('"Only in the toolbar" builds no button and sends nothing', async () => {
    const { chrome, sent } = fakeChrome({ linkedin: true, instagram: true, language: 'auto', placement: 'toolbar' });
    const { page, runIdle } = fakeWindow('https://www.linkedin.com/in/jane-doe/');
    runContentScript([linkedinProfile], chrome, page);
    await vi.advanceTimersByTimeAsync(3000);
    runIdle();
    expect(document.body.children).toHaveLength(0);
    expect(sent).toEqual([]);
  });

  it('removes its host and every listener within a second of the extension going away', async () => {
    const { chrome, messageListeners } = fakeChrome();
    const { page, runIdle } = fakeWindow('https://www.linkedin.com/in/jane-doe/');
    runContentScript([linkedinProfile], chrome, page);
    await vi.advanceTimersByTimeAsync(0);
    runIdle();
    expect(document.body.children).toHaveLength(1);
    chrome.runtime.id = undefined;
    await vi.advanceTimersByTimeAsync(CONTEXT_CHECK_MS);
    expect(document.body.children).toHaveLength(0);
    expect(messageListeners.size).toBe(0);
    expect(chrome.storage.onChanged.removeListener).toHaveBeenCalled();
  });

  it('puts the button back within a second when the page removes it', async () => {
    const { chrome } = fakeChrome();
    const { page, runIdle } = fakeWindow('https://www.linkedin.com/in/jane-doe/');
    runContentScript([linkedinProfile], chrome, page);
    await vi.advanceTimersByTimeAsync(0);
    runIdle();
    // Shown, then taken off by the page's re-render (one taken off on sight comes back later: capture-controller.test.ts).
    await vi.advanceTimersByTimeAsync(0);
    document.body.replaceChildren();
    await vi.advanceTimersByTimeAsync(CONTEXT_CHECK_MS);
    expect(document.body.children).toHaveLength(1);
  });
});

describe('the context (WXT’s face, none of its announcements)', () => {
  it('ends its timers and listeners and calls back once when the extension goes; rebinds without doubling', () => {
    vi.useFakeTimers();
    let alive = true;
    const context = createContentContext(() => alive, globalThis as unknown as Parameters<typeof createContentContext>[1] & typeof globalThis);
    const target = new EventTarget();
    const heard = vi.fn();
    context.addEventListener(target, 'ping', heard);
    context.rebind();
    target.dispatchEvent(new Event('ping'));
    expect(heard).toHaveBeenCalledTimes(1);
    const fired = vi.fn();
    context.setTimeout(fired, 5000);
    const ended = vi.fn();
    context.onInvalidated(ended);
    alive = false;
    vi.advanceTimersByTime(CONTEXT_CHECK_MS);
    expect(ended).toHaveBeenCalledTimes(1);
    expect(context.isValid).toBe(false);
    vi.advanceTimersByTime(5000);
    expect(fired).not.toHaveBeenCalled();
    target.dispatchEvent(new Event('ping'));
    expect(heard).toHaveBeenCalledTimes(1);
  });
});
