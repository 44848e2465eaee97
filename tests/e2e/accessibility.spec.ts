/**
 * Accessibility of the popup and the options page: axe-core (every rule it runs by default, none
 * disabled) on both pages in light and dark, in English and French, connected with a capture
 * waiting and one needing attention with its edit form open; not connected with a refused key
 * (English light, French dark); a dialog open; the real action popup over a people search page
 * after a bulk capture, with its lines of people and a refused one's Edit and Discard (axe run in
 * the popup over CDP, as AxeBuilder runs it in a page). And both pages used with the keyboard
 * alone, the focus ring always visible.
 */
import AxeBuilder from '@axe-core/playwright';
import type { CDPSession, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { searchFixtures } from '../fixtures/search-pages.ts';
import { expect, openOptions, openPopup, test } from '../support/extension.ts';
import { captureButton, captureWidget, connectKey, openProfile } from './pages/flows.ts';
import { captureProfile, openActionPopup, setLanguage, syncedSettings } from './pages/ui.ts';

type Scheme = 'light' | 'dark';
const COMBINATIONS = [
  ['en', 'light'],
  ['en', 'dark'],
  ['fr', 'light'],
  ['fr', 'dark'],
] as const satisfies readonly (readonly ['en' | 'fr', Scheme])[];

/** Runs axe on `page` and returns its violations as "impact rule: target" lines, worst first. */
async function axeViolations(page: Page, state: string): Promise<{ blocking: string[]; all: string[] }> {
  const results = await new AxeBuilder({ page }).analyze();
  const lines = results.violations.flatMap((violation) =>
    violation.nodes.map(
      (node) => `${violation.impact ?? 'unknown'} ${violation.id} (${state}): ${node.target.join(' ')} ${node.failureSummary ?? ''}`,
    ),
  );
  const blocking = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  return { blocking: blocking.length === 0 ? [] : lines.filter((line) => /^(serious|critical) /.test(line)), all: lines };
}

async function expectNoSeriousViolations(pages: Record<string, Page>, language: 'en' | 'fr', scheme: Scheme): Promise<void> {
  const found = await Promise.all(
    Object.entries(pages).map(async ([name, page]) => {
      // Reduced motion: colours then change at once with the scheme, instead of easing over
      // 120 ms, so axe measures them settled. The colours at rest are the same either way.
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await expect(page.locator('xpath=/html')).toHaveAttribute('lang', language);
      return { name, ...(await axeViolations(page, `${name}, ${language}, ${scheme}`)) };
    }),
  );
  for (const { name, blocking, all } of found) {
    expect(blocking, `serious or critical axe violations on ${name} (${language}, ${scheme})`).toEqual([]);
    // Lesser findings are reported with the test, not hidden: none are expected either.
    expect(all, `axe violations on ${name} (${language}, ${scheme})`).toEqual([]);
  }
}

test('axe: no violations on the popup and the options page, light and dark, English and French', async ({
  context,
  extensionId,
  api,
  serviceWorker,
}) => {
  // Sixteen axe runs and two real captures, each click once the button has shown its profile 0.5 s.
  test.setTimeout(60_000);
  // Not connected, with the key refused: the error and the key field.
  const notConnected = await openOptions(context, extensionId);
  await notConnected.getByLabel('API key', { exact: true }).fill('mk has spaces');
  await notConnected.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(notConnected.getByRole('alert')).toBeVisible();
  const emptyPopup = await openPopup(context, extensionId);
  // The not-connected state in two combinations (it shares every colour with the connected one).
  for (const [language, scheme] of [['en', 'light'], ['fr', 'dark']] as const) {
    await setLanguage(serviceWorker, language);
    await expectNoSeriousViolations({ 'options, not connected': notConnected, 'popup, not connected': emptyPopup }, language, scheme);
  }
  await setLanguage(serviceWorker, 'en');
  await notConnected.close();
  await emptyPopup.close();

  // Connected, one capture waiting, one needing attention, its edit form open, a dialog open.
  const options = await connectKey(context, extensionId);
  api.failNext(1, { kind: 'status', status: 503 });
  await captureProfile(context, 'waiting', 'Queued');
  api.failNext(1, { kind: 'status', status: 422 });
  await captureProfile(context, 'refused', /^Rejected by Metrikia/);
  const popup = await openPopup(context, extensionId);
  await popup.getByRole('button', { name: 'Edit Jane Doe' }).click();
  await expect(popup.getByLabel('First name')).toBeFocused();
  await options.reload();
  await expect(options.locator('#count-attention')).toHaveText('1 needs attention');
  for (const [language, scheme] of COMBINATIONS) {
    await setLanguage(serviceWorker, language);
    await expectNoSeriousViolations({ 'options, connected': options, 'popup, queue and edit form': popup }, language, scheme);
  }
  await options.getByRole('button', { name: 'Effacer les données locales' }).click();
  await expect(options.getByRole('dialog')).toBeVisible();
  await expectNoSeriousViolations({ 'options, clear dialog': options }, 'fr', 'dark');
});

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The real action popup, reached over CDP: Playwright does not attach to it (pages/ui.ts), so the
 * commands go to its target through the driver page's session (Target.sendMessageToTarget).
 */
async function actionPopupTarget(driver: Page, extensionId: string): Promise<(method: string, params: object) => Promise<Record<string, unknown>>> {
  const cdp: CDPSession = await driver.context().newCDPSession(driver);
  const { targetInfos } = await cdp.send('Target.getTargets');
  const views = targetInfos.filter((info) => info.url === `chrome-extension://${extensionId}/popup.html`);
  expect(views, 'one action popup is open').toHaveLength(1);
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: views[0]!.targetId, flatten: false });
  const pending = new Map<number, (message: { result?: Record<string, unknown>; error?: unknown }) => void>();
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message) as { id?: number; result?: Record<string, unknown>; error?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message);
  });
  let lastId = 0;
  return (method, params) => {
    const id = ++lastId;
    return new Promise((resolve, reject) => {
      pending.set(id, (message) => (message.error ? reject(new Error(JSON.stringify(message.error))) : resolve(message.result ?? {})));
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
    });
  };
}

