/**
 * The options page, driven like a rep: connect and disconnect the key, turn platforms on and off,
 * switch the language, see, export and clear what the extension keeps. Every test checks where
 * the effect lands: the API stand-in, chrome.storage, the outbox in IndexedDB, an open page.
 */
import { readFile } from 'node:fs/promises';
import { DEMO_KEY } from '../support/api-stand-in.ts';
import { expect, openOptions, openPopup, test } from '../support/extension.ts';
import { captureWidget, captureButton, connectKey } from './pages/flows.ts';
import { readOutbox } from './pages/outbox.ts';
import { captureProfile, openProfileAs, profileUrl, storageLocal, syncedSettings } from './pages/ui.ts';

test('connect: the key shows and hides, Connect verifies it with GET /v1/me and says who is connected; Disconnect removes it', async ({
  context,
  extensionId,
  api,
  serviceWorker,
}) => {
  const options = await openOptions(context, extensionId);
  const key = options.getByLabel('API key', { exact: true });
  await expect(key).toHaveAttribute('type', 'password');
  await key.fill(DEMO_KEY);
  await options.getByRole('button', { name: 'Show API key' }).click();
  await expect(key).toHaveAttribute('type', 'text');
  await expect(key).toHaveValue(DEMO_KEY);
  await expect(options.getByRole('button', { name: 'Hide API key' })).toHaveText('Hide');
  await options.getByRole('button', { name: 'Hide API key' }).click();
  await expect(key).toHaveAttribute('type', 'password');

  await options.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(options.getByText('Connected to Acme as rep@acme.io')).toBeVisible();
  expect(api.requests.map((request) => `${request.method} ${request.path} ${String(request.response)}`)).toEqual([
    'GET /v1/me 200',
  ]);
  expect(api.requests[0]?.headers['authorization']).toBe(`Bearer ${DEMO_KEY}`);
  // Connected: the key field is gone, and nothing shows the key again.
  await expect(key).toBeHidden();
  expect(await storageLocal(serviceWorker)).toMatchObject({
    apiKey: DEMO_KEY,
    connection: { organizationName: 'Acme', email: 'rep@acme.io' },
  });
  await options.reload();
  await expect(options.getByText('Connected to Acme as rep@acme.io')).toBeVisible();
  await expect(options.locator('body')).not.toContainText(DEMO_KEY);

  // Nothing waits: no question, the key goes at once.
  await options.getByRole('button', { name: 'Disconnect', exact: true }).click();
  await expect(options.getByRole('status').filter({ hasText: 'Your API key was removed from this device' })).toBeVisible();
  await expect(options.getByRole('dialog')).toHaveCount(0);
  await expect(key).toBeVisible();
  await expect(key).toBeFocused();
  await expect(options.getByText('Connected to')).toBeHidden();
  const stored = await storageLocal(serviceWorker);
  expect(stored['apiKey']).toBeUndefined();
  expect(stored['connection']).toBeUndefined();
  expect(JSON.stringify(stored)).not.toContain(DEMO_KEY);
});

test('Disconnect while a capture waits asks first; "Keep and disconnect" (the default) keeps it, and the next key sends it', async ({
  context,
  extensionId,
  api,
  serviceWorker,
}) => {
  const options = await connectKey(context, extensionId);
  api.failNext(1, { kind: 'status', status: 503 });
  await captureProfile(context, 'kept-capture', 'Queued');

  await options.bringToFront();
  await options.getByRole('button', { name: 'Disconnect', exact: true }).click();
  const dialog = options.getByRole('dialog');
  await expect(dialog).toContainText('1 capture is still waiting to be sent. Keep it for when you connect again?');
  const keep = dialog.getByRole('button', { name: 'Keep and disconnect' });
  await expect(keep).toBeFocused();
  await options.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(options.getByLabel('API key', { exact: true })).toBeVisible();
  expect((await storageLocal(serviceWorker))['apiKey']).toBeUndefined();
  expect((await readOutbox(serviceWorker)).map((item) => [item.payload.profileUrl, item.state])).toEqual([
    [profileUrl('kept-capture'), 'waiting'],
  ]);

  // Connected again, the kept capture goes out at once, with no "Retry now" and no waiting for
  // the 503's backoff of 30 s or more: connecting a key is the rep's go-ahead.
  await options.getByLabel('API key', { exact: true }).fill(DEMO_KEY);
  await options.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(options.getByText('Connected to Acme as rep@acme.io')).toBeVisible();
  const [lead] = await api.waitForLeads(1);
  expect(lead?.payload.profileUrl).toBe(profileUrl('kept-capture'));
  await expect.poll(() => readOutbox(serviceWorker)).toEqual([]);
});

