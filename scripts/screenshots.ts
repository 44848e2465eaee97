/**
 * Screenshots of the product for the README:  npm run screenshots
 *
 * Builds nothing: it drives the extension already built at EXTENSION_PATH or .output/chrome-mv3
 * (`npm run build` first) in headless Chromium, against the local API stand-in, on the fixture
 * profile tests/fixtures/linkedin/old-layout.html served at https://www.linkedin.com/in/jane-doe/.
 * Every state is reached the way a rep reaches it (connect, click, the API answering 503 or 422),
 * so a screenshot that looks wrong is a product bug, not a staging artefact.
 *
 * Writes docs/screenshots/*.png, each in English (-en) and French (-fr):
 *   popup-not-connected, popup-connected: the real action popup, opened with
 *     chrome.action.openPopup() over the profile's tab (so "This page" shows the Capture action)
 *     and captured through CDP, since Playwright does not attach to popups;
 *   popup-connected-dark, popup-edit: popup.html in a 360 px tab (dark mode cannot be emulated in
 *     the real popup, and Chrome narrows a popup taller than 600 px once CDP attaches to it);
 *   options-not-connected (key shown), options and options-dark (connected, with one capture
 *     waiting and one needing attention): the settings page;
 *   button-not-connected, button-capture, button-capturing, button-captured, button-queued,
 *     button-failed: the page's Capture button in each state, with the page around it;
 *   button-search, button-search-summary: the button on a people search page (issue 13) before
 *     the click and with the summary after it (English: search-new-layout.html, French:
 *     search-old-layout.html, one person of each captured from their profile first);
 *   popup-search: the real action popup over that search page after the click: the summary,
 *     and the list of people, closed;
 *   popup-captured: the real action popup after a capture: "Captured", whom it sent and when;
 *   popup-key-rejected, options-key-rejected: a key Metrikia no longer accepts, one state.
 * SCREENSHOTS_ONLY=search takes only button-search, button-search-summary and popup-search;
 * SCREENSHOTS_ONLY=pages takes every picture but the page's button (button-*).
 *
 * Chromium runs with a 1600 × 1200 screen: headless defaults to 800 × 600, which leaves the
 * popup less than its 600 px.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { DEMO_KEY, startApiStandIn, type ApiStandIn } from '../tests/support/api-stand-in.ts';
import { findBuiltExtension } from '../tests/support/chromium.ts';
import {
  extensionIdOf,
  extensionServiceWorker,
  launchExtensionContext,
  servePage,
} from '../tests/support/extension.ts';
import { expect } from '@playwright/test';
import { captureButton, captureWidget, fixtureHtml } from '../tests/e2e/pages/flows.ts';
import { searchFixtures } from '../tests/fixtures/search-pages.ts';
import { appCatalogs } from '../lib/shared/i18n/app.ts';
import { buttonCatalogs } from '../lib/shared/i18n/button.ts';
import { createTranslator, type Locale } from '../lib/shared/i18n/translate.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'docs', 'screenshots');
const PROFILE = 'https://www.linkedin.com/in/jane-doe/';
/** A second profile, so the popup can show a capture waiting next to one needing attention. */
const OTHER_PROFILE = 'https://www.linkedin.com/in/sarah-oconnor/';


/** The words the screenshots wait for, from the product's own catalogs. */
function wordsFor(locale: Locale) {
  const button = createTranslator(buttonCatalogs, locale);
  const app = createTranslator(appCatalogs, locale);
  return {
    capture: button('capture'),
    capturing: button('capturing'),
    captured: button('captured'),
    queued: button('queued'),
    notConnected: button('notConnected'),
    rejected: button('rejectedNoReason'),
    connected: app('connectedTo', { organization: 'Acme', email: 'rep@acme.io' }),
    clear: app('clearData'),
    confirm: app('confirmClear'),
  };
}

const written: string[] = [];
const ONLY = process.env['SCREENSHOTS_ONLY'];

async function save(name: string, png: Buffer): Promise<void> {
  if (ONLY === 'pages' && name.startsWith('button-')) return;
  const path = join(outDir, `${name}.png`);
  await writeFile(path, png);
  written.push(path);
}

/** The page's Capture widget with some of the page around it, as a rep sees it. */
async function shootButton(page: Page, name: string): Promise<void> {
  const box = await captureWidget(page).panel().box();
  if (!box) throw new Error('the Capture button is not on the page');
  const viewport = page.viewportSize() ?? { width: 1280, height: 720 };
  const width = 440;
  const height = Math.ceil(box.height) + 48;
  const x = viewport.width - width;
  const y = Math.max(0, Math.floor(box.y) - 24);
  await save(name, await page.screenshot({ clip: { x, y, width, height }, animations: 'disabled', caret: 'hide' }));
}

