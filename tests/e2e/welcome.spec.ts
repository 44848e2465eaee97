/**
 * Issue 24, point 5, on the built extension: a fresh install opens the settings page as a welcome,
 * which says where the API key is found and has the focus in the key field, ready for a paste.
 * (Not on an update: tests/unit/welcome.test.ts.)
 */
import { DEMO_KEY } from '../support/api-stand-in.ts';
import { expect, test } from '../support/extension.ts';

test('a fresh install opens the settings page once, saying where the key is found, with the focus in the key field', async ({ context, api }) => {
  const isWelcome = (url: string): boolean => /^chrome-extension:\/\/[a-p]{32}\/options\.html\?welcome$/u.test(url);
  await expect.poll(() => context.pages().filter((page) => isWelcome(page.url())).length).toBe(1);
  const welcome = context.pages().find((page) => isWelcome(page.url()));
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
});
