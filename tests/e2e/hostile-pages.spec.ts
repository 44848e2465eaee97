/**
 * Hostile pages in the browser (issue 7): the corpus pages marked `e2e` in
 * tests/fixtures/hostile/pages.ts, served at their real address to Chromium with the built
 * extension, their scripts running. For each page:
 * - no page data runs as code: the page's tripwire `window.__pwned` is still false in its world,
 *   undefined in our content script's world, and no dialog opened;
 * - the capture is exactly the lead the corpus states, or refused with the button saying why;
 * - only our top-frame content script talks to the worker, and only page-status and capture;
 * - the extension keeps working: the pages run one after another in one browser, and the last test
 *   captures an ordinary profile after all of them.
 * Every lead the API stand-in received is checked against the contract's schema at the end.
 * The unit tier (all pages, scrapers and payload rules) is tests/unit/hostile-scrape.test.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { leadPayloadSchema } from '../../lib/shared/contract.ts';
import { buttonCatalogs } from '../../lib/shared/i18n/button.ts';
import { describeState } from '../../lib/shared/button-label.ts';
import { createTranslator } from '../../lib/shared/i18n/translate.ts';
import type { ReadFailure } from '../../lib/shared/sites/types.ts';
import { startApiStandIn, type ApiStandIn } from '../support/api-stand-in.ts';
import {
  expect,
  extensionIdOf,
  extensionServiceWorker,
  launchExtensionContext,
  servePage,
  test,
} from '../support/extension.ts';
import {
  captureWithoutButton,
  contentScriptWorld,
  recordWorkerMessages,
  worldsOf,
  EXTENSION_WORLD_NAME,
  type ReceivedMessage,
} from '../fixtures/hostile/browser.ts';
import { hostilePages, readHostilePage, type HostilePage } from '../fixtures/hostile/pages.ts';
import { captureButton, captureWidget, connectKey, fixtureHtml } from './pages/flows.ts';

// Not serial: a failing page must not hide the others. The pages still run in order in one
// worker, so one browser sees them all, as the last test relies on.
/** The button's words for a refusal: the one definition (lib/shared/button-label.ts), not a copy of it. */
const refusalLabel = (reason: ReadFailure): string => describeState({ kind: 'failed', reason, message: null }, label, 'en').label;
/** The button's English label for a message key (the browser runs in English). */
const label = createTranslator(buttonCatalogs, 'en');

let api: ApiStandIn;
let userDataDir: string;
let context: BrowserContext;
let serviceWorker: Worker;
let extensionId: string;
let received: () => Promise<ReceivedMessage[]>;

test.beforeAll(async () => {
  api = await startApiStandIn();
  userDataDir = await mkdtemp(join(tmpdir(), 'metrikia-hostile-'));
  context = await launchExtensionContext(userDataDir, api.port);
  serviceWorker = await extensionServiceWorker(context);
  extensionId = extensionIdOf(serviceWorker);
  received = await recordWorkerMessages(serviceWorker);
  await (await connectKey(context, extensionId)).close();
});

test.afterAll(async () => {
  await context?.close();
  await api?.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
});

/** Our widget, never the page's look-alikes (theirs have no closed shadow root). */
const ourButton = (page: Page) => captureButton(page);

const readGlobal = <T>(page: Page, name: string) => page.evaluate((key) => (window as unknown as Record<string, T>)[key], name);

/** How many messages the worker had received when the current test began. */
let receivedBefore = 0;

/**
 * Messages the worker got during this test from the tab(s) at these addresses. Counting from the
 * test's start matters: an earlier page may have moved to one of these addresses (pushState).
 */
async function messagesFrom(addresses: string[]): Promise<ReceivedMessage[]> {
  return (await received()).slice(receivedBefore).filter((message) => message.from !== null && addresses.includes(message.from));
}