/**
 * Waits until the page's Capture button says `text` (all of it for a RegExp, part of it for a
 * string), as its text or, before the rep acts, as its accessible name only (issue 21: the page
 * cannot read the state then).
 */
async function waitForLabel(page: Page, text: string | RegExp): Promise<void> {
  const button = captureButton(page);
  const says = (label: string): boolean => (typeof text === 'string' ? label.includes(text) : text.test(label));
  await expect
    .poll(async () => says(await button.text()) || says((await button.accessible()).name), {
      timeout: 30_000,
      message: `the Capture button says ${String(text)}`,
    })
    .toBe(true);
}

/**
 * Captures the action popup Chrome shows over `tab`. Playwright does not attach to extension
 * popups: an extension page (`driver`) reaches the popup's window through
 * chrome.extension.getViews() to wait for it and act in it, and CDP takes the picture. Returns
 * false when this Chrome cannot open or find it (the caller then uses popup.html in a tab).
 */
async function shootActionPopup(
  context: BrowserContext,
  serviceWorker: Worker,
  driver: Page,
  tab: Page,
  name: string,
  click?: string,
): Promise<boolean> {
  await tab.bringToFront();
  const opened = await serviceWorker.evaluate(() =>
    chrome.action.openPopup().then(
      () => true,
      () => false,
    ),
  );
  if (!opened) return false;
  const ready = await driver
    .waitForFunction(() => {
      const [popup] = chrome.extension.getViews({ type: 'popup' });
      return popup?.document.getElementById('connection-text')?.textContent !== '' && popup !== undefined;
    })
    .then(
      () => true,
      () => false,
    );
  if (!ready) return false;
  // Chrome resizes the popup to its content in steps; let it settle before and after a change.
  await driver.waitForTimeout(700);
  if (click) {
    await driver.evaluate((selector) => {
      const [popup] = chrome.extension.getViews({ type: 'popup' });
      popup?.document.querySelector<HTMLElement>(selector)?.click();
    }, click);
    await driver.waitForTimeout(700);
  }
  const cdp = await context.newCDPSession(tab);
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const target = targetInfos.find((info) => info.type === 'page' && info.url.endsWith('/popup.html'));
    if (!target) return false;
    // A non-flat session: Playwright's CDPSession cannot address child sessions otherwise.
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
    const answer = new Promise<{ result?: { data: string }; error?: unknown }>((resolve) => {
      cdp.on('Target.receivedMessageFromTarget', (event) => {
        if (event.sessionId !== sessionId) return;
        const message = JSON.parse(event.message) as { id?: number; result?: { data: string }; error?: unknown };
        if (message.id === 1) resolve(message);
      });
    });
    const message = JSON.stringify({ id: 1, method: 'Page.captureScreenshot', params: { format: 'png' } });
    await cdp.send('Target.sendMessageToTarget', { sessionId, message });
    const shot = await answer;
    if (!shot.result) throw new Error(`Page.captureScreenshot: ${JSON.stringify(shot.error)}`);
    await save(name, Buffer.from(shot.result.data, 'base64'));
  } finally {
    await cdp.detach().catch(() => undefined);
    await driver.evaluate(() => chrome.extension.getViews({ type: 'popup' }).forEach((popup) => popup.close()));
  }
  return true;
}

