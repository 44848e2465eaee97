/**
 * "Enter details" in the page's own button (issue 14 item 6), end to end in English and French:
 * a profile whose name cannot be trusted (the page still shows the previous profile) offers the
 * form; what the rep types, with the keyboard alone, is what Metrikia receives, for the profile of
 * the address bar; nothing is sent before Capture.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../support/extension.ts';
import { captureButton, captureWidget, connectKey, openProfile, type CaptureWidget } from './pages/flows.ts';

/** The widget's panel (form, buttons, sentence) lies wholly inside the host's fixed box: nothing cut off. */
async function expectInsideItsBox(page: Page, widget: CaptureWidget): Promise<void> {
  const host = await page.evaluate(() => {
    const element = [...document.body.children].find((child) => child.getAttribute('style')?.includes('2147483646'))!;
    const box = element.getBoundingClientRect();
    return { top: box.top, bottom: box.bottom };
  });
  const panel = await widget.panel().box();
  expect(panel).not.toBeNull();
  expect(panel!.y).toBeGreaterThanOrEqual(host.top);
  expect(panel!.y + panel!.height).toBeLessThanOrEqual(host.bottom + 0.5);
}

/** Only what the evaluated function below uses (the project ships no `chrome` types). */
declare const chrome: { storage: { sync: { set(items: Record<string, unknown>): Promise<void> } } };

const BOB = 'https://www.linkedin.com/in/bob-durand/';
/** The address is Bob's, the page still Alice's: refused as stale, the form is offered. */
const STALE = 'linkedin/stale.html';

test('English: Could not read this profile → Enter details, typed with the keyboard, captured as typed', async ({ context, extensionId, api }) => {
  await connectKey(context, extensionId);
  const page = await openProfile(context, BOB, STALE);
  const widget = captureWidget(page);
  await captureButton(page).click();
  await captureButton(page).expectText('Could not read this profile');

  await widget.button('Enter details').click();
  await widget.field('First name').expectFocused();
  // For whom: the profile of the address bar, where the lead goes; no advice to reload beside it.
  await widget.expectContainText('For linkedin.com/in/bob-durand: type the name this profile shows.');
  expect(await widget.text()).not.toMatch(/reload/iu);
  await page.keyboard.press('Enter'); // an empty first name: its error fits the box
  await widget.expectContainText('Enter a first name.');
  await expectInsideItsBox(page, widget);
  await page.keyboard.type('Bob');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Durand');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Head of Partnerships');
  await page.waitForTimeout(300);
  expect(api.leadRequests()).toEqual([]); // nothing before Capture
  await page.keyboard.press('Enter');

  await captureButton(page).expectText('Captured');
  const [lead] = await api.waitForLeads(1);
  expect(lead?.payload).toEqual({
    source: 'linkedin',
    profileUrl: 'https://www.linkedin.com/in/bob-durand',
    firstName: 'Bob',
    lastName: 'Durand',
    jobTitle: 'Head of Partnerships',
    capturedAt: expect.any(String),
  });
});

test('French: Saisir les informations, checked against the contract, Escape closes, Capturer sends', async ({
  context,
  extensionId,
  api,
  serviceWorker,
}) => {
  await connectKey(context, extensionId);
  await serviceWorker.evaluate(() =>
    chrome.storage.sync.set({ settings: { linkedin: true, instagram: true, language: 'fr' } }),
  );
  const page = await openProfile(context, BOB, STALE);
  const widget = captureWidget(page);
  await captureButton(page).expectText('Capturer');
  await captureButton(page).click();
  await captureButton(page).expectText('Impossible de lire ce profil');

  await widget.button('Saisir les informations').click();
  await widget.field('Prénom').expectFocused();
  await widget.expectContainText('Pour linkedin.com/in/bob-durand : saisissez le nom affiché par ce profil.');
  await page.keyboard.press('Enter'); // an empty first name
  await widget.expectContainText('Saisissez un prénom.');
  await expectInsideItsBox(page, widget);
  await page.keyboard.press('Escape');
  await expect.poll(() => widget.field('Prénom').isVisible()).toBe(false);
  expect(api.leadRequests()).toEqual([]);

  await widget.button('Saisir les informations').click();
  await widget.field('Prénom').fill('Bob');
  await widget.field('Nom').fill('Durand');
  await widget.field('Poste').fill('x'.repeat(201));
  await widget.button('Capturer').click({ settle: false });
  await widget.expectContainText('200 caractères au maximum.');
  await expectInsideItsBox(page, widget);
  expect(api.leadRequests()).toEqual([]);
  await widget.field('Poste').fill('Directeur des partenariats');
  await widget.button('Capturer').click({ settle: false });

  await captureButton(page).expectText('Capturé');
  const [lead] = await api.waitForLeads(1);
  expect(lead?.payload).toMatchObject({ firstName: 'Bob', lastName: 'Durand', jobTitle: 'Directeur des partenariats' });
});
