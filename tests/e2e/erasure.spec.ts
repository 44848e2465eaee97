/**
 * Erasure wins (issues 11.7 and 23.1), the red team's run: 13 captures waiting, "Retry now" puts 4
 * on the wire (the stand-in stores their leads and holds their answers) and keeps 9 in the
 * worker's memory, and the rep
 * confirms "Clear local data". Nothing erased is sent afterwards: the 9 never leave, the 4 may
 * reach Metrikia but write nothing back (no lead-cache entry, no outbox record), and the counts
 * say so. Before issue 23 five of the 9 were POSTed within 2 s and written to the lead cache.
 *
 * "Nothing is sent afterwards" is proved by a positive event, not by a wait: the worker sends in
 * the order it was given, so a capture queued after the clear and sent by "Retry now" goes out
 * after anything still queued ahead of it. Once its lead is stored, anything erased that was going
 * to be sent has been.
 */
import { expect, openOptions, test } from '../support/extension.ts';
import { connectKey } from './pages/flows.ts';
import { fillOutbox, openQueue, readOutbox, retryNow } from './pages/outbox.ts';
import { profileUrl, storageLocal } from './pages/ui.ts';

test('Clear local data with 9 captures waiting in memory and 4 on the wire: the 9 are never sent, the 4 write nothing back', async ({
  context,
  extensionId,
  api,
  serviceWorker,
}) => {
  await connectKey(context, extensionId);
  await fillOutbox(serviceWorker, 13);
  api.holdAnswers();

  const queue = await openQueue(context, extensionId);
  await expect(queue.waiting).toHaveText('13 waiting to be sent');
  await queue.retryNow.click();
  await expect.poll(() => api.leadRequests().map((request) => request.response)).toEqual(['pending', 'pending', 'pending', 'pending']);
  const onTheWire = api.leadRequests().map((request) => request.headers['idempotency-key']);

  const options = await openOptions(context, extensionId);
  await options.getByRole('button', { name: 'Clear local data' }).click();
  await options.getByRole('dialog').getByRole('button', { name: 'Clear', exact: true }).click();
  await expect(options.getByRole('status').filter({ hasText: 'Local data cleared.' })).toBeVisible();
  expect(await readOutbox(serviceWorker)).toEqual([]);
  expect(api.leadRequests()).toHaveLength(4);

  // The 4 answers land (Metrikia has those leads), and from here on every answer goes at once;
  // the popup's "Retry now" returns once its drain has recorded them.
  api.releaseAnswers();
  await expect.poll(() => api.leadRequests().map((request) => request.response)).toEqual([201, 201, 201, 201]);
  await expect(queue.popup.locator('#retry-now')).toBeEnabled({ timeout: 10_000 });

  // A capture queued now goes after anything still queued ahead of it.
  await fillOutbox(serviceWorker, 1, Date.now(), 'after-the-clear');
  await queue.popup.reload();
  await expect(queue.waiting).toHaveText('1 waiting to be sent');
  await retryNow(queue.popup);
  await api.waitForLeads(5);
  const posts = api.leadRequests();
  expect(posts.map((request) => request.headers['idempotency-key']).slice(0, 4)).toEqual(onTheWire);
  expect(posts.map((request) => (request.json as { profileUrl?: string } | null)?.profileUrl).slice(4)).toEqual([profileUrl('after-the-clear-0')]);

  // Only the capture made after the clear is remembered: the lead cache is written in order, so
  // once its entry is there, any write-back of the erased ones would be there too.
  const cachedUrls = async () => Object.keys(((await storageLocal(serviceWorker))['leadCache'] ?? {}) as Record<string, unknown>);
  await expect.poll(cachedUrls).toEqual([profileUrl('after-the-clear-0')]);
  expect(await readOutbox(serviceWorker)).toEqual([]);
  await options.reload();
  await expect(options.locator('#count-cached')).toHaveText('1 profile captured in the last 7 days');
  await expect(options.locator('#count-waiting')).toHaveText('0 waiting to be sent');
});
