// @vitest-environment happy-dom
/**
 * The content-script flow without a browser: what the button shows (as text, and as a shape with
 * an accessible name), when the page is read, what is sent and when, with a fake worker that words
 * its answers as the real one does (lib/worker/page-answer.ts), fake features, a fake clock, and the
 * layout checks replaced (happy-dom has no layout; the real ones are proved in Chromium by
 * tests/e2e/page-hostility.spec.ts).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PageChecks } from '@/lib/content/capture-button';
import { SECOND_READING_MS, SETTLE_MS, STATUS_DELAY_MS, startCaptureController, type CaptureControllerDeps } from '@/lib/content/capture-controller';
import { settingsFrom } from '@/lib/content/core';
import type { PeopleSearchFeature, ProfileFeature } from '@/lib/content/feature';
import { CAPTURE_LABEL, CAPTURE_PEOPLE_LABEL } from '@/lib/shared/i18n/button';
import { isLinkedInPeopleSearch } from '@/lib/shared/sites/people-search';
import type { LinkedInReading } from '@/lib/shared/sites/types';
import type { ButtonState, ContentRequest, PageAnswer } from '@/lib/shared/messages';
import { canonicalLinkedInUrl } from '@/lib/shared/profile-url';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/shared/settings';
import { buttonStateOfBulk, buttonStateOfOutcome, buttonWording, pageAnswer } from '@/lib/worker/page-answer';
import { linkedInCard, linkedInReading, searchResult } from '../support/readings';

const JANE = 'https://www.linkedin.com/in/jane-doe';
const BOB = 'https://www.linkedin.com/in/bob-durand';
const SEARCH = 'https://www.linkedin.com/search/results/people/?keywords=growth&page=1';
const CAPTURED_AT = '2026-11-23T09:00:00.000Z';
/** What the fake feature "reads" at `address`: a top card whose name links to that address. */
const readingAt = (address: string, name = 'Jane Doe'): LinkedInReading =>
  linkedInReading({ cards: [linkedInCard(name, { nameLink: address, links: [address], after: ['CTO'] })], titles: [`${name} | LinkedIn`] });
const SEARCH_READING = { results: [searchResult('Amélie Laurent', '/in/amelie/', { after: ['CRO'] })] };
const NO_COUNTS = { captured: 0, alreadyCaptured: 0, queued: 0, refused: 0, notSaved: 0, fromProfile: 0 };

