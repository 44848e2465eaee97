// @vitest-environment happy-dom
/**
 * The content-script flow without a browser: what the button shows, when the page is read, what
 * is sent and when, with a fake worker, a fake site, a fake clock, and the layout checks replaced
 * (happy-dom has no layout; the real ones are proved in Chromium by tests/e2e/page-hostility.spec.ts).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PageChecks } from '@/lib/content/capture-button';
import {
  CAPTURES_PER_MINUTE,
  SETTLE_MS,
  STATUS_DELAY_MS,
  readContentSettings,
  startCaptureController,
  type CaptureControllerDeps,
  type ContentSettings,
} from '@/lib/content/capture-controller';
import type { ContentSite, PeopleSearchSite } from '@/lib/content/content-site';
import { isLinkedInPeopleSearch } from '@/lib/shared/sites/people-search';
import type { LinkedInReading } from '@/lib/shared/sites/types';
import type { ContentRequest, EnteredDetails } from '@/lib/shared/messages';
import { canonicalLinkedInUrl } from '@/lib/shared/profile-url';
import { linkedInCard, linkedInReading, searchResult } from '../support/readings';

const JANE = 'https://www.linkedin.com/in/jane-doe';
const BOB = 'https://www.linkedin.com/in/bob-durand';
/** What the fake site "reads" at `address`: a top card whose name links to that address. */
const readingAt = (address: string): LinkedInReading =>
  linkedInReading({ cards: [linkedInCard('Jane Doe', { nameLink: address, links: [address], after: ['CTO'] })], titles: ['Jane Doe | LinkedIn'] });
const PAGE: ContentSettings = { enabled: true, language: 'auto', placement: 'page' };
const SEARCH = 'https://www.linkedin.com/search/results/people/?keywords=growth&page=1';
const SEARCH_READING = { results: [searchResult('Amélie Laurent', '/in/amelie/', { after: ['CRO'] })] };
const NO_COUNTS = { captured: 0, alreadyCaptured: 0, queued: 0, refused: 0, notSaved: 0, fromProfile: 0 };

