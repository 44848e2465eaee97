// @vitest-environment happy-dom
/**
 * The content-script flow without a browser: what the button shows, when the page is read, and
 * what is sent, with a fake background and a fake scraper.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { HOST_TAG } from '@/lib/capture-button';
import { startCaptureController, type CaptureControllerDeps } from '@/lib/capture-controller';
import type { ContentRequest } from '@/lib/messages';
import type { ScrapeResult, SiteScraper } from '@/lib/sites/types';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/storage';

const JANE = 'https://www.linkedin.com/in/jane-doe';
const BOB = 'https://www.linkedin.com/in/bob-durand';

function setup(options: { connected?: boolean; captured?: string | null; queued?: boolean; settings?: Settings } = {}) {
  document.body.replaceChildren();
  let url = `${JANE}/`;
  let settingsCallback: (settings: Settings) => void = () => undefined;
  const idle: (() => void)[] = [];
  const sent: ContentRequest[] = [];
  let captureAnswer: unknown = { state: 'captured', capturedAt: '2026-11-23T09:00:00.000Z', existing: false };
  const scrape = vi.fn<(doc: Document, url: string) => ScrapeResult>((_doc, address) => ({
    ok: true,
    lead: {
      firstName: 'Jane',
      lastName: 'Doe',
      jobTitle: 'CTO',
      profileUrl: address.startsWith(BOB) ? BOB : JANE,
    },
  }));
  const scraper: SiteScraper = { source: 'linkedin', scrape };
  const deps: CaptureControllerDeps = {
    scraper,
    document,
    currentUrl: () => url,
    sendToBackground: (request) => {
      sent.push(request);
      if (request.type === 'page-status') {
        return Promise.resolve({
          connected: options.connected ?? true,
          captured: options.captured ? { capturedAt: options.captured } : null,
          queued: options.queued ?? false,
        });
      }
      if (request.type === 'capture') return Promise.resolve(captureAnswer);
      return Promise.resolve({ ok: true });
    },
    loadSettings: () => Promise.resolve(options.settings ?? DEFAULT_SETTINGS),
    watchSettings: (callback) => {
      settingsCallback = callback;
    },
    uiLanguage: 'en-US',
    whenIdle: (callback) => idle.push(callback),
  };
  const controller = startCaptureController(deps);
  const runIdle = () => idle.splice(0).forEach((callback) => callback());
  const hosts = () => document.querySelectorAll(HOST_TAG);
  const button = () => hosts()[0]?.shadowRoot?.querySelector<HTMLButtonElement>('button.main') ?? null;
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
  return {
    controller,
    scrape,
    sent,
    runIdle,
    hosts,
    button,
    flush,
    navigate(next: string) {
      url = next;
      controller.onLocationChange();
    },
    changeSettings: (settings: Settings) => settingsCallback(settings),
    answerCaptureWith(answer: unknown) {
      captureAnswer = answer;
    },
    /** What the fake background reports; change it to script what a later page-status says. */
    options,
  };
}

/** A click as a person makes it: trusted. happy-dom marks dispatched events untrusted. */
async function trustedClick(button: HTMLButtonElement | null, flush: () => Promise<unknown>) {
  const event = new MouseEvent('click', { bubbles: true });
  Object.defineProperty(event, 'isTrusted', { value: true });
  button?.dispatchEvent(event);
  await flush();
  await flush();
}

