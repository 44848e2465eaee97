/**
 * The walking skeleton, for real: a rep connects a key, opens a LinkedIn profile, clicks Capture,
 * and exactly one lead arrives at the API with the contract's fields and headers.
 */
import { idempotencyKeySchema } from '../../lib/shared/contract.ts';
import type { BrowserContext } from '@playwright/test';
import { expect, openOptions, test } from '../support/extension.ts';
import { captureButton, captureWidget, connectKey, openProfile } from './pages/flows.ts';

/** Only what the evaluated functions below use (the project ships no `chrome` types). */
declare const chrome: { storage: { local: { get(): Promise<Record<string, unknown>> } } };

test('connect a key, capture a LinkedIn profile: one lead arrives, exactly as the contract says', async ({
  context,
  extensionId,
  api,
}) => {
  await connectKey(context, extensionId);
  const profile = await openProfile(context, 'https://www.linkedin.com/in/jane-doe/', 'linkedin/old-layout.html');

  const button = captureButton(profile);
  await button.expectText('Capture');
  const clickedAt = Date.now();
  await button.click();
  await button.expectText('Captured');

  const [lead] = await api.waitForLeads(1);
  expect(api.leads()).toHaveLength(1);
  const posts = api.leadRequests();
  expect(posts).toHaveLength(1);
  const post = posts[0]!;
  expect(post.headers).toMatchObject({
    authorization: 'Bearer mk_test_demo',
    'content-type': 'application/json',
  });
  expect(idempotencyKeySchema.safeParse(post.headers['idempotency-key']).success).toBe(true);
  expect(Object.keys(post.json as object).sort()).toEqual(
    ['capturedAt', 'firstName', 'jobTitle', 'lastName', 'profileUrl', 'source'].sort(),
  );
  expect(lead?.payload).toMatchObject({
    source: 'linkedin',
    profileUrl: 'https://www.linkedin.com/in/jane-doe',
    firstName: 'Jane',
    lastName: 'Doe',
  });
  expect(typeof lead?.payload.jobTitle).toBe('string');
  const capturedAt = Date.parse(lead?.payload.capturedAt ?? '');
  expect(Math.abs(capturedAt - clickedAt)).toBeLessThan(10_000);
});

test('a wrong key is refused on the options page and nothing is stored', async ({ context, extensionId, api, serviceWorker }) => {
  const options = await openOptions(context, extensionId);
  await options.getByLabel('API key', { exact: true }).fill('mk_not_a_real_key');
  await options.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(options.getByRole('alert').filter({ hasText: 'Metrikia did not accept this key' })).toBeVisible();
  await expect(options.getByText('Connected to')).toHaveCount(0);
  expect(api.requests.map((request) => `${request.method} ${request.path} ${String(request.response)}`)).toEqual([
    'GET /v1/me 401',
  ]);
  const stored = await serviceWorker.evaluate(() => chrome.storage.local.get());
  expect(stored).not.toHaveProperty('apiKey');
  expect(JSON.stringify(stored)).not.toContain('mk_not_a_real_key');
});

test('a malformed key is refused locally and never sent', async ({ context, extensionId, api }) => {
  const options = await openOptions(context, extensionId);
  await options.getByLabel('API key', { exact: true }).fill('mk has spaces');
  await options.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(options.getByRole('alert').filter({ hasText: 'no spaces' })).toBeVisible();
  await options.getByLabel('API key', { exact: true }).fill('   ');
  await options.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(options.getByRole('alert').filter({ hasText: 'Enter your API key' })).toBeVisible();
  expect(api.requests).toEqual([]);
});

/** Sends a message to the worker as our own extension pages do (the popup's Retry now, Save and send). */
async function fromExtensionPage(context: BrowserContext, extensionId: string, message: unknown): Promise<unknown> {
  const page = await openOptions(context, extensionId);
  try {
    return await page.evaluate((request) => (globalThis as unknown as { chrome: ChromeRuntime }).chrome.runtime.sendMessage(request), message);
  } finally {
    await page.close();
  }
}
interface ChromeRuntime {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
}

test('the page follows the worker without a reload (issue 20): Queued → Retry now → Captured, Rejected → Save and send → Captured, Capture again → Already in Metrikia', async ({
  context,
  extensionId,
  api,
}) => {
  test.setTimeout(60_000); // three captures, two tabs, in one browser
  await connectKey(context, extensionId);
  const profile = await openProfile(context, 'https://www.linkedin.com/in/jane-doe/', 'linkedin/old-layout.html');
  const button = captureButton(profile);
  await button.expectText('Capture');

  api.failNext(1, { kind: 'status', status: 503 });
  await button.click();
  await button.expectText('Queued');
  await fromExtensionPage(context, extensionId, { type: 'retry-now' });
  await api.waitForLeads(1);
  await button.expectText('Captured', { timeout: 1_000 });

  // Refused by Metrikia, then fixed from the extension: the page says Captured once it is delivered.
  const second = await openProfile(context, 'https://www.linkedin.com/in/jane-doe/?from=search', 'linkedin/old-layout.html');
  api.reset();
  api.failNext(1, { kind: 'status', status: 422 });
  const secondButton = captureButton(second);
  await secondButton.expectName('Captured');
  await secondButton.click();
  await captureWidget(second).button('Capture again').click();
  await secondButton.expectText('Rejected by Metrikia');
  const status = (await fromExtensionPage(context, extensionId, { type: 'get-status' })) as { needsAttention: { id: string }[] };
  const [refused] = status.needsAttention;
  expect(refused).toBeDefined();
  await fromExtensionPage(context, extensionId, { type: 'edit', id: refused!.id, fields: { firstName: 'Jane', lastName: 'Doe', jobTitle: 'Head of Growth' } });
  await api.waitForLeads(1);
  await secondButton.expectText('Captured', { timeout: 1_000 });
  // The first tab shows the same profile: it heard it too.
  await button.expectText('Captured');

  // Capture again: Metrikia has it (200).
  await secondButton.click();
  await captureWidget(second).button('Capture again').click();
  await secondButton.expectText('Already in Metrikia');
});