/** What each page needs done before the rep's own capture, and checked after it. */
const SCENES: Record<string, { before?(page: Page, page2: HostilePage): Promise<void>; after?(page: Page): Promise<void> }> = {
  'synthetic-clicks.html': {
    async before(page, hostile) {
      await expect.poll(() => readGlobal<boolean>(page, '__strikesDone'), { timeout: 5_000 }).toBe(true);
      expect(await readGlobal<number>(page, '__syntheticClicks')).toBeGreaterThan(20);
      // Dozens of scripted clicks, key presses and pointer events: no capture, no change.
      expect((await messagesFrom([hostile.url])).map((m) => m.type)).not.toContain('capture');
      await ourButton(page).expectText(label('capture'));
    },
  },
  'fake-host-element.html': {
    async before(page, hostile) {
      await page.locator('metrikia-companion[data-fake] button').click();
      expect(await readGlobal<number>(page, '__fakeClicked')).toBe(1);
      expect((await messagesFrom([hostile.url])).map((m) => m.type)).not.toContain('capture');
    },
  },
  'fake-capture-buttons.html': {
    async before(page, hostile) {
      for (const fake of await page.locator('[data-fake]').all()) await fake.click();
      expect(await readGlobal<number>(page, '__fakeClicked')).toBe(1);
      expect((await messagesFrom([hostile.url])).map((m) => m.type)).not.toContain('capture');
    },
  },
  'fake-navigation-events.html': {
    async before(page, hostile) {
      await expect.poll(() => readGlobal<boolean>(page, '__fakeEventsDone')).toBe(true);
      // 1,000 fake visibility, navigation and message events: the worker heard only the one
      // page-status the content script sends once the profile has settled on screen.
      await expect.poll(async () => (await messagesFrom([hostile.url])).map((m) => m.type)).toEqual(['page-status']);
      await page.waitForTimeout(500);
      expect((await messagesFrom([hostile.url])).map((m) => m.type)).toEqual(['page-status']);
    },
  },
  'custom-element-hijack.html': {
    async before(page) {
      // Our host is a plain div now, no custom element: the page's class for <metrikia-companion>
      // (custom elements are per document, not per world) never runs on it.
      expect(await readGlobal<number>(page, '__hijacked')).toBe(0);
    },
  },
  'host-removal.html': {
    async after(page) {
      // The page removed our element; we do not fight it in a loop: a handful of removals at most.
      const removals = await readGlobal<number>(page, '__removals');
      expect(removals).toBeGreaterThanOrEqual(1);
      expect(removals).toBeLessThanOrEqual(3);
      await captureWidget(page).expectCount(0);
    },
  },
  'prototype-tampering.html': {
    async after(page) {
      // Our world has its own built-ins: not one of the page's replacements was called by us.
      expect(await readGlobal<number>(page, '__tamperHits')).toBe(0);
    },
  },
  'pushstate-to-other-profile.html': {
    async before(page, hostile) {
      await expect.poll(() => page.url()).toBe(hostile.addressAtClick);
    },
  },
  'nested-10000-in-name.html': {
    async before(page) {
      const depth = await page.evaluate(() => {
        let level = 0;
        for (let node = document.querySelector('h1')?.firstElementChild ?? null; node; node = node.firstElementChild) level += 1;
        return level;
      });
      expect(depth).toBe(10_000);
    },
  },
  'nested-10000-around-card.html': {
    async before(page) {
      const depth = await page.evaluate(() => {
        let level = 0;
        for (let node: Element | null = document.querySelector('section.pv-top-card h1'); node; node = node.parentElement) level += 1;
        return level;
      });
      expect(depth).toBeGreaterThan(10_000);
    },
  },
};

async function expectNoFrameButOursRan(page: Page): Promise<void> {
  expect(await captureWidget(page).countInFrames()).toBe(0);
  // Chrome lists one world of ours per frame it injected into: the top frame only.
  const ours = (await worldsOf(page)).filter((world) => world.name === EXTENSION_WORLD_NAME);
  expect(ours).toHaveLength(1);
}