async function shootPopup(
  context: BrowserContext,
  serviceWorker: Worker,
  driver: Page,
  tab: Page,
  name: string,
  options: { inTab?: boolean; dark?: boolean; click?: string } = {},
): Promise<void> {
  if (!options.inTab && !options.dark && (await shootActionPopup(context, serviceWorker, driver, tab, name, options.click))) {
    return;
  }
  // popup.html in a 360 px tab: the same page with the same styles (its "This page" section then
  // describes the tab it is in). For dark mode, which cannot be emulated inside the real popup, and
  // for content taller than the popup's 600 px, which Chrome narrows once CDP attaches to it.
  const page = await context.newPage();
  await page.setViewportSize({ width: 360, height: 200 });
  if (options.dark) await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(driver.url().replace(/options\.html.*$/, 'popup.html'));
  await page.locator('#connection-text:not(:empty)').waitFor();
  if (options.click) await page.locator(options.click).first().click();
  await page.waitForTimeout(200);
  await save(name, await page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' }));
  await page.close();
}

async function clearLocalData(options: Page, words: ReturnType<typeof wordsFor>): Promise<void> {
  await options.getByRole('button', { name: words.clear, exact: true }).click();
  await options.getByRole('dialog').getByRole('button', { name: words.confirm, exact: true }).click();
  await options.getByRole('dialog').waitFor({ state: 'hidden' });
}

/**
 * Runs `shoot` in a fresh browser with the extension, the stand-in reset, and the options page
 * open in `locale`; the screen is tall enough for the popup to reach Chrome's own limit (600 px)
 * below the toolbar.
 */
async function inBrowser(
  api: ApiStandIn,
  extensionPath: string,
  locale: Locale,
  shoot: (context: BrowserContext, serviceWorker: Worker, options: Page) => Promise<void>,
): Promise<void> {
  api.reset();
  const userDataDir = await mkdtemp(join(tmpdir(), 'metrikia-screenshots-'));
  const context = await launchExtensionContext(userDataDir, api.port, { extensionPath, args: ['--screen-info={1600x1200}'] });
  try {
    const serviceWorker = await extensionServiceWorker(context);
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionIdOf(serviceWorker)}/options.html`);
    await options.locator('#language').selectOption(locale);
    await shoot(context, serviceWorker, options);
  } finally {
    await context.close();
    await rm(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}

/** Connects the stand-in's demo key on the options page. */
async function connectDemoKey(options: Page, locale: Locale): Promise<void> {
  await options.locator('#api-key').fill(DEMO_KEY);
  await options.locator('#connect').click();
  await options.getByText(wordsFor(locale).connected).waitFor();
}

async function shootLocale(api: ApiStandIn, extensionPath: string, locale: Locale): Promise<void> {
  const words = wordsFor(locale);
  await inBrowser(api, extensionPath, locale, async (context, serviceWorker, options) => {
    await servePage(context, PROFILE, fixtureHtml('linkedin/old-layout.html'));
    await servePage(context, OTHER_PROFILE, fixtureHtml('linkedin/grouped-roles.html'));

    const profile = await context.newPage();
    await profile.goto(PROFILE);
    const button = captureButton(profile);
    await waitForLabel(profile, words.notConnected);
    await shootButton(profile, `button-not-connected-${locale}`);
    await shootPopup(context, serviceWorker, options, profile, `popup-not-connected-${locale}`);

    await options.bringToFront();
    await options.setViewportSize({ width: 800, height: 600 });
    await options.locator('#api-key').fill(DEMO_KEY);
    await options.locator('#toggle-key').click();
    await save(`options-not-connected-${locale}`, await options.screenshot({ fullPage: false, animations: 'disabled', caret: 'hide' }));
    await options.locator('#connect').click();
    await options.getByText(words.connected).waitFor();

    await profile.bringToFront();
    await profile.reload();
    await waitForLabel(profile, new RegExp(`^${words.capture}$`));
    await shootButton(profile, `button-capture-${locale}`);

    api.setDelay(2_000);
    await button.click();
    await waitForLabel(profile, words.capturing);
    await shootButton(profile, `button-capturing-${locale}`);
    await waitForLabel(profile, words.captured);
    await shootButton(profile, `button-captured-${locale}`);
    api.setDelay(0);
    await shootPopup(context, serviceWorker, options, profile, `popup-captured-${locale}`);

    // Queued: the server fails; the capture waits on the device (first retry in 30 s or more).
    await clearLocalData(options, words);
    await profile.bringToFront();
    await profile.reload();
    await waitForLabel(profile, new RegExp(`^${words.capture}$`));
    api.failNext(1, { kind: 'status', status: 503 });
    await button.click();
    await waitForLabel(profile, words.queued);
    await shootButton(profile, `button-queued-${locale}`);

    // A failure: Metrikia refuses the lead (422). It then needs the rep's attention in the popup.
    await clearLocalData(options, words);
    await profile.bringToFront();
    await profile.reload();
    await waitForLabel(profile, new RegExp(`^${words.capture}$`));
    api.failNext(1, {
      kind: 'status',
      status: 422,
      body: JSON.stringify({
        error: { code: 'validation_failed', message: 'The first name looks like a company name.', fields: { firstName: 'suspicious' } },
      }),
    });
    await button.click();
    await waitForLabel(profile, words.rejected);
    await shootButton(profile, `button-failed-${locale}`);

    // One capture waiting, next to the one to fix.
    const other = await context.newPage();
    await other.goto(OTHER_PROFILE);
    api.failNext(1, { kind: 'status', status: 503 });
    await waitForLabel(other, new RegExp(`^${words.capture}$`));
    await captureButton(other).click();
    await waitForLabel(other, words.queued);
    await other.close();

    await shootPopup(context, serviceWorker, options, profile, `popup-connected-${locale}`);
    await shootPopup(context, serviceWorker, options, profile, `popup-connected-dark-${locale}`, { dark: true });
    await shootPopup(context, serviceWorker, options, profile, `popup-edit-${locale}`, { inTab: true, click: '#attention-list button' });

    await options.bringToFront();
    await options.reload();
    await options.getByText(words.connected).waitFor();
    await save(`options-${locale}`, await options.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' }));
    await options.emulateMedia({ colorScheme: 'dark' });
    await save(`options-dark-${locale}`, await options.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' }));
  });
}

/** A key Metrikia no longer accepts (issue 20): one state in the popup and in the settings. */
async function shootKeyRejected(api: ApiStandIn, extensionPath: string, locale: Locale): Promise<void> {
  const words = wordsFor(locale);
  await inBrowser(api, extensionPath, locale, async (context, serviceWorker, options) => {
    await servePage(context, PROFILE, fixtureHtml('linkedin/old-layout.html'));
    await options.setViewportSize({ width: 800, height: 600 });
    await connectDemoKey(options, locale);

    // The next capture's 401 tells the worker that Metrikia no longer accepts the key.
    api.revokeKey(DEMO_KEY);
    const profile = await context.newPage();
    await profile.goto(PROFILE);
    await waitForLabel(profile, new RegExp(`^${words.capture}$`));
    await captureButton(profile).click();
    await waitForLabel(profile, words.queued);
    await shootPopup(context, serviceWorker, options, profile, `popup-key-rejected-${locale}`);
    await options.bringToFront();
    await options.getByRole('alert').waitFor();
    await save(`options-key-rejected-${locale}`, await options.screenshot({ fullPage: false, animations: 'disabled', caret: 'hide' }));
  });
}

/** The button on a people search page, before the click and with its summary (issue 13). */
async function shootSearch(api: ApiStandIn, extensionPath: string, locale: Locale): Promise<void> {
  const fixture = searchFixtures.find((entry) => entry.file === (locale === 'en' ? 'linkedin/search-new-layout.html' : 'linkedin/search-old-layout.html'));
  const cached = fixture?.cached;
  if (!fixture || !cached) throw new Error('no search fixture with a cached person');
  const button = createTranslator(buttonCatalogs, locale);
  await inBrowser(api, extensionPath, locale, async (context, serviceWorker, options) => {
    await connectDemoKey(options, locale);

    // The person "already captured": captured from their profile first.
    const cachedSlug = cached.replace('https://www.linkedin.com/in/', '');
    await servePage(context, `${cached}/`, fixtureHtml('linkedin/old-layout.html').replaceAll('/in/jane-doe/', `/in/${cachedSlug}/`));
    const profile = await context.newPage();
    await profile.goto(`${cached}/`);
    await waitForLabel(profile, new RegExp(`^${button('capture')}$`));
    await captureButton(profile).click();
    await waitForLabel(profile, button('captured'));
    await profile.close();

    await servePage(context, fixture.url, fixtureHtml(fixture.file));
    const page = await context.newPage();
    await page.goto(fixture.url);
    await waitForLabel(page, button('capturePeople'));
    await shootButton(page, `button-search-${locale}`);
    await captureButton(page).click();
    await captureWidget(page).status().expectText(/\d/u, { timeout: 15_000 });
    await shootButton(page, `button-search-summary-${locale}`);
    await shootPopup(context, serviceWorker, options, page, `popup-search-${locale}`);
  });
}

/** The `chrome` APIs the evaluated functions above use (the project ships no `chrome` types). */
declare const chrome: {
  action: { openPopup(): Promise<void> };
  extension: { getViews(filter: { type: 'popup' }): Window[] };
};

const extensionPath = findBuiltExtension();
await mkdir(outDir, { recursive: true });
const api = await startApiStandIn();
try {
  for (const locale of ['en', 'fr'] as const) {
    if (ONLY !== 'search') await shootLocale(api, extensionPath, locale);
    if (ONLY !== 'search') await shootKeyRejected(api, extensionPath, locale);
    await shootSearch(api, extensionPath, locale);
  }
} finally {
  await api.close();
}
for (const path of written) console.log(`wrote ${path.slice(root.length + 1)}`);
