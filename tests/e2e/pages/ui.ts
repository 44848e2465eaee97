/**
 * Page objects for the popup and the options page (tests/e2e/options.spec.ts, popup.spec.ts,
 * accessibility.spec.ts, shortcut.spec.ts): what a rep does there, in the words the UI shows.
 *
 * Two ways to see the popup:
 * - `openPopup()` (support/extension.ts) loads popup.html in a tab. Everything but "This page"
 *   works there; "This page" then describes that tab itself, since a popup asks Chrome for the
 *   active tab of its window.
 * - `openActionPopup()` asks Chrome to open the real action popup over a tab
 *   (chrome.action.openPopup, Chrome 127+). Playwright does not attach to popups, so an extension
 *   page reaches the popup's window with chrome.extension.getViews({type: 'popup'}) and reads or
 *   clicks in its DOM. This is the popup exactly as a rep gets it: its "current tab" is the tab.
 */
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { expect, servePage } from '../../support/extension.ts';
import { captureButton, fixtureHtml } from './flows.ts';

/** Only what the evaluated functions below use (the project ships no `chrome` types). */
declare const chrome: {
  action: { openPopup(): Promise<void>; getTitle(details: { tabId: number }): Promise<string> };
  tabs: { query(query: object): Promise<{ id?: number; url?: string }[]> };
  extension: { getViews(filter: { type: 'popup' }): Window[] };
  storage: {
    local: { get(key?: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };
    sync: { get(key?: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };
  };
};

const FIXTURE = fixtureHtml('linkedin/old-layout.html');
const FIXTURE_SLUG = 'jane-doe';

/** The canonical profile URL the extension sends for `slug`. */
export const profileUrl = (slug: string): string => `https://www.linkedin.com/in/${slug}`;

/**
 * Serves old-layout.html as `slug`'s profile and opens it in a new tab. The fixture's top card
 * links to its own profile, and the scraper refuses a card whose self-link names another profile,
 * so the link is rewritten per address.
 */
export async function openProfileAs(context: BrowserContext, slug: string): Promise<Page> {
  const url = `${profileUrl(slug)}/`;
  await servePage(context, url, FIXTURE.replaceAll(`/in/${FIXTURE_SLUG}/`, `/in/${slug}/`));
  const tab = await context.newPage();
  await tab.goto(url);
  return tab;
}

/** Opens `slug`'s profile, clicks Capture and waits until the button says `expected`. */
export async function captureProfile(context: BrowserContext, slug: string, expected: string | RegExp): Promise<Page> {
  const tab = await openProfileAs(context, slug);
  const button = captureButton(tab);
  await button.expectText('Capture');
  await button.click();
  await button.expectText(expected);
  return tab;
}

export function storageLocal(serviceWorker: Worker): Promise<Record<string, unknown>> {
  return serviceWorker.evaluate(() => chrome.storage.local.get());
}

export async function syncedSettings(serviceWorker: Worker): Promise<unknown> {
  return (await serviceWorker.evaluate(() => chrome.storage.sync.get('settings')))['settings'];
}

/** Sets the language preference as the options page would (the popup and pages follow it). */
export async function setLanguage(serviceWorker: Worker, language: 'auto' | 'en' | 'fr'): Promise<void> {
  await serviceWorker.evaluate(async (next) => {
    const stored = (await chrome.storage.sync.get('settings'))['settings'] as Record<string, unknown> | undefined;
    await chrome.storage.sync.set({ settings: { linkedin: true, instagram: true, ...stored, language: next } });
  }, language);
}

/** "Where Capture appears" → "Only in the toolbar", on the options page, as a rep chooses it. */
export async function chooseToolbar(options: Page): Promise<void> {
  await options.bringToFront();
  const group = options.getByRole('group', { name: 'Where Capture appears' });
  await expect(group.getByRole('radio', { name: 'On the page' })).toBeChecked();
  await expect(options.getByText('LinkedIn scans its pages for elements that extensions insert')).toBeVisible();
  await group.getByRole('radio', { name: 'Only in the toolbar' }).check();
}

/** The toolbar icon's title for the tab showing `page` ("Only in the toolbar" draws one per tab). */
export async function iconTitle(serviceWorker: Worker, page: Page): Promise<string> {
  return serviceWorker.evaluate(async (url) => {
    const tab = (await chrome.tabs.query({})).find((candidate) => candidate.url === url);
    if (tab?.id === undefined) throw new Error('tab not found');
    return chrome.action.getTitle({ tabId: tab.id });
  }, page.url());
}

/** The real action popup, read and clicked through an extension page that holds its window. */
export class ActionPopup {
  constructor(private readonly driver: Page) {}

  /** Text of the first element matching `selector`, or null when there is none or it is hidden. */
  text(selector: string): Promise<string | null> {
    return this.driver.evaluate((sel) => {
      const [popup] = chrome.extension.getViews({ type: 'popup' });
      const element = popup?.document.querySelector<HTMLElement>(sel);
      if (!element || element.closest('[hidden]')) return null;
      return element.textContent?.trim() ?? '';
    }, selector);
  }

  /** Texts of every shown element matching `selector`, in document order. */
  texts(selector: string): Promise<string[]> {
    return this.driver.evaluate((sel) => {
      const [popup] = chrome.extension.getViews({ type: 'popup' });
      return [...(popup?.document.querySelectorAll<HTMLElement>(sel) ?? [])].filter((element) => !element.closest('[hidden]')).map((element) => element.textContent?.trim() ?? '');
    }, selector);
  }

  /** The href of every shown link matching `selector`, in document order. */
  hrefs(selector: string): Promise<string[]> {
    return this.driver.evaluate((sel) => {
      const [popup] = chrome.extension.getViews({ type: 'popup' });
      return [...(popup?.document.querySelectorAll<HTMLAnchorElement>(sel) ?? [])].filter((link) => !link.closest('[hidden]')).map((link) => link.href);
    }, selector);
  }

  /** Clicks the first element matching `selector` (a user-activated click in the popup). */
  async click(selector: string): Promise<void> {
    const clicked = await this.driver.evaluate((sel) => {
      const [popup] = chrome.extension.getViews({ type: 'popup' });
      const element = popup?.document.querySelector<HTMLElement>(sel);
      if (!element || element.closest('[hidden]')) return false;
      element.click();
      return true;
    }, selector);
    if (!clicked) throw new Error(`nothing visible to click at ${selector} in the popup`);
  }

  /** Types `value` into the input at `selector` as a rep would: focus, value, an input event, caret at the end. */
  async type(selector: string, value: string): Promise<void> {
    const typed = await this.driver.evaluate(
      ([sel, text]) => {
        const [popup] = chrome.extension.getViews({ type: 'popup' });
        const input = popup?.document.querySelector<HTMLInputElement>(sel);
        if (!input || input.closest('[hidden]')) return false;
        input.focus();
        input.value = text;
        input.setSelectionRange(text.length, text.length);
        input.dispatchEvent(new (popup as unknown as typeof globalThis).Event('input', { bubbles: true }));
        return true;
      },
      [selector, value] as const,
    );
    if (!typed) throw new Error(`no visible input at ${selector} in the popup`);
  }

  /** The value of the input at `selector` (null when there is none or it is hidden). */
  value(selector: string): Promise<string | null> {
    return this.driver.evaluate((sel) => {
      const [popup] = chrome.extension.getViews({ type: 'popup' });
      const input = popup?.document.querySelector<HTMLInputElement>(sel);
      return !input || input.closest('[hidden]') ? null : input.value;
    }, selector);
  }

  /** The focused element's id and, for an input, its caret; also whether it is the same node as `selector`'s. */
  focus(): Promise<{ id: string | null; caret: number | null }> {
    return this.driver.evaluate(() => {
      const [popup] = chrome.extension.getViews({ type: 'popup' });
      const active = popup?.document.activeElement;
      const caret = active instanceof (popup as unknown as typeof globalThis).HTMLInputElement ? active.selectionStart : null;
      return { id: active?.id || null, caret };
    });
  }

  /** Marks the element at `selector`, to tell later whether it was rebuilt (a new node has no mark). */
  async mark(selector: string): Promise<void> {
    await this.driver.evaluate((sel) => {
      const [popup] = chrome.extension.getViews({ type: 'popup' });
      const element = popup?.document.querySelector<HTMLElement & { testMark?: boolean }>(sel);
      if (element) element.testMark = true;
    }, selector);
  }

  isMarked(selector: string): Promise<boolean> {
    return this.driver.evaluate((sel) => {
      const [popup] = chrome.extension.getViews({ type: 'popup' });
      return popup?.document.querySelector<HTMLElement & { testMark?: boolean }>(sel)?.testMark === true;
    }, selector);
  }

  /** Submits the form at `selector` as the Enter key in one of its fields does. */
  async submit(selector: string): Promise<void> {
    await this.driver.evaluate((sel) => {
      const [popup] = chrome.extension.getViews({ type: 'popup' });
      popup?.document.querySelector<HTMLFormElement>(sel)?.requestSubmit();
    }, selector);
  }

  /** The popup document's full height, which Chrome's popup window shows without scrolling up to 600 px. */
  contentHeight(): Promise<number> {
    return this.driver.evaluate(() => chrome.extension.getViews({ type: 'popup' })[0]?.document.documentElement.scrollHeight ?? 0);
  }

  isOpen(): Promise<boolean> {
    return this.driver.evaluate(() => chrome.extension.getViews({ type: 'popup' }).length > 0);
  }

  async close(): Promise<void> {
    await this.driver.evaluate(() => chrome.extension.getViews({ type: 'popup' }).forEach((popup) => popup.close()));
    await expect.poll(() => this.isOpen()).toBe(false);
  }
}

/**
 * Opens the real action popup over `tab` (made the active tab first) and waits until it has
 * asked the background and the tab what to show. `driver` is any page of the extension's origin
 * that is open in another tab.
 */
export async function openActionPopup(serviceWorker: Worker, driver: Page, tab: Page): Promise<ActionPopup> {
  await tab.bringToFront();
  await serviceWorker.evaluate(() => chrome.action.openPopup());
  const popup = new ActionPopup(driver);
  await expect.poll(() => popup.isOpen(), { message: 'the action popup opens' }).toBe(true);
  await expect
    .poll(() => popup.text('#connection-text'), { message: 'the popup renders' })
    .toEqual(expect.stringMatching(/\S/));
  return popup;
}