for (const hostile of hostilePages.filter((page) => page.e2e)) {
  test(`${hostile.file}: ${hostile.attack} → ${hostile.expected.kind}`, async () => {
    await servePage(context, hostile.url, readHostilePage(hostile.file));
    for (const [url, file] of Object.entries(hostile.frames ?? {})) await servePage(context, url, readHostilePage(file));
    const addresses = [hostile.url, ...(hostile.addressAtClick ? [hostile.addressAtClick] : [])];
    const leadsBefore = api.leadRequests().length;
    receivedBefore = (await received()).length;

    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(hostile.url);
    const scene = SCENES[hostile.file];
    const expected = hostile.expected;

    if (expected.kind === 'no-button') {
      // The content script inserts the button when idle, within 2 s: wait past that.
      await page.waitForTimeout(2_500);
      await captureWidget(page).expectCount(0);
      await expectNoFrameButOursRan(page);
      expect(await messagesFrom([hostile.url, ...Object.keys(hostile.frames ?? {})])).toEqual([]);
    } else {
      if (hostile.trigger !== 'shortcut') await ourButton(page).expectText(label('capture'));
      await scene?.before?.(page, hostile);
      let answer: unknown = null;
      if (hostile.trigger === 'shortcut') answer = await captureWithoutButton(context, serviceWorker, extensionId, addresses.at(-1)!);
      else await ourButton(page).click();

      if (expected.kind === 'captured') {
        if (hostile.trigger === 'shortcut') expect(answer).toMatchObject({ profileUrl: expected.lead.profileUrl, state: { kind: 'captured' } });
        else await ourButton(page).expectText(label('captured'));
        await api.waitForRequests((r) => r.method === 'POST' && r.path === '/v1/leads' && r.response === 201, leadsBefore + 1);
        const posts = api.leadRequests().slice(leadsBefore);
        expect(posts).toHaveLength(1);
        const payload = leadPayloadSchema.parse(posts[0]!.json);
        expect(payload).toEqual({ ...expected.lead, capturedAt: expect.any(String) });
      } else {
        await ourButton(page).expectText(refusalLabel(expected.reason));
        await page.waitForTimeout(200);
        expect(api.leadRequests().length).toBe(leadsBefore);
      }
      if (hostile.frames) await expectNoFrameButOursRan(page);
    }
    await scene?.after?.(page);

    // Only our top-frame content script spoke, and only of the page and the capture.
    const messages = await messagesFrom(addresses);
    expect(messages.every((message) => message.frameId === 0)).toBe(true);
    expect(messages.filter((message) => !['page-status', 'capture'].includes(message.type ?? ''))).toEqual([]);
    // The content script sends what it read on every click at a profile address; the worker decides
    // (a refusal answers 'unreadable' and nothing reaches the API, checked below).
    expect(messages.filter((message) => message.type === 'capture').length).toBe(
      expected.kind === 'no-button' ? 0 : 1,
    );

    // Tripwires: nothing ran the page's payloads, in its world or ours, and nothing opened a dialog.
    expect(await readGlobal<boolean>(page, '__pwned')).toBe(false);
    if (expected.kind !== 'no-button') {
      const world = await contentScriptWorld(page, extensionId);
      expect(await world.evaluate<string>('typeof window.__pwned')).toBe('undefined');
      await world.detach();
    }
    expect(dialogs).toEqual([]);
    await page.close();
  });
}

test('after every hostile page, an ordinary profile still captures, and every lead the API received fits the contract', async () => {
  await servePage(context, 'https://www.linkedin.com/in/jane-doe/', fixtureHtml('linkedin/old-layout.html'));
  const page = await context.newPage();
  await page.goto('https://www.linkedin.com/in/jane-doe/');
  await ourButton(page).click();
  await ourButton(page).expectText(label('captured'));
  await api.waitForRequests((r) => r.method === 'POST' && r.path === '/v1/leads' && (r.json as { profileUrl?: string })?.profileUrl === 'https://www.linkedin.com/in/jane-doe', 1);

  const posts = api.leadRequests();
  const capturedPages = hostilePages.filter((hostile) => hostile.e2e && hostile.expected.kind === 'captured');
  expect(posts).toHaveLength(capturedPages.length + 1);
  for (const post of posts) {
    expect(leadPayloadSchema.safeParse(post.json).success).toBe(true);
    expect(post.response).toBe(201);
  }
});

test('control: the tripwires do catch page data run as HTML (what the tests above would see if the extension did it)', async () => {
  // At an address of its own: the page's own address was captured above.
  const url = 'https://www.linkedin.com/in/tripwire-control/';
  await servePage(context, url, readHostilePage('name-img-onerror-as-text.html'));
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(url);
  await ourButton(page).expectText(label('capture'));
  const world = await contentScriptWorld(page, extensionId);
  // The mistake the product never makes: the scraped name parsed as HTML, from our own world.
  await world.evaluate("(() => { const box = document.createElement('div'); box.innerHTML = document.querySelector('h1').textContent; document.body.append(box); })()");
  await world.detach();
  await expect.poll(() => readGlobal<boolean>(page, '__pwned')).toBe(true);
  await expect.poll(() => dialogs).toEqual(['1']);
  await page.close();
});