function setup(options: { status?: ButtonState; settings?: Settings; url?: string } = {}) {
  document.body.replaceChildren();
  let url = options.url ?? `${JANE}/`;
  let now = 1_000;
  let visible = true;
  let settings = options.settings ?? DEFAULT_SETTINGS;
  const timers: { at: number; callback: () => void; cancelled: boolean }[] = [];
  const idle: (() => void)[] = [];
  const sent: ContentRequest[] = [];
  let readName = 'Jane Doe';
  const read = vi.fn<ProfileFeature['read']>((_doc, address) => readingAt(address, readName));
  const profile: ProfileFeature = { id: 'test-profile', kind: 'profile', source: 'linkedin', pageAt: canonicalLinkedInUrl, label: CAPTURE_LABEL, read, jobTitle: true };
  const readAll = vi.fn<PeopleSearchFeature['read']>(() => SEARCH_READING);
  const search: PeopleSearchFeature = {
    id: 'test-search',
    kind: 'people-search',
    source: 'linkedin',
    pageAt: (address) => (isLinkedInPeopleSearch(address) ? address : null),
    label: CAPTURE_PEOPLE_LABEL,
    read: readAll,
  };
  /** The worker: its words, in the rep's language, for the tab's page. */
  const answer = (state: ButtonState, counts: typeof NO_COUNTS | null = null): PageAnswer => {
    const peopleSearch = isLinkedInPeopleSearch(url);
    return pageAnswer(state, buttonWording(settings.language, 'en-US'), { profileUrl: peopleSearch ? null : canonicalLinkedInUrl(url), peopleSearch, bulkCounts: counts });
  };
  let status: ButtonState = options.status ?? { kind: 'idle' };
  let captureAnswer: (() => PageAnswer | undefined) = () => answer(buttonStateOfOutcome({ state: 'captured', capturedAt: CAPTURED_AT, existing: false }));
  let bulkCounts = { ...NO_COUNTS, captured: 8, alreadyCaptured: 1, fromProfile: 1 };
  let bulkAnswer: (() => PageAnswer | undefined) = () => answer(buttonStateOfBulk({ state: 'done', counts: bulkCounts }), bulkCounts);
  // What the real checks decide from layout; here: the event is trusted (happy-dom: untrusted).
  const checks: PageChecks = { click: (event) => event.isTrusted, drawn: () => true };
  const deps: CaptureControllerDeps = {
    features: [profile, search],
    document,
    currentUrl: () => url,
    send: (request) => {
      sent.push(request);
      switch (request.type) {
        case 'page-status':
          return Promise.resolve(answer(status));
        case 'capture':
          return Promise.resolve(captureAnswer());
        case 'bulk-capture':
          return Promise.resolve(bulkAnswer());
        case 'describe':
          return Promise.resolve(answer(request.state).words);
        default:
          return Promise.resolve({ ok: true });
      }
    },
    uiLanguage: 'en-US',
    now: () => now,
    context: {
      setTimeout(callback, ms) {
        const timer = { at: now + ms, callback, cancelled: false };
        timers.push(timer);
        return () => void (timer.cancelled = true);
      },
      requestIdleCallback(callback) {
        idle.push(callback);
        return () => undefined;
      },
    },
    isVisible: () => visible,
    checks,
  };
  const controller = startCaptureController(deps);
  const flush = async () => {
    for (let i = 0; i < 6; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
  };
  const root = () => controller.view?.root ?? null;
  const page = {
    controller,
    read,
    readAll,
    sent,
    flush,
    root,
    answer,
    hosts: () => [...document.querySelectorAll('body > div, html > div')].filter((element) => element === controller.view?.host),
    button: () => root()?.querySelector<HTMLButtonElement>('button.main') ?? null,
    /** What the page can find and select: every text node drawn in our root (the style sheet is not drawn). */
    drawnText: () => {
      const texts: string[] = [];
      const walk = (node: Node) => {
        if (node instanceof Element && (node.localName === 'style' || node.closest('[hidden]'))) return;
        if (node.nodeType === Node.TEXT_NODE && node.textContent) texts.push(node.textContent);
        node.childNodes.forEach(walk);
      };
      const shadow = root();
      if (shadow) walk(shadow);
      return texts.join('|');
    },
    name: () => page.button()?.getAttribute('aria-label') ?? null,
    description: () => page.button()?.getAttribute('aria-description') ?? null,
    detail: () => root()?.querySelector('.detail')?.textContent ?? '',
    statusRequests: () => sent.filter((request) => request.type === 'page-status').length,
    captures: () => sent.filter((request): request is Extract<ContentRequest, { type: 'capture' }> => request.type === 'capture'),
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
    changeSettings(next: Settings) {
      settings = next;
      controller.applySettings(next);
    },
    setStatus(next: ButtonState) {
      status = next;
    },
    /** What the page shows from the next reading on. */
    rename(name: string) {
      readName = name;
    },
    answerCaptureWith(next: () => PageAnswer | undefined) {
      captureAnswer = next;
    },
    answerBulkWith(next: () => PageAnswer | undefined, counts = bulkCounts) {
      bulkAnswer = next;
      bulkCounts = counts;
    },
    /** A click as a person makes it (trusted), and the reading a moment after it. */
    async click(target: Element | null | undefined = page.button()) {
      await trustedClick(target, flush);
      await page.advance(SECOND_READING_MS);
    },
    /** Settings read, button inserted at idle time, shown long enough for a click to count, state asked. */
    async ready() {
      controller.applySettings(settings);
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
    page.controller.applySettings(DEFAULT_SETTINGS);
    await page.flush();
    expect(page.hosts()).toHaveLength(0); // not during load
    page.runIdle();
    expect(page.hosts()).toHaveLength(1);
    expect(page.button()?.textContent).toBe('Capture');
    expect(page.sent).toEqual([]); // no message until the profile has stayed on screen
    await page.advance(STATUS_DELAY_MS - 1);
    expect(page.sent).toEqual([]);
    await page.advance(1);
    expect(page.read).not.toHaveBeenCalled();
    expect(page.sent).toEqual([{ type: 'page-status' }]); // no profile in it: the worker reads the tab's
  });

  it('draws on a plain div with a closed shadow root and no attribute but its style (and the standard popover)', async () => {
    const page = setup();
    await page.ready();
    const host = page.hosts()[0];
    expect(host?.localName).toBe('div');
    expect(host?.shadowRoot).toBeNull();
    expect(host?.getAttributeNames().filter((name) => name !== 'popover')).toEqual(['style']);
    expect(host?.getAttribute('style')).toContain('!important');
  });

  it('reads the page at a trusted click and again a moment later, sends both readings, and shows Captured', async () => {
    const page = setup();
    await page.ready();
    await trustedClick(page.button(), page.flush);
    expect(page.read).toHaveBeenCalledTimes(1);
    expect(page.captures()).toEqual([]);
    expect(page.button()?.textContent).toBe('Capturing…');
    await page.advance(SECOND_READING_MS);
    expect(page.read).toHaveBeenCalledTimes(2);
    expect(page.captures()).toEqual([{ type: 'capture', reading: readingAt(`${JANE}/`), readingAfter: readingAt(`${JANE}/`) }]);
    expect(page.button()?.textContent).toBe('Captured');
    expect(page.detail()).toBe('Captured on 23 Nov 2026');
  });

  it('sends what the page showed at the click and after it, unchanged: the worker compares them', async () => {
    const page = setup();
    await page.ready();
    await trustedClick(page.button(), page.flush);
    page.rename('Planted Name'); // a page rewriting itself right after the click
    await page.advance(SECOND_READING_MS);
    const [capture] = page.captures();
    expect(capture?.reading).toEqual(readingAt(`${JANE}/`, 'Jane Doe'));
    expect(capture?.readingAfter).toEqual(readingAt(`${JANE}/`, 'Planted Name'));
  });

  it('ignores clicks that a page script dispatches', async () => {
    const page = setup();
    await page.ready();
    page.button()?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await page.advance(SECOND_READING_MS);
    expect(page.read).not.toHaveBeenCalled();
    expect(page.captures()).toEqual([]);
  });

  it('ignores a click before the button has shown the profile for 500 ms, also right after in-app navigation', async () => {
    const page = setup();
    page.controller.applySettings(DEFAULT_SETTINGS);
    page.runIdle();
    await page.advance(SETTLE_MS - 1);
    await page.click();
    expect(page.read).not.toHaveBeenCalled();
    await page.advance(1);
    page.navigate(`${BOB}/`);
    await page.click();
    expect(page.read).not.toHaveBeenCalled();
    await page.advance(SETTLE_MS);
    await page.click();
    expect(page.read).toHaveBeenCalled();
  });

  it('does not capture when the address moved without a navigation event: the click was meant for another profile', async () => {
    const page = setup();
    await page.ready();
    page.moveSilently(`${BOB}/`);
    await page.click();
    expect(page.captures()).toEqual([]);
  });

  it.each<[string, ButtonState, string, string]>([
    ['captured lately', { kind: 'captured', capturedAt: CAPTURED_AT, existing: false }, 'Captured', 'Captured on 23 Nov 2026'],
    ['already in Metrikia', { kind: 'captured', capturedAt: CAPTURED_AT, existing: true }, 'Already in Metrikia', 'Metrikia already had this lead. Checked on 23 Nov 2026.'],
    ['queued', { kind: 'queued', reason: 'offline' }, 'Queued', 'Saved on this device. It will be sent automatically.'],
    ['not connected', { kind: 'not-connected' }, 'Not connected', 'Connect your Metrikia API key in the settings.'],
    ['refused by Metrikia', { kind: 'failed', reason: 'rejected', message: 'Invalid lead' }, 'Rejected by Metrikia', 'Click the Metrikia icon to fix it.'],
  ])('%s: before the rep acts, no text says so (issue 21): a shape, and the words as the accessible name and description', async (_name, status, name, description) => {
    const page = setup({ status });
    await page.ready();
    const fresh = setup();
    await fresh.ready();
    // What a page can find or select is the same as for a profile never captured.
    expect(page.drawnText()).toBe(fresh.drawnText());
    expect(page.drawnText()).toBe('Capture');
    expect(page.name()).toBe(name);
    expect(page.description()).toBe(description);
    expect(page.button()?.querySelectorAll('path')[1]?.getAttribute('d')).not.toBe(fresh.button()?.querySelectorAll('path')[1]?.getAttribute('d'));
    expect(page.detail()).toBe('');
    // Never Metrikia's own words, even as a name.
    expect(page.name()).not.toContain('Invalid lead');
  });

  it('shows Captured once the rep clicks, then offers Capture again', async () => {
    const page = setup({ status: { kind: 'captured', capturedAt: CAPTURED_AT, existing: false } });
    await page.ready();
    await page.click();
    expect(page.captures()).toEqual([]);
    expect(page.button()?.textContent).toBe('Captured');
    expect(page.detail()).toBe('Captured on 23 Nov 2026');
    const again = page.root()?.querySelector<HTMLButtonElement>('button.again');
    expect(again?.hidden).toBe(false);
    expect(again?.textContent).toBe('Capture again');
    await page.click(again);
    expect(page.captures()).toHaveLength(1);
  });

  it('says Not connected once clicked, and opens the settings without reading the page', async () => {
    const page = setup({ status: { kind: 'not-connected' } });
    await page.ready();
    await page.click();
    expect(page.sent.at(-1)).toEqual({ type: 'open-options' });
    expect(page.read).not.toHaveBeenCalled();
    expect(page.button()?.textContent).toBe('Not connected');
  });

  it('follows the worker’s pushes for its own profile only: Queued → Captured without a reload (issue 20)', async () => {
    const page = setup({ status: { kind: 'queued', reason: 'offline' } });
    await page.ready();
    await page.click();
    expect(page.button()?.textContent).toBe('Captured'); // the fake worker captured it
    page.controller.onTabRequest({ type: 'capture-state', profileUrl: JANE, answer: page.answer({ kind: 'queued', reason: 'server' }) });
    expect(page.button()?.textContent).toBe('Queued');
    page.controller.onTabRequest({ type: 'capture-state', profileUrl: BOB, answer: page.answer({ kind: 'not-connected' }) });
    expect(page.button()?.textContent).toBe('Queued');
    page.controller.onTabRequest({ type: 'capture-state', profileUrl: JANE, answer: page.answer({ kind: 'captured', capturedAt: CAPTURED_AT, existing: false }) });
    expect(page.button()?.textContent).toBe('Captured');
    expect(page.detail()).toBe('Captured on 23 Nov 2026');
  });

  it('when the worker dies mid-capture and the capture was saved, shows Queued, not a failure', async () => {
    const page = setup();
    await page.ready();
    page.answerCaptureWith(() => undefined);
    page.setStatus({ kind: 'queued', reason: 'server' });
    await page.click();
    expect(page.button()?.textContent).toBe('Queued');
  });

  it('when the worker dies mid-capture and nothing was saved, says the capture failed', async () => {
    const page = setup();
    await page.ready();
    page.answerCaptureWith(() => undefined);
    await page.click();
    expect(page.button()?.textContent).toBe('Capture failed');
  });

  it('says so when the page cannot be read, and offers no form where none may be offered', async () => {
    const page = setup();
    await page.ready();
    page.answerCaptureWith(() => page.answer(buttonStateOfOutcome({ state: 'unreadable', reason: 'logged-out', found: null })));
    await page.click();
    expect(page.button()?.textContent).toBe('Sign in to capture');
    expect(page.root()?.querySelector<HTMLButtonElement>('button.enter')?.hidden).toBe(true);
  });

  it('follows in-app navigation without duplicating itself, and resets for the new profile', async () => {
    const page = setup();
    await page.ready();
    await page.click();
    expect(page.button()?.textContent).toBe('Captured');
    page.navigate(`${BOB}/`);
    expect(page.hosts()).toHaveLength(1);
    expect(page.button()?.textContent).toBe('Capture');
    expect(page.detail()).toBe('');
    page.navigate('https://www.linkedin.com/feed/');
    expect(page.hosts()).toHaveLength(0);
    page.navigate(`${JANE}/`);
    page.runIdle();
    expect(page.hosts()).toHaveLength(1);
  });

  it('asks about none of a flood of profiles flipped through faster than the delay, then once about the one that stays', async () => {
    const page = setup();
    await page.ready();
    const before = page.statusRequests();
    for (let i = 0; i < 100; i += 1) {
      page.navigate(`https://www.linkedin.com/in/flood-${i}/`);
      await page.advance(10);
    }
    expect(page.statusRequests()).toBe(before);
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

  it('disappears at once when its platform is turned off; a language change asks the worker for the words again', async () => {
    const page = setup({ status: { kind: 'captured', capturedAt: CAPTURED_AT, existing: false } });
    await page.ready();
    await page.click();
    page.changeSettings({ ...DEFAULT_SETTINGS, language: 'fr' });
    await page.flush();
    expect(page.sent.at(-1)).toEqual({ type: 'describe', state: { kind: 'captured', capturedAt: CAPTURED_AT, existing: false } });
    expect(page.button()?.textContent).toBe('Capturé');
    expect(page.detail()).toBe('Capturé le 23 nov. 2026');
    page.changeSettings({ ...DEFAULT_SETTINGS, language: 'fr', linkedin: false });
    expect(page.hosts()).toHaveLength(0);
  });

  it('shows nothing when the platform is off from the start', async () => {
    const page = setup({ settings: { ...DEFAULT_SETTINGS, linkedin: false } });
    await page.ready();
    expect(page.hosts()).toHaveLength(0);
    expect(page.sent).toEqual([]);
  });

  it('answers the popup and the shortcut with the same states', async () => {
    const page = setup();
    await page.ready();
    expect(await page.controller.onTabRequest({ type: 'get-state' })).toEqual({ profileUrl: JANE, state: { kind: 'idle' } });
    const answer = page.controller.onTabRequest({ type: 'capture-request' });
    await page.advance(SECOND_READING_MS);
    expect(await answer).toEqual({ profileUrl: JANE, state: { kind: 'captured', capturedAt: CAPTURED_AT, existing: false } });
    expect(page.captures()).toHaveLength(1);
    expect(page.button()?.textContent).toBe('Captured'); // the rep acted through the popup
  });

  it('refuses a request of the popup or the shortcut when the address changed less than 0.5 s ago, or shows another page than the popup did (issue 21)', async () => {
    const page = setup();
    await page.ready();
    page.navigate(`${BOB}/`);
    await page.advance(SETTLE_MS - 100);
    const moved = await page.controller.onTabRequest({ type: 'capture-request' });
    expect(moved).toEqual({ profileUrl: BOB, state: { kind: 'failed', reason: 'page-changed', message: null } });
    expect(page.read).not.toHaveBeenCalled();
    expect(page.button()?.textContent).toBe('The page changed during your capture');
    // Settled on Bob, but the popup showed Jane: refused too.
    await page.advance(100);
    expect(await page.controller.onTabRequest({ type: 'capture-request', expectedPage: JANE })).toMatchObject({ state: { reason: 'page-changed' } });
    expect(page.read).not.toHaveBeenCalled();
    const settled = page.controller.onTabRequest({ type: 'capture-request', expectedPage: BOB });
    await page.advance(SECOND_READING_MS);
    expect(await settled).toMatchObject({ profileUrl: BOB, state: { kind: 'captured' } });
    expect(page.captures()).toHaveLength(1);
  });

  it('keeps showing that refusal: the state asked for on the page’s arrival does not replace it', async () => {
    const page = setup();
    await page.ready();
    const asked = page.statusRequests();
    page.navigate(`${BOB}/`);
    await page.advance(120);
    await page.controller.onTabRequest({ type: 'capture-request', expectedPage: JANE });
    await page.advance(STATUS_DELAY_MS + SETTLE_MS);
    expect(page.button()?.textContent).toBe('The page changed during your capture');
    expect(page.statusRequests()).toBe(asked);
  });

  it('comes back within a tick when the page removes its host, replaces the body, and steps aside while the body is inert', async () => {
    const page = setup();
    await page.ready();
    page.tick(0);
    page.controller.view?.host.remove();
    page.controller.tick();
    expect(page.hosts()).toHaveLength(1);
    page.tick(0);
    const body = document.createElement('body');
    document.documentElement.replaceChild(body, document.body);
    page.controller.tick();
    const host = page.controller.view?.host;
    expect(host?.parentElement).toBe(body);
    expect(page.button()?.textContent).toBe('Capture');
    // Back means settled again before a click counts.
    await page.click();
    expect(page.read).not.toHaveBeenCalled();
    await page.advance(SETTLE_MS);
    body.inert = true;
    body.setAttribute('inert', '');
    page.controller.tick();
    expect(host?.isConnected).toBe(false);
    page.controller.tick();
    expect(host?.isConnected).toBe(false);
    body.removeAttribute('inert');
    page.controller.tick();
    expect(page.hosts()).toHaveLength(1);
  });

  it('a page that removes the button as soon as it appears is not fought in a loop: back after 1 s, 2 s, 4 s', async () => {
    const page = setup();
    await page.ready();
    let removals = 0;
    const removeOurs = () => {
      page.controller.view?.host.remove();
      removals += 1;
    };
    // Taken off once after it stood: back at the next look (0.4 s). From then on the page removes
    // it as soon as it appears, as a MutationObserver does (before any timer of ours runs): back
    // after 1 s, 2 s and 4 s (at 1.6, 3.6 and 7.6 s) over 10 s of looks every 400 ms.
    page.tick(0);
    removeOurs();
    for (let look = 1; look <= 25; look += 1) {
      page.tick(400);
      page.controller.tick();
      if (page.hosts().length === 1) removeOurs();
    }
    expect(removals).toBe(5);
    // A host the page leaves in place ends the back-off: the next removal is answered at the next look.
    page.tick(8000);
    page.controller.tick();
    expect(page.hosts()).toHaveLength(1);
    page.tick(400);
    page.controller.view?.host.remove();
    page.controller.tick();
    expect(page.hosts()).toHaveLength(1);
  });

  it('removes its button and answers nothing once the extension’s context has ended', async () => {
    const page = setup();
    await page.ready();
    page.controller.destroy();
    expect(page.hosts()).toHaveLength(0);
    expect(page.controller.onTabRequest({ type: 'get-state' })).toBeUndefined();
  });
});

describe('a people search page (issue 13)', () => {
  it('offers "Capture people on this page", reading and counting nothing before the click', async () => {
    const page = setup({ url: SEARCH });
    await page.ready();
    expect(page.button()?.textContent).toBe('Capture people on this page');
    expect(page.readAll).not.toHaveBeenCalled();
    expect(page.sent).toEqual([{ type: 'page-status' }]);
  });

  it('sends one bulk capture on a trusted click, then shows the summary', async () => {
    const page = setup({ url: SEARCH });
    await page.ready();
    await page.click();
    expect(page.sent.filter((request) => request.type === 'bulk-capture')).toEqual([{ type: 'bulk-capture', reading: SEARCH_READING }]);
    expect(page.button()?.textContent).toBe('Capture people on this page');
    expect(page.detail()).toBe('8 captured, 1 already captured, 1 to capture from their profile');
  });

  it('says when the worker throttles it', async () => {
    const page = setup({ url: SEARCH });
    await page.ready();
    page.answerBulkWith(() => page.answer(buttonStateOfBulk({ state: 'throttled' })));
    await page.click();
    expect(page.button()?.textContent).toBe('Too many captures');
    expect(page.detail()).toBe('Wait a few seconds, then try again.');
  });

  it('captures the page’s results when our extension asks (popup, shortcut), and says it is a search page', async () => {
    const page = setup({ url: SEARCH });
    await page.ready();
    expect(await page.controller.onTabRequest({ type: 'capture-request' })).toEqual({ profileUrl: null, state: { kind: 'idle' }, peopleSearch: true });
    expect(page.readAll).toHaveBeenCalledTimes(1);
  });

  it('is a profile button again on a profile', async () => {
    const page = setup({ url: SEARCH });
    await page.ready();
    await page.click();
    page.navigate(`${JANE}/`);
    expect(page.button()?.textContent).toBe('Capture');
    expect(page.detail()).toBe('');
  });
});

describe('"Only in the toolbar"', () => {
  const TOOLBAR: Settings = { ...DEFAULT_SETTINGS, placement: 'toolbar' };

  it('inserts nothing, builds no button and sends nothing, yet captures when our extension asks', async () => {
    const page = setup({ settings: TOOLBAR });
    await page.ready();
    expect(page.controller.view).toBeNull();
    expect(page.sent).toEqual([]);
    const answer = page.controller.onTabRequest({ type: 'capture-request' });
    await page.advance(SECOND_READING_MS);
    expect(await answer).toMatchObject({ profileUrl: JANE, state: { kind: 'captured' } });
    expect(page.controller.view).toBeNull();
  });

  it('switches both ways at once', async () => {
    const page = setup({ settings: TOOLBAR });
    await page.ready();
    page.changeSettings(DEFAULT_SETTINGS);
    page.runIdle();
    expect(page.hosts()).toHaveLength(1);
    page.changeSettings(TOOLBAR);
    expect(page.hosts()).toHaveLength(0);
  });
});

describe('"Enter details" in the button', () => {
  const FOUND = { firstName: 'Jane', lastName: '', jobTitle: null };

  async function unreadablePage(settings: Settings = DEFAULT_SETTINGS) {
    const page = setup({ settings });
    page.answerCaptureWith(() => page.answer(buttonStateOfOutcome({ state: 'unreadable', reason: 'name-not-found', found: FOUND })));
    await page.ready();
    await page.click();
    // The reading went to the worker, which found no name; from here on only the form may send.
    expect(page.captures()).toHaveLength(1);
    page.sent.splice(0);
    page.answerCaptureWith(() => page.answer(buttonStateOfOutcome({ state: 'captured', capturedAt: CAPTURED_AT, existing: false })));
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

  it('is offered when the name could not be read, for the address bar’s profile, prefilled with what was found; nothing is sent until Capture', async () => {
    const page = await unreadablePage();
    expect(page.button()?.textContent).toBe('Could not read this profile');
    expect(page.detail()).not.toMatch(/reload/i);
    const enter = page.root()?.querySelector<HTMLButtonElement>('button.enter');
    expect(enter?.hidden).toBe(false);
    expect(enter?.textContent).toBe('Enter details');
    await trustedClick(enter, page.flush);
    expect(page.root()?.querySelector('form')?.hidden).toBe(false);
    expect(page.root()?.querySelector('form p')?.textContent).toBe('For linkedin.com/in/jane-doe: type the name this profile shows.');
    expect(field(page, 'First name')?.value).toBe('Jane');
    expect(page.root()?.activeElement).toBe(field(page, 'First name'));
    expect(page.captures()).toHaveLength(0);

    field(page, 'Last name')!.value = ' Doe ';
    field(page, 'Job title')!.value = 'CTO';
    submit(page);
    await page.flush();
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
    const page = await unreadablePage({ ...DEFAULT_SETTINGS, language: 'fr' });
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
  it('keeps settings stored before "Where Capture appears" existed on the page, with the one set of defaults', () => {
    expect(settingsFrom({ linkedin: true, instagram: false, language: 'fr' })).toEqual({ linkedin: true, instagram: false, language: 'fr', placement: 'page' });
    expect(settingsFrom(undefined)).toEqual(DEFAULT_SETTINGS);
  });
});
