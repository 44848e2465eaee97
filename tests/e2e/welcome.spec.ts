/**
 * Issue 24 on the built extension, in one launch: a fresh install opens the settings page as a
 * welcome, which says where the API key is found and has the focus in the key field, ready for a
 * paste (not on an update: tests/unit/welcome.test.ts); and two things a rep sees there next: the
 * radios in the brand colour beside the checkboxes, and the disconnect dialog's three buttons on
 * one row, in English and in French, at the page's width.
 */
import type { Locator, Page } from '@playwright/test';
import { DEMO_KEY } from '../support/api-stand-in.ts';
import { expect, isWelcomePage, test } from '../support/extension.ts';
import { captureProfile } from './pages/ui.ts';

// The harness closes the welcome tab of every other test's fresh install.
test.use({ keepWelcome: true });

/** The distinct tops of `buttons`: one value when they share a row. */
const rowsOf = async (buttons: Locator): Promise<number[]> => [
  ...new Set(await buttons.evaluateAll((elements) => elements.map((element) => Math.round(element.getBoundingClientRect().top)))),
];

async function disconnectDialogRows(page: Page, disconnect: string, cancel: string): Promise<number[]> {
  await page.getByRole('button', { name: disconnect, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('button')).toHaveCount(3);
  const rows = await rowsOf(dialog.getByRole('button'));
  await dialog.getByRole('button', { name: cancel, exact: true }).click();
  await expect(dialog).toBeHidden();
  return rows;
}

test('a fresh install opens the settings page once, saying where the key is found, with the focus in the key field; its radios are in the brand colour and the disconnect dialog keeps one row in both languages', async ({
  context,
  api,
}) => {
  await expect.poll(() => context.pages().filter((page) => isWelcomePage(page.url())).length).toBe(1);
  const welcome = context.pages().find((page) => isWelcomePage(page.url()));
  if (!welcome) throw new Error('no welcome page');

  await expect(welcome.locator('#welcome')).toHaveText(
    'Welcome! To start, connect your Metrikia API key: you find it in Metrikia, in your account settings.',
  );
  const key = welcome.getByLabel('API key', { exact: true });
  await expect(key).toBeFocused();
  // Typed straight away, with no click: the key goes where the focus is.
  await welcome.keyboard.type(DEMO_KEY);
  await welcome.keyboard.press('Enter');
  await expect(welcome.getByText('Connected to Acme as rep@acme.io')).toBeVisible();
  await expect(welcome.locator('#welcome')).toBeHidden();
  expect(api.requests.map((request) => `${request.method} ${request.path} ${String(request.response)}`)).toEqual(['GET /v1/me 200']);

  // The radios take the checkboxes' brand colour, not the browser's blue.
  const brand = await welcome.locator('#platform-linkedin').evaluate((element) => getComputedStyle(element).accentColor);
  expect(brand).not.toBe('auto');
  await expect(welcome.locator('#placement-page')).toHaveCSS('accent-color', brand);
  await expect(welcome.locator('#placement-toolbar')).toHaveCSS('accent-color', brand);

  // One capture waits, so Disconnect asks; at the width the page's column has, its three buttons share a row.
  api.failNext(1, { kind: 'status', status: 503 });
  await captureProfile(context, 'waiting-capture', 'Queued');
  await welcome.bringToFront();
  await welcome.setViewportSize({ width: 800, height: 600 });
  expect(await disconnectDialogRows(welcome, 'Disconnect', 'Cancel')).toHaveLength(1);
  await welcome.locator('#language').selectOption('fr');
  await expect(welcome.locator('h1')).toHaveText('Réglages de Metrikia Companion');
  expect(await disconnectDialogRows(welcome, 'Déconnecter', 'Annuler')).toHaveLength(1);
});