test('"Discard and disconnect" drops what waits and what needs attention, and says how many', async ({
  context,
  extensionId,
  api,
  serviceWorker,
}) => {
  const options = await connectKey(context, extensionId);
  api.failNext(1, { kind: 'status', status: 503 });
  await captureProfile(context, 'waiting-capture', 'Queued');
  api.failNext(1, { kind: 'status', status: 422 });
  await captureProfile(context, 'refused-capture', /^Rejected by Metrikia/);
  expect(await readOutbox(serviceWorker)).toHaveLength(2);

  await options.bringToFront();
  await options.reload();
  await options.getByRole('button', { name: 'Disconnect', exact: true }).click();
  const dialog = options.getByRole('dialog');
  await expect(dialog).toContainText('2 captures are still waiting to be sent. Keep them for when you connect again?');
  // Cancel changes nothing.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(options.getByText('Connected to Acme as rep@acme.io')).toBeVisible();
  expect((await storageLocal(serviceWorker))['apiKey']).toBe(DEMO_KEY);

  await options.getByRole('button', { name: 'Disconnect', exact: true }).click();
  await dialog.getByRole('button', { name: 'Discard and disconnect' }).click();
  await expect(options.getByLabel('API key', { exact: true })).toBeVisible();
  expect((await storageLocal(serviceWorker))['apiKey']).toBeUndefined();
  expect(await readOutbox(serviceWorker)).toEqual([]);
  await expect(options.locator('#count-waiting')).toHaveText('0 waiting to be sent');
  await expect(options.locator('#count-attention')).toHaveText('0 need attention');
  expect(api.leads()).toEqual([]);
});

test('platforms: both on by default, kept in storage.sync, and turning one off removes the open page’s button at once', async ({
  context,
  extensionId,
  serviceWorker,
}) => {
  const options = await openOptions(context, extensionId);
  const linkedin = options.getByRole('checkbox', { name: 'LinkedIn' });
  const instagram = options.getByRole('checkbox', { name: 'Instagram' });
  await expect(linkedin).toBeChecked();
  await expect(instagram).toBeChecked();

  const profile = await openProfileAs(context, 'toggled');
  await captureButton(profile).expectName('Not connected');

  await options.bringToFront();
  await linkedin.uncheck();
  await expect.poll(() => syncedSettings(serviceWorker)).toEqual({ linkedin: false, instagram: true, language: 'auto', placement: 'page' });
  await captureWidget(profile).expectCount(0);
  await linkedin.check();
  await captureButton(profile).expectName('Not connected');
  await instagram.uncheck();
  await expect.poll(() => syncedSettings(serviceWorker)).toEqual({ linkedin: true, instagram: false, language: 'auto', placement: 'page' });
  // Preferences only ever go to storage.sync (privacy policy §9.3).
  expect(await storageLocal(serviceWorker)).not.toHaveProperty('settings');

  await options.reload();
  await expect(linkedin).toBeChecked();
  await expect(instagram).not.toBeChecked();

  // The privacy statement, and the full policy shipped inside the extension.
  await expect(options.getByRole('region', { name: 'Privacy' })).toContainText(
    'only when you click “Capture”. It never collects anything automatically or in the background.',
  );
  const [policy] = await Promise.all([
    context.waitForEvent('page'),
    options.getByRole('link', { name: 'Read the full privacy policy' }).click(),
  ]);
  await expect(policy).toHaveURL(`chrome-extension://${extensionId}/privacy.html#s9`);
  await expect(policy.locator('#s9')).toHaveText('9. Metrikia Companion Extension');
});