function setup(options: { connected?: boolean; captured?: string | null; queued?: boolean; settings?: ContentSettings; url?: string } = {}) {
  document.body.replaceChildren();
  let url = options.url ?? `${JANE}/`;
  let now = 1_000;
  let visible = true;
  const timers: { at: number; callback: () => void; cancelled: boolean }[] = [];
  const idle: (() => void)[] = [];
  const sent: ContentRequest[] = [];
  let captureAnswer: unknown = { state: 'captured', capturedAt: '2026-11-23T09:00:00.000Z', existing: false };
  const captureRequest = vi.fn<ContentSite['captureRequest']>((_doc, address, details) => ({
    type: 'capture',
    reading: readingAt(address),
    ...(details ? { details } : {}),
  }));
  let bulkAnswer: unknown = { state: 'done', counts: { ...NO_COUNTS, captured: 8, alreadyCaptured: 1, fromProfile: 1 } };
  const bulkRequest = vi.fn<PeopleSearchSite['captureRequest']>(() => ({ type: 'bulk-capture', reading: SEARCH_READING }));
  const site: ContentSite = {
    source: 'linkedin',
    profileAt: canonicalLinkedInUrl,
    captureRequest,
    peopleSearch: { at: isLinkedInPeopleSearch, captureRequest: bulkRequest },
  };
  // What the real checks decide from layout; here: the event is trusted (happy-dom: untrusted).
  const checks: PageChecks = { click: (event) => event.isTrusted, drawn: () => true };
  const deps: CaptureControllerDeps = {
    site,
    document,
    currentUrl: () => url,
    send: (request) => {
      sent.push(request);
      if (request.type === 'page-status') {
        return Promise.resolve({
          connected: options.connected ?? true,
          captured: options.captured ? { capturedAt: options.captured } : null,
          queued: options.queued ?? false,
        });
      }
      if (request.type === 'capture') return Promise.resolve(captureAnswer);
      if (request.type === 'bulk-capture') return Promise.resolve(bulkAnswer);
      return Promise.resolve({ ok: true });
    },
    uiLanguage: 'en-US',
    now: () => now,
    setTimer(callback, ms) {
      const timer = { at: now + ms, callback, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    whenIdle: (callback) => idle.push(callback),
    isVisible: () => visible,
    checks,
  };
  const controller = startCaptureController(deps);
  const flush = async () => {
    for (let i = 0; i < 4; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
  };
  const root = () => controller.view?.root ?? null;
  const page = {
    controller,
    captureRequest,
    bulkRequest,
    sent,
    flush,
    root,
    hosts: () => [...document.body.children].filter((element) => element === controller.view?.host),
    button: () => root()?.querySelector<HTMLButtonElement>('button.main') ?? null,
    detail: () => root()?.querySelector('.detail')?.textContent ?? '',
    statusRequests: () => sent.filter((request) => request.type === 'page-status').length,
    captures: () => sent.filter((request) => request.type === 'capture'),
    runIdle: () => idle.splice(0).forEach((callback) => callback()),
    /** Moves the fake clock, running the timers that fall due. */
    tick(ms: number) {
      now += ms;
      for (const timer of timers.splice(0)) {
        if (timer.cancelled) continue;
        if (timer.at <= now) timer.callback();
        else timers.push(timer);
      }
    },
    async advance(ms: number) {
      page.tick(ms);
      await flush();
    },
    navigate(next: string) {
      url = next;
      controller.onLocationChange();
    },
    moveSilently(next: string) {
      url = next;
    },
    setVisible(value: boolean) {
      visible = value;
    },
    changeSettings: (settings: ContentSettings) => controller.applySettings(settings),
    answerCaptureWith(answer: unknown) {
      captureAnswer = answer;
    },
    answerBulkWith(answer: unknown) {
      bulkAnswer = answer;
    },
    /** What the fake worker reports; change it to script what a later page-status says. */
    options,
    /** Settings read, button inserted at idle time, shown long enough for a click to count, state asked. */
    async ready() {
      controller.applySettings(options.settings ?? PAGE);
      page.runIdle();
      await page.advance(Math.max(SETTLE_MS, STATUS_DELAY_MS));
    },
  };
  return page;
}

/** A click as a person makes it: trusted. happy-dom marks dispatched events untrusted. */
async function trustedClick(button: Element | null | undefined, flush: () => Promise<unknown>) {
  const event = new MouseEvent('click', { bubbles: true });
  Object.defineProperty(event, 'isTrusted', { value: true });
  button?.dispatchEvent(event);
  await flush();
}

describe('the capture controller', () => {
  beforeEach(() => vi.restoreAllMocks());

  it('inserts one button at idle time, reading nothing from the page but the address, and asks its state only once it settled', async () => {
    const page = setup();
    page.controller.applySettings(PAGE);
    await page.flush();
    expect(page.hosts()).toHaveLength(0); // not during load
    page.runIdle();
    expect(page.hosts()).toHaveLength(1);
    expect(page.button()?.textContent).toBe('Capture');
    expect(page.sent).toEqual([]); // no message until the profile has stayed on screen
    await page.advance(STATUS_DELAY_MS - 1);
    expect(page.sent).toEqual([]);
    await page.advance(1);
    expect(page.captureRequest).not.toHaveBeenCalled();
    expect(page.sent).toEqual([{ type: 'page-status' }]); // no profile in it: the worker reads the tab's
  });

  it('draws on a plain div with a closed shadow root and no attribute but its style', async () => {
    const page = setup();
    await page.ready();
    const host = page.hosts()[0];
    expect(host?.localName).toBe('div');
    expect(host?.shadowRoot).toBeNull();
    expect(host?.getAttributeNames()).toEqual(['style']);
    expect(host?.getAttribute('style')).toContain('!important');
  });

  it('captures on a trusted click and shows Captured', async () => {
    const page = setup();
    await page.ready();
    await trustedClick(page.button(), page.flush);
    expect(page.captureRequest).toHaveBeenCalledTimes(1);
    expect(page.sent.at(-1)).toEqual({ type: 'capture', reading: readingAt(`${JANE}/`) });
    expect(page.button()?.textContent).toBe('Captured');
    expect(page.detail()).toContain('Captured on');
  });

  it('ignores clicks that a page script dispatches', async () => {
    const page = setup();
    await page.ready();
    page.button()?.click();
    page.button()?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await page.flush();
    expect(page.captureRequest).not.toHaveBeenCalled();
    expect(page.captures()).toHaveLength(0);
  });

  it('ignores a click before the button has shown the profile for 500 ms, also right after in-app navigation', async () => {
    const page = setup();
    page.controller.applySettings(PAGE);
    page.runIdle();
    await page.advance(SETTLE_MS - 1);
    await trustedClick(page.button(), page.flush);
    expect(page.captures()).toHaveLength(0);
    await page.advance(1);
    page.navigate(`${BOB}/`);
    await trustedClick(page.button(), page.flush);
    expect(page.captures()).toHaveLength(0);
    await page.advance(SETTLE_MS);
    await trustedClick(page.button(), page.flush);
    expect(page.captures()).toHaveLength(1);
    expect(page.captures()[0]).toEqual({ type: 'capture', reading: readingAt(`${BOB}/`) });
  });

  it('does not capture when the address moved without a navigation event: the click was meant for another profile', async () => {
    const page = setup();
    await page.ready();
    page.moveSilently(`${BOB}/`); // pushState from the page, its event not yet seen, then a click
    await trustedClick(page.button(), page.flush);
    expect(page.captures()).toHaveLength(0);
    expect(page.button()?.textContent).toBe('Capture'); // now for Bob, and waiting out its 500 ms
  });

  it('shows Captured from the lead cache, then offers Capture again', async () => {
    const page = setup({ captured: '2026-11-20T10:00:00.000Z' });
    await page.ready();
    expect(page.button()?.textContent).toBe('Captured');
    await trustedClick(page.button(), page.flush);
    expect(page.captureRequest).not.toHaveBeenCalled();
    const again = page.root()?.querySelector<HTMLButtonElement>('button.again');
    expect(again?.hidden).toBe(false);
    expect(again?.textContent).toBe('Capture again');
    await trustedClick(again, page.flush);
    expect(page.captures()).toHaveLength(1);
  });

  it('says Not connected and opens the settings on click, without reading the page', async () => {
    const page = setup({ connected: false });
    await page.ready();
    expect(page.button()?.textContent).toBe('Not connected');
    await trustedClick(page.button(), page.flush);
    expect(page.sent.at(-1)).toEqual({ type: 'open-options' });
    expect(page.captureRequest).not.toHaveBeenCalled();
  });

  it.each([
    [{ state: 'queued', reason: 'offline' }, 'Queued'],
    // The page's button never shows the server's words (the page could read them off the screen).
    [{ state: 'rejected', message: 'firstName is required' }, 'Rejected by Metrikia'],
    [{ state: 'refused' }, 'Could not capture this profile'],
    [{ state: 'unreadable', reason: 'not-found', found: null }, 'Profile not found'],
    [{ state: 'unreadable', reason: 'logged-out', found: null }, 'Sign in to capture'],
    [{ state: 'outbox-full' }, 'Too many captures waiting'],
    [{ state: 'throttled' }, 'Too many captures'],
    [{ nonsense: true }, 'Capture failed'],
  ])('shows what became of the capture: %o → %s', async (answer, label) => {
    const page = setup();
    page.answerCaptureWith(answer);
    await page.ready();
    await trustedClick(page.button(), page.flush);
    expect(page.button()?.textContent).toBe(label);
    expect(page.root()?.textContent).not.toContain('firstName is required');
  });

  it('gives the popup the server’s words, which the page’s button does not show', async () => {
    const page = setup();
    page.answerCaptureWith({ state: 'rejected', message: 'firstName is required' });
    await page.ready();
    await trustedClick(page.button(), page.flush);
    await expect(page.controller.onTabRequest({ type: 'get-state' })).resolves.toEqual({
      profileUrl: JANE,
      state: { kind: 'failed', reason: 'rejected', message: 'firstName is required' },
    });
  });

  it('says Queued on a profile whose capture waits in the outbox', async () => {
    const page = setup({ queued: true });
    await page.ready();
    expect(page.button()?.textContent).toBe('Queued');
  });

  it('when the worker dies mid-capture and the capture was saved, shows Queued, not a failure', async () => {
    const page = setup();
    page.answerCaptureWith(undefined); // the port closed: no answer
    await page.ready();
    page.options.queued = true; // …but the capture had reached the outbox
    await trustedClick(page.button(), page.flush);
    expect(page.button()?.textContent).toBe('Queued');
  });

  it('when the worker dies mid-capture and nothing was saved, says the capture failed', async () => {
    const page = setup();
    page.answerCaptureWith(undefined);
    await page.ready();
    await trustedClick(page.button(), page.flush);
    expect(page.button()?.textContent).toBe('Capture failed');
  });

  it('says so when the page cannot be read, and offers no form where none may be offered', async () => {
    const page = setup();
    page.answerCaptureWith({ state: 'unreadable', reason: 'logged-out', found: null });
    await page.ready();
    await trustedClick(page.button(), page.flush);
    expect(page.button()?.textContent).toBe('Sign in to capture');
    expect(page.root()?.querySelector<HTMLButtonElement>('button.enter')?.hidden).toBe(true);
    // The one message is the reading, which the worker refused: it decides, nothing is queued.
    expect(page.captures()).toEqual([{ type: 'capture', reading: readingAt(`${JANE}/`) }]);
  });

  it('follows in-app navigation without duplicating itself, and resets for the new profile', async () => {
    const page = setup();
    await page.ready();
    await trustedClick(page.button(), page.flush);
    expect(page.button()?.textContent).toBe('Captured');
    page.navigate(`${BOB}/`);
    page.runIdle();
    await page.advance(STATUS_DELAY_MS);
    expect(page.hosts()).toHaveLength(1);
    expect(page.button()?.textContent).toBe('Capture');
    expect(page.sent.at(-1)).toEqual({ type: 'page-status' });
    page.navigate('https://www.linkedin.com/feed/');
    expect(page.hosts()).toHaveLength(0);
    page.navigate(`${JANE}/`);
    page.runIdle();
    expect(page.hosts()).toHaveLength(1);
  });

  it('asks about none of a flood of profiles flipped through faster than the delay, then once about the one that stays', async () => {
    const page = setup({ captured: '2026-11-20T10:00:00.000Z' });
    await page.ready();
    const before = page.statusRequests();
    for (let i = 0; i < 1000; i += 1) {
      page.navigate(`https://www.linkedin.com/in/person-${i}/`);
      page.tick(STATUS_DELAY_MS / 4);
    }
    await page.flush();
    expect(page.statusRequests()).toBe(before);
    expect(page.button()?.textContent).toBe('Capture');
    await page.advance(STATUS_DELAY_MS);
    expect(page.statusRequests()).toBe(before + 1);
  });

  it('asks nothing while the tab is hidden, and asks when it becomes visible', async () => {
    const page = setup();
    page.setVisible(false);
    await page.ready();
    expect(page.statusRequests()).toBe(0);
    page.setVisible(true);
    page.controller.onVisible();
    await page.advance(STATUS_DELAY_MS);
    expect(page.statusRequests()).toBe(1);
  });

  it(`sends at most ${CAPTURES_PER_MINUTE} captures a minute from one tab`, async () => {
    const page = setup();
    page.answerCaptureWith({ state: 'queued', reason: 'offline' });
    await page.ready();
    for (let i = 0; i < CAPTURES_PER_MINUTE + 2; i += 1) await trustedClick(page.button(), page.flush);
    expect(page.captures()).toHaveLength(CAPTURES_PER_MINUTE);
    expect(page.button()?.textContent).toBe('Too many captures');
    await page.advance(60_000);
    await trustedClick(page.button(), page.flush);
    expect(page.captures()).toHaveLength(CAPTURES_PER_MINUTE + 1);
  });

  it('disappears at once when its platform is turned off, and changes language at once', async () => {
    const page = setup();
    await page.ready();
    page.changeSettings({ ...PAGE, language: 'fr' });
    expect(page.button()?.textContent).toBe('Capturer');
    page.changeSettings({ ...PAGE, enabled: false });
    expect(page.hosts()).toHaveLength(0);
  });

  it('shows nothing when the platform is off from the start', async () => {
    const page = setup({ settings: { ...PAGE, enabled: false } });
    await page.ready();
    expect(page.hosts()).toHaveLength(0);
    expect(page.sent).toEqual([]);
  });

  it('answers the popup and the shortcut with the same states', async () => {
    const page = setup();
    await page.ready();
    await expect(page.controller.onTabRequest({ type: 'get-state' })).resolves.toEqual({
      profileUrl: JANE,
      state: { kind: 'idle' },
    });
    await expect(page.controller.onTabRequest({ type: 'capture-request' })).resolves.toMatchObject({
      state: { kind: 'captured' },
    });
    expect(page.controller.onTabRequest({ type: 'evil' })).toBeUndefined();
    expect(page.controller.onTabRequest({ type: 'capture-request', details: { firstName: 1 } })).toBeUndefined();
  });

  it('removes its button and answers nothing once the extension’s context has ended', async () => {
    const page = setup();
    await page.ready();
    page.controller.destroy();
    expect(page.hosts()).toHaveLength(0);
    expect(page.controller.onTabRequest({ type: 'get-state' })).toBeUndefined();
    page.navigate(`${BOB}/`);
    page.runIdle();
    await page.advance(STATUS_DELAY_MS);
    expect(page.hosts()).toHaveLength(0);
    expect(page.statusRequests()).toBe(1);
  });
});

describe('a people search page (issue 13)', () => {
  beforeEach(() => vi.restoreAllMocks());

  it('offers "Capture people on this page", reading and counting nothing before the click', async () => {
    const page = setup({ url: SEARCH });
    await page.ready();
    expect(page.button()?.textContent).toBe('Capture people on this page');
    expect(page.detail()).toBe('');
    expect(page.bulkRequest).not.toHaveBeenCalled();
    expect(page.captureRequest).not.toHaveBeenCalled();
    expect(page.sent).toEqual([{ type: 'page-status' }]);
  });

  it('sends one bulk capture on a trusted click, then shows the summary', async () => {
    const page = setup({ url: SEARCH });
    await page.ready();
    page.button()?.click(); // a page script's click: nothing
    await page.flush();
    expect(page.bulkRequest).not.toHaveBeenCalled();
    await trustedClick(page.button(), page.flush);
    expect(page.bulkRequest).toHaveBeenCalledTimes(1);
    expect(page.sent.filter((request) => request.type === 'bulk-capture')).toEqual([{ type: 'bulk-capture', reading: SEARCH_READING }]);
    expect(page.captures()).toHaveLength(0);
    expect(page.button()?.textContent).toBe('Capture people on this page');
    expect(page.detail()).toBe('8 captured, 1 already captured, 1 to capture from their profile');
  });

  it('says so in French, with French plurals', async () => {
    const page = setup({ url: SEARCH, settings: { ...PAGE, language: 'fr' } });
    page.answerBulkWith({ state: 'done', counts: { ...NO_COUNTS, captured: 2, alreadyCaptured: 1, fromProfile: 3 } });
    await page.ready();
    expect(page.button()?.textContent).toBe('Capturer les personnes de cette page');
    await trustedClick(page.button(), page.flush);
    expect(page.detail()).toBe('2 capturés, 1 déjà capturé, 3 à capturer depuis leur profil');
  });

  it('says when the worker throttles it or does not answer, and does not take the single captures’ minute', async () => {
    const page = setup({ url: SEARCH });
    page.answerBulkWith({ state: 'throttled' });
    await page.ready();
    await trustedClick(page.button(), page.flush);
    expect(page.button()?.textContent).toBe('Too many captures');
    expect(page.detail()).toBe('Wait a few seconds, then try again.');
    page.answerBulkWith(undefined);
    for (let click = 0; click < CAPTURES_PER_MINUTE + 1; click += 1) await trustedClick(page.button(), page.flush);
    expect(page.sent.filter((request) => request.type === 'bulk-capture')).toHaveLength(CAPTURES_PER_MINUTE + 2);
    expect(page.button()?.textContent).toBe('Capture failed');
  });

  it('captures the page’s results when our extension asks (popup, shortcut), and says it is a search page', async () => {
    const page = setup({ url: SEARCH });
    await page.ready();
    const answer = await page.controller.onTabRequest({ type: 'capture-request' });
    expect(page.bulkRequest).toHaveBeenCalledTimes(1);
    expect(answer).toEqual({ profileUrl: null, state: { kind: 'idle' }, peopleSearch: true });
  });

  it('forgets the summary on another search page, and is a profile button again on a profile', async () => {
    const page = setup({ url: SEARCH });
    await page.ready();
    await trustedClick(page.button(), page.flush);
    page.navigate(`${SEARCH.replace('page=1', 'page=2')}`);
    expect(page.detail()).toBe('');
    page.navigate(`${JANE}/`);
    expect(page.button()?.textContent).toBe('Capture');
    await page.advance(SETTLE_MS);
    await trustedClick(page.button(), page.flush);
    expect(page.captureRequest).toHaveBeenCalledTimes(1);
    expect(page.bulkRequest).toHaveBeenCalledTimes(1);
  });

  it('is no search page on another LinkedIn page', async () => {
    const page = setup({ url: 'https://www.linkedin.com/search/results/companies/?keywords=acme' });
    await page.ready();
    expect(page.hosts()).toHaveLength(0);
    expect(page.sent).toEqual([]);
  });
});

describe('"Only in the toolbar"', () => {
  const TOOLBAR: ContentSettings = { ...PAGE, placement: 'toolbar' };

  it('inserts nothing and sends nothing, yet captures when our extension asks', async () => {
    const page = setup({ settings: TOOLBAR });
    await page.ready();
    expect(document.body.children).toHaveLength(0);
    expect(page.sent).toEqual([]);
    await expect(page.controller.onTabRequest({ type: 'get-state' })).resolves.toEqual({ profileUrl: JANE, state: { kind: 'idle' } });
    await expect(page.controller.onTabRequest({ type: 'capture-request' })).resolves.toMatchObject({ state: { kind: 'captured' } });
    expect(page.sent.map((request) => request.type)).toEqual(['capture']);
    expect(document.body.children).toHaveLength(0);
  });

  it('switches both ways at once', async () => {
    const page = setup();
    await page.ready();
    expect(page.hosts()).toHaveLength(1);
    page.changeSettings(TOOLBAR);
    expect(document.body.children).toHaveLength(0);
    page.changeSettings(PAGE);
    page.runIdle();
    expect(page.hosts()).toHaveLength(1);
  });
});

describe('"Enter details" in the button', () => {
  const FOUND = { firstName: 'Jane', lastName: '', jobTitle: null };

  async function unreadablePage() {
    const page = setup();
    page.answerCaptureWith({ state: 'unreadable', reason: 'name-not-found', found: FOUND });
    await page.ready();
    await trustedClick(page.button(), page.flush);
    // The reading went to the worker, which found no name; from here on only the form may send.
    expect(page.captures()).toHaveLength(1);
    page.sent.splice(0);
    page.answerCaptureWith({ state: 'captured', capturedAt: '2026-11-23T09:00:00.000Z', existing: false });
    return page;
  }
  const field = (page: ReturnType<typeof setup>, label: string) =>
    [...(page.root()?.querySelectorAll('label') ?? [])].find((element) => element.textContent?.startsWith(label))?.querySelector('input') ?? null;
  const submit = (page: ReturnType<typeof setup>) => {
    const form = page.root()?.querySelector('form');
    const event = new Event('submit', { cancelable: true });
    Object.defineProperty(event, 'isTrusted', { value: true });
    form?.dispatchEvent(event);
  };

  it('is offered when the name could not be read, prefilled with what was found; nothing is sent until Capture', async () => {
    const page = await unreadablePage();
    expect(page.button()?.textContent).toBe('Could not read this profile');
    const enter = page.root()?.querySelector<HTMLButtonElement>('button.enter');
    expect(enter?.hidden).toBe(false);
    expect(enter?.textContent).toBe('Enter details');
    await trustedClick(enter, page.flush);
    expect(page.root()?.querySelector('form')?.hidden).toBe(false);
    expect(field(page, 'First name')?.value).toBe('Jane');
    expect(page.root()?.activeElement).toBe(field(page, 'First name'));
    expect(page.captures()).toHaveLength(0);

    field(page, 'Last name')!.value = ' Doe ';
    field(page, 'Job title')!.value = 'CTO';
    submit(page);
    await page.flush();
    expect(page.captureRequest).toHaveBeenLastCalledWith(document, `${JANE}/`, { firstName: 'Jane', lastName: 'Doe', jobTitle: 'CTO' });
    expect(page.captures()).toEqual([
      { type: 'capture', reading: readingAt(`${JANE}/`), details: { firstName: 'Jane', lastName: 'Doe', jobTitle: 'CTO' } },
    ]);
    expect(page.button()?.textContent).toBe('Captured');
  });

  it('checks the contract’s limits before sending, and says what is wrong', async () => {
    const page = await unreadablePage();
    await trustedClick(page.root()?.querySelector('button.enter'), page.flush);
    field(page, 'First name')!.value = '  ';
    field(page, 'Job title')!.value = 'x'.repeat(201);
    submit(page);
    await page.flush();
    expect(page.captures()).toHaveLength(0);
    expect(field(page, 'First name')?.getAttribute('aria-invalid')).toBe('true');
    expect(page.root()?.querySelector('#error-firstName')?.textContent).toBe('Enter a first name.');
    expect(page.root()?.querySelector('#error-jobTitle')?.textContent).toBe('At most 200 characters.');
  });

  it('closes on Escape and speaks French', async () => {
    const page = await unreadablePage();
    page.changeSettings({ ...PAGE, language: 'fr' });
    await trustedClick(page.root()?.querySelector('button.enter'), page.flush);
    expect([...(page.root()?.querySelectorAll('label') ?? [])].map((label) => label.textContent)).toEqual(['Prénom', 'Nom', 'Poste']);
    const escape = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true });
    Object.defineProperty(escape, 'isTrusted', { value: true });
    field(page, 'Prénom')?.dispatchEvent(escape);
    expect(page.root()?.querySelector('form')?.hidden).toBe(true);
    expect(page.captures()).toHaveLength(0);
  });

  it('ignores a submit that a script dispatched', async () => {
    const page = await unreadablePage();
    await trustedClick(page.root()?.querySelector('button.enter'), page.flush);
    page.root()?.querySelector('form')?.dispatchEvent(new Event('submit', { cancelable: true }));
    await page.flush();
    expect(page.captures()).toHaveLength(0);
  });
});

describe('the stored setting, as the content script reads it', () => {
  it('keeps settings stored before "Where Capture appears" existed on the page', () => {
    expect(readContentSettings({ linkedin: true, instagram: false, language: 'fr' }, 'linkedin')).toEqual({
      enabled: true,
      language: 'fr',
      placement: 'page',
    });
    expect(readContentSettings({ linkedin: true, instagram: false, language: 'fr' }, 'instagram')).toMatchObject({ enabled: false });
    expect(readContentSettings(undefined, 'linkedin')).toEqual(PAGE);
    expect(readContentSettings({ placement: 'toolbar', language: 'de' }, 'linkedin')).toEqual({ ...PAGE, placement: 'toolbar' });
  });
});