describe('the capture controller', () => {
  beforeEach(() => vi.restoreAllMocks());

  it('inserts one button at idle time, reading nothing from the page but the address', async () => {
    const page = setup();
    await page.flush();
    expect(page.hosts()).toHaveLength(0); // not during load
    page.runIdle();
    expect(page.hosts()).toHaveLength(1);
    expect(page.button()?.textContent).toBe('Capture');
    expect(page.scrape).not.toHaveBeenCalled();
    expect(page.sent).toEqual([{ type: 'page-status' }]);
  });

  it('captures on a trusted click and shows Captured', async () => {
    const page = setup();
    await page.flush();
    page.runIdle();
    await trustedClick(page.button(), page.flush);
    expect(page.scrape).toHaveBeenCalledTimes(1);
    expect(page.sent.at(-1)).toEqual({
      type: 'capture',
      lead: { firstName: 'Jane', lastName: 'Doe', jobTitle: 'CTO', profileUrl: JANE },
    });
    expect(page.button()?.textContent).toBe('Captured');
    expect(page.hosts()[0]?.shadowRoot?.querySelector('.detail')?.textContent).toContain('Captured on');
  });

  it('ignores clicks that a page script dispatches', async () => {
    const page = setup();
    await page.flush();
    page.runIdle();
    page.button()?.click();
    page.button()?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await page.flush();
    expect(page.scrape).not.toHaveBeenCalled();
    expect(page.sent.some((request) => request.type === 'capture')).toBe(false);
  });

  it('shows Captured from the lead cache, then offers Capture again', async () => {
    const page = setup({ captured: '2026-11-20T10:00:00.000Z' });
    await page.flush();
    page.runIdle();
    expect(page.button()?.textContent).toBe('Captured');
    await trustedClick(page.button(), page.flush);
    expect(page.scrape).not.toHaveBeenCalled();
    const again = page.hosts()[0]?.shadowRoot?.querySelector<HTMLButtonElement>('button.again');
    expect(again?.hidden).toBe(false);
    expect(again?.textContent).toBe('Capture again');
    await trustedClick(again ?? null, page.flush);
    expect(page.sent.filter((request) => request.type === 'capture')).toHaveLength(1);
  });

  it('says Not connected and opens the settings on click, without reading the page', async () => {
    const page = setup({ connected: false });
    await page.flush();
    page.runIdle();
    expect(page.button()?.textContent).toBe('Not connected');
    await trustedClick(page.button(), page.flush);
    expect(page.sent.at(-1)).toEqual({ type: 'open-options' });
    expect(page.scrape).not.toHaveBeenCalled();
  });

  it.each([
    [{ state: 'queued', reason: 'offline' }, 'Queued'],
    [{ state: 'rejected', message: 'firstName is required' }, 'Rejected by Metrikia: firstName is required'],
    [{ state: 'refused' }, 'Could not capture this profile'],
    [{ nonsense: true }, 'Capture failed'],
  ])('shows what became of the capture: %o → %s', async (answer, label) => {
    const page = setup();
    page.answerCaptureWith(answer);
    await page.flush();
    page.runIdle();
    await trustedClick(page.button(), page.flush);
    expect(page.button()?.textContent).toBe(label);
  });

  it('says Queued on a profile whose capture waits in the outbox', async () => {
    const page = setup({ queued: true });
    await page.flush();
    page.runIdle();
    expect(page.button()?.textContent).toBe('Queued');
  });

  it('when the worker dies mid-capture and the capture was saved, shows Queued, not a failure', async () => {
    const page = setup();
    page.answerCaptureWith(undefined); // the port closed: no answer
    await page.flush();
    page.runIdle();
    page.options.queued = true; // …but the capture had reached the outbox
    await trustedClick(page.button(), page.flush);
    await page.flush();
    expect(page.button()?.textContent).toBe('Queued');
  });

  it('when the worker dies mid-capture and nothing was saved, says the capture failed', async () => {
    const page = setup();
    page.answerCaptureWith(undefined);
    await page.flush();
    page.runIdle();
    await trustedClick(page.button(), page.flush);
    await page.flush();
    expect(page.button()?.textContent).toBe('Capture failed');
  });

  it('says so when the page cannot be read', async () => {
    const page = setup();
    page.scrape.mockReturnValue({ ok: false, reason: 'name-not-found' });
    await page.flush();
    page.runIdle();
    await trustedClick(page.button(), page.flush);
    expect(page.button()?.textContent).toBe('Could not read this profile');
    expect(page.sent.some((request) => request.type === 'capture')).toBe(false);
  });

  it('follows in-app navigation without duplicating itself, and resets for the new profile', async () => {
    const page = setup();
    await page.flush();
    page.runIdle();
    await trustedClick(page.button(), page.flush);
    expect(page.button()?.textContent).toBe('Captured');
    page.navigate(`${BOB}/`);
    page.runIdle();
    await page.flush();
    expect(page.hosts()).toHaveLength(1);
    expect(page.button()?.textContent).toBe('Capture');
    expect(page.sent.at(-1)).toEqual({ type: 'page-status' });
    page.navigate('https://www.linkedin.com/feed/');
    expect(page.hosts()).toHaveLength(0);
    page.navigate(`${JANE}/`);
    page.runIdle();
    expect(page.hosts()).toHaveLength(1);
  });

  it('disappears at once when its platform is turned off, and changes language at once', async () => {
    const page = setup();
    await page.flush();
    page.runIdle();
    page.changeSettings({ ...DEFAULT_SETTINGS, language: 'fr' });
    expect(page.button()?.textContent).toBe('Capturer');
    page.changeSettings({ ...DEFAULT_SETTINGS, linkedin: false });
    expect(page.hosts()).toHaveLength(0);
  });

  it('shows nothing when the platform is off from the start', async () => {
    const page = setup({ settings: { ...DEFAULT_SETTINGS, linkedin: false } });
    await page.flush();
    page.runIdle();
    expect(page.hosts()).toHaveLength(0);
    expect(page.sent).toEqual([]);
  });

  it('answers the popup and the shortcut with the same states', async () => {
    const page = setup();
    await page.flush();
    page.runIdle();
    await expect(page.controller.onTabRequest({ type: 'get-state' })).resolves.toEqual({
      profileUrl: JANE,
      state: { kind: 'idle' },
    });
    await expect(page.controller.onTabRequest({ type: 'capture-request' })).resolves.toMatchObject({
      state: { kind: 'captured' },
    });
    expect(page.controller.onTabRequest({ type: 'evil' })).toBeUndefined();
  });
});