test('language: French applies at once to the options page, an open popup and an open page’s Capture button; Automatic follows the browser', async ({
  context,
  extensionId,
  serviceWorker,
}) => {
  const options = await connectKey(context, extensionId);
  const popup = await openPopup(context, extensionId);
  await expect(popup.locator('#connection-text')).toHaveText('Connected to Acme as rep@acme.io');
  const profile = await openProfileAs(context, 'bilingual');
  await captureButton(profile).expectText('Capture');

  await options.bringToFront();
  await expect(options.getByLabel('Language', { exact: true })).toHaveValue('auto');
  await options.getByLabel('Language', { exact: true }).selectOption('fr');
  await expect(options.getByRole('heading', { level: 1 })).toHaveText('Réglages de Metrikia Companion');
  await expect(options).toHaveTitle('Réglages de Metrikia Companion');
  await expect(options.locator('xpath=/html')).toHaveAttribute('lang', 'fr');
  await expect(options.getByLabel('Langue', { exact: true })).toHaveValue('fr');
  await expect(options.getByText('Connecté à Acme en tant que rep@acme.io')).toBeVisible();
  await expect(options.getByRole('button', { name: 'Déconnecter' })).toBeVisible();
  await expect(options.locator('#count-cached')).toHaveText('0 profil capturé ces 7 derniers jours');
  expect(await syncedSettings(serviceWorker)).toEqual({ linkedin: true, instagram: true, language: 'fr', placement: 'page' });

  // Neither the popup nor the page was reloaded.
  await expect(popup.locator('#connection-text')).toHaveText('Connecté à Acme en tant que rep@acme.io');
  await expect(popup.locator('#waiting-text')).toHaveText('Rien en attente.');
  await expect(popup.locator('xpath=/html')).toHaveAttribute('lang', 'fr');
  await captureButton(profile).expectText('Capturer');

  await options.getByLabel('Langue', { exact: true }).selectOption('auto');
  await expect(options.getByRole('heading', { level: 1 })).toHaveText('Metrikia Companion settings');
  await expect(popup.locator('#connection-text')).toHaveText('Connected to Acme as rep@acme.io');
  await captureButton(profile).expectText('Capture');
});

test('your data: the counts, "Export my data" downloads JSON without the API key, "Clear local data" asks and empties cache, queue and needs-attention', async ({
  context,
  extensionId,
  api,
  serviceWorker,
}) => {
  const options = await connectKey(context, extensionId);
  await captureProfile(context, 'captured-before', 'Captured');
  api.failNext(1, { kind: 'status', status: 503 });
  await captureProfile(context, 'still-waiting', 'Queued');
  api.failNext(1, { kind: 'status', status: 422 });
  await captureProfile(context, 'needs-a-fix', /^Rejected by Metrikia/);

  await options.bringToFront();
  await options.reload();
  await expect(options.locator('#count-cached')).toHaveText('1 profile captured in the last 7 days');
  await expect(options.locator('#count-waiting')).toHaveText('1 waiting to be sent');
  await expect(options.locator('#count-attention')).toHaveText('1 needs attention');

  const [download] = await Promise.all([
    options.waitForEvent('download'),
    options.getByRole('button', { name: 'Export my data' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^metrikia-companion-data-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = await readFile(await download.path(), 'utf8');
  expect(exported).not.toContain(DEMO_KEY);
  const data = JSON.parse(exported) as {
    settings: unknown;
    connection: unknown;
    leadCache: { url: string; capturedAt: string; leadId: string }[];
    outbox: { state: string; payload: { profileUrl: string } }[];
  };
  expect(Object.keys(data).sort()).toEqual([
    'connection',
    'deliveryState',
    'exportedAt',
    'leadCache',
    'outbox',
    'settings',
    'unreadableOutbox',
  ]);
  expect(data.settings).toEqual({ linkedin: true, instagram: true, language: 'auto', placement: 'page' });
  expect(data.connection).toMatchObject({ organizationName: 'Acme', email: 'rep@acme.io' });
  expect(data.leadCache).toEqual([{ url: profileUrl('captured-before'), capturedAt: expect.any(String), leadId: api.leads()[0]?.id }]);
  expect(data.outbox.map((item) => [item.payload.profileUrl, item.state])).toEqual([
    [profileUrl('still-waiting'), 'waiting'],
    [profileUrl('needs-a-fix'), 'needs-attention'],
  ]);
  await expect(options.getByRole('status').filter({ hasText: 'Your data was exported.' })).toBeVisible();

  // Cancel first: nothing goes.
  await options.getByRole('button', { name: 'Clear local data' }).click();
  const dialog = options.getByRole('dialog');
  await expect(dialog).toContainText('Delete the lead cache, the captures waiting to be sent and those needing attention');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await options.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(await readOutbox(serviceWorker)).toHaveLength(2);

  await options.getByRole('button', { name: 'Clear local data' }).click();
  await dialog.getByRole('button', { name: 'Clear', exact: true }).click();
  await expect(options.getByRole('status').filter({ hasText: 'Local data cleared.' })).toBeVisible();
  await expect(options.locator('#count-cached')).toHaveText('0 profiles captured in the last 7 days');
  await expect(options.locator('#count-waiting')).toHaveText('0 waiting to be sent');
  await expect(options.locator('#count-attention')).toHaveText('0 need attention');
  expect(await readOutbox(serviceWorker)).toEqual([]);
  const stored = await storageLocal(serviceWorker);
  expect(stored['leadCache'] ?? {}).toEqual({});
  // The key and the settings stay.
  expect(stored['apiKey']).toBe(DEMO_KEY);
  await expect(options.getByText('Connected to Acme as rep@acme.io')).toBeVisible();
});
