/**
 * Erasure without gaps (issue 11.7): "Clear local data" while a delivery is in flight leaves
 * nothing behind once that delivery answers: no lead-cache entry written back, no outbox record
 * put back, and the counts say so.
 */
import { expect, openOptions, test } from '../support/extension.ts';
import { captureButton, connectKey } from './pages/flows.ts';
import { readOutbox } from './pages/outbox.ts';
import { openProfileAs, profileUrl, storageLocal } from './pages/ui.ts';

test('Clear local data while the stand-in holds the capture’s answer: after the 201 lands, nothing of it remains on the device', async ({
  context,
  extensionId,
  api,
  serviceWorker,
}) => {
  await connectKey(context, extensionId);
  api.setDelay(3000);

  const profile = await openProfileAs(context, 'cleared-in-flight');
  const button = captureButton(profile);
  await button.expectText('Capture');
  await button.click();
  await expect.poll(() => api.leadRequests().map((request) => request.response)).toEqual(['pending']);
  expect(await readOutbox(serviceWorker)).toHaveLength(1);

  const options = await openOptions(context, extensionId);
  await options.getByRole('button', { name: 'Clear local data' }).click();
  await options.getByRole('dialog').getByRole('button', { name: 'Clear', exact: true }).click();
  await expect(options.getByRole('status').filter({ hasText: 'Local data cleared.' })).toBeVisible();
  // The request was still waiting for its answer when the clear finished.
  expect(api.leadRequests().map((request) => request.response)).toEqual(['pending']);

  // The answer lands: the lead exists on the server, and the device keeps nothing of it.
  await expect.poll(() => api.leadRequests().map((request) => request.response), { timeout: 10_000 }).toEqual([201]);
  expect(api.leads().map((lead) => lead.payload.profileUrl)).toEqual([profileUrl('cleared-in-flight')]);
  await expect.poll(() => button.text()).not.toBe('Capturing…');
  // Let whatever the worker does after the answer finish before looking.
  await options.waitForTimeout(500);
  expect(await readOutbox(serviceWorker)).toEqual([]);
  const stored = await storageLocal(serviceWorker);
  expect(stored['leadCache'] ?? {}).toEqual({});
  await options.reload();
  await expect(options.locator('#count-cached')).toHaveText('0 profiles captured in the last 7 days');
  await expect(options.locator('#count-waiting')).toHaveText('0 waiting to be sent');
});