/** axe in the action popup in `language` and `scheme`: its violations as "impact rule: target" lines. */
async function axeInActionPopup(send: Awaited<ReturnType<typeof actionPopupTarget>>, language: 'en' | 'fr', scheme: Scheme): Promise<string[]> {
  await send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: scheme }, { name: 'prefers-reduced-motion', value: 'reduce' }] });
  const evaluate = async (expression: string) => {
    const answer = (await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })) as { result?: { value?: unknown }; exceptionDetails?: unknown };
    if (answer.exceptionDetails) throw new Error(JSON.stringify(answer.exceptionDetails));
    return answer.result?.value;
  };
  await expect.poll(() => evaluate('document.documentElement.lang')).toBe(language);
  if ((await evaluate('typeof axe')) === 'undefined') await evaluate(AXE_SOURCE);
  const lines = (await evaluate(`axe.run(document).then((results) => results.violations.flatMap((violation) =>
    violation.nodes.map((node) => violation.impact + ' ' + violation.id + ': ' + node.target.join(' ') + ' ' + (node.failureSummary || ''))))`)) as string[];
  return lines;
}

test('axe: no violations in the action popup over a people search page after a bulk, light and dark, English and French', async ({
  context,
  extensionId,
  api,
  serviceWorker,
}) => {
  test.setTimeout(60_000);
  const options = await connectKey(context, extensionId);
  const fixture = searchFixtures[0]!;
  const page = await openProfile(context, fixture.url, fixture.file);
  await captureButton(page).expectText('Capture people on this page');
  const popup = await openActionPopup(serviceWorker, options, page);
  await expect.poll(() => popup.text('#bulk-capture-label')).toBe('Capture people on this page');
  api.failNext(1, { kind: 'status', status: 422 }); // the first person refused: her line has Edit and Discard
  await popup.click('#bulk-capture');
  await expect.poll(() => popup.texts('#bulk-people button'), { timeout: 15_000 }).toEqual(['Edit', 'Discard']);
  await captureWidget(page).status().expectText(/refused by Metrikia/u);
  const send = await actionPopupTarget(options, extensionId);
  for (const [language, scheme] of COMBINATIONS) {
    await setLanguage(serviceWorker, language);
    expect(await axeInActionPopup(send, language, scheme), `axe violations in the action popup over a search page (${language}, ${scheme})`).toEqual([]);
  }
});

/** The focused element shows the 3 px focus ring. */
async function expectVisibleFocus(page: Page): Promise<void> {
  const ring = await page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    return { id: element.id, style: style.outlineStyle, width: style.outlineWidth };
  });
  expect(ring, 'something has the focus').not.toBeNull();
  expect(ring, `focus ring on #${ring?.id ?? ''}`).toMatchObject({ style: 'solid', width: '3px' });
}

async function tabTo(page: Page, id: string): Promise<void> {
  await page.keyboard.press('Tab');
  await expect(page.locator(`#${id}`)).toBeFocused();
  await expectVisibleFocus(page);
}

test('keyboard only: connect, show the key, toggle a platform, pick French, open and dismiss a dialog on the options page', async ({
  context,
  extensionId,
  serviceWorker,
}) => {
  const options = await openOptions(context, extensionId);
  await tabTo(options, 'api-key');
  await options.keyboard.type('mk_test_demo');
  await tabTo(options, 'toggle-key');
  await options.keyboard.press('Space');
  await expect(options.locator('#api-key')).toHaveAttribute('type', 'text');
  await tabTo(options, 'connect');
  await options.keyboard.press('Enter');
  await expect(options.getByText('Connected to Acme as rep@acme.io')).toBeVisible();
  // The form is gone; the focus lands on what replaced it, and goes on from there.
  await expect(options.locator('#connected-as')).toBeFocused();
  await tabTo(options, 'disconnect');
  await tabTo(options, 'platform-linkedin');
  await options.keyboard.press('Space');
  await expect.poll(() => syncedSettings(serviceWorker)).toMatchObject({ linkedin: false });
  await tabTo(options, 'platform-instagram');
  // "Where Capture appears": one stop for the group, arrows choose.
  await tabTo(options, 'placement-page');
  await options.keyboard.press('ArrowDown');
  await expect(options.locator('#placement-toolbar')).toBeChecked();
  await expect.poll(() => syncedSettings(serviceWorker)).toMatchObject({ placement: 'toolbar' });
  await options.keyboard.press('ArrowUp');
  await expect.poll(() => syncedSettings(serviceWorker)).toMatchObject({ placement: 'page' });
  await tabTo(options, 'language');
  await options.keyboard.press('ArrowDown');
  await options.keyboard.press('ArrowDown');
  await expect.poll(() => syncedSettings(serviceWorker)).toMatchObject({ language: 'fr' });
  await expect(options.getByRole('heading', { level: 1 })).toHaveText('Réglages de Metrikia Companion');
  await tabTo(options, 'export');
  await tabTo(options, 'clear');
  await options.keyboard.press('Enter');
  await expect(options.getByRole('dialog')).toBeVisible();
  await expect(options.locator('#clear-cancel')).toBeFocused();
  await expectVisibleFocus(options);
  await options.keyboard.press('Escape');
  await expect(options.getByRole('dialog')).toBeHidden();
  await expect(options.locator('#clear')).toBeFocused();
  await options.keyboard.press('Tab');
  await expect(options.getByRole('link', { name: 'Lire la politique de confidentialité complète' })).toBeFocused();
  await expectVisibleFocus(options);
});

test('keyboard only: in the popup, retry the queue and fix a refused capture, then send it', async ({
  context,
  extensionId,
  api,
}) => {
  await connectKey(context, extensionId);
  api.failNext(1, { kind: 'status', status: 422 });
  await captureProfile(context, 'keyboard-fix', /^Rejected by Metrikia/);
  api.failNext(1, { kind: 'status', status: 503 });
  await captureProfile(context, 'keyboard-retry', 'Queued');

  const popup = await openPopup(context, extensionId);
  await expect(popup.locator('#waiting-text')).toHaveText('1 waiting to be sent');
  await tabTo(popup, 'retry-now');
  await popup.keyboard.press('Enter');
  await expect(popup.locator('#waiting-text')).toHaveText('Nothing waiting.');
  // The button is gone with the queue; the focus stays where it was, on the sentence.
  await expect(popup.locator('#waiting-text')).toBeFocused();
  await api.waitForLeads(1);

  await popup.keyboard.press('Tab');
  await expect(popup.getByRole('button', { name: 'Edit Jane Doe' })).toBeFocused();
  await expectVisibleFocus(popup);
  await popup.keyboard.press('Enter');
  await expect(popup.getByLabel('First name')).toBeFocused();
  await popup.keyboard.press('Control+A');
  await popup.keyboard.type('Janet');
  await popup.keyboard.press('Tab');
  await expect(popup.getByLabel('Last name')).toBeFocused();
  await expectVisibleFocus(popup);
  await popup.keyboard.press('Tab');
  await expect(popup.getByLabel('Job title')).toBeFocused();
  await popup.keyboard.press('Tab');
  await expect(popup.getByRole('button', { name: 'Save and send' })).toBeFocused();
  await expectVisibleFocus(popup);
  await popup.keyboard.press('Enter');
  const leads = await api.waitForLeads(2);
  expect(leads.map((lead) => lead.payload.firstName).sort()).toEqual(['Jane', 'Janet']);
  await expect(popup.getByRole('region', { name: 'Needs attention' })).toBeHidden();
  // The list is gone with its last item; the focus is not lost to the top of the popup.
  await expect(popup.locator('#waiting-text')).toBeFocused();
});
