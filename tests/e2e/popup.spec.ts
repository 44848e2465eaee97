/**
 * The popup: who is connected, the Capture action for the profile in the current tab, the queue,
 * the captures that need the rep's attention and the ones that expired.
 *
 * "This page" is tested in the real action popup (pages/ui.ts openActionPopup): a popup asks
 * Chrome for the active tab of its window, so popup.html opened in a tab would only ever see
 * itself. Everything else is tested on popup.html in a tab, which is the same page.
 */
import type { Worker } from '@playwright/test';
import { expect, openPopup, servePage, test } from '../support/extension.ts';
import { captureButton, connectKey, fixtureHtml } from './pages/flows.ts';
import { readOutbox, retryNow } from './pages/outbox.ts';
import { captureProfile, openActionPopup, openProfileAs, profileUrl, setLanguage } from './pages/ui.ts';

/** Only what the evaluated functions below use (the project ships no `chrome` types). */
declare const chrome: {
  runtime: { getManifest(): { permissions?: string[] } };
  storage: {
    local: {
      get(key: string): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
      remove(key: string): Promise<void>;
    };
    sync: { set(items: Record<string, unknown>): Promise<void> };
  };
};

const REFUSAL = JSON.stringify({
  error: { code: 'validation_failed', message: 'The first name looks like a company name.', fields: { firstName: 'suspicious' } },
});

test('not connected: says so, "Open settings" opens the options page, and connecting there updates the open popup', async ({
  context,
  extensionId,
}) => {
  const popup = await openPopup(context, extensionId);
  await expect(popup.locator('#connection-text')).toHaveText('Not connected');
  await expect(popup.locator('#waiting-text')).toHaveText('Nothing waiting.');
  await expect(popup.getByRole('button', { name: 'Retry now' })).toBeHidden();
  const [options] = await Promise.all([
    context.waitForEvent('page'),
    popup.getByRole('button', { name: 'Open settings', exact: true }).click(),
  ]);
  await expect(options).toHaveURL(`chrome-extension://${extensionId}/options.html`);

  await options.getByLabel('API key', { exact: true }).fill('mk_test_demo');
  await options.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(popup.locator('#connection-text')).toHaveText('Connected to Acme as rep@acme.io');
  await expect(popup.getByRole('button', { name: 'Open settings', exact: true })).toBeHidden();
});

test('the action popup over a profile offers the page’s Capture, in the page’s states, and the page shows the result', async ({
  context,
  extensionId,
  api,
  serviceWorker,
}) => {
  // Nothing beyond the manifest's promise: the popup reaches the tab with tabs.sendMessage only.
  expect(await serviceWorker.evaluate(() => chrome.runtime.getManifest().permissions)).toEqual(['storage', 'alarms']);
  const options = await connectKey(context, extensionId);
  const profile = await openProfileAs(context, 'from-the-popup');
  await captureButton(profile).expectText('Capture');

  const popup = await openActionPopup(serviceWorker, options, profile);
  await expect.poll(() => popup.text('#tab-capture-label')).toBe('Capture');
  api.setDelay(1_000);
  await popup.click('#tab-capture');
  await expect.poll(() => popup.text('#tab-capture-label')).toBe('Capturing…');
  await captureButton(profile).expectText('Capturing…');
  await expect.poll(() => popup.text('#tab-capture-label')).toBe('Captured');
  await captureButton(profile).expectText('Captured');
  expect(await popup.text('#tab-detail')).toMatch(/^Captured on \d{1,2} \w{3} \d{4}$/);
  expect(await popup.text('#tab-capture-again')).toBe('Capture again');
  const [lead] = await api.waitForLeads(1);
  expect(lead?.payload).toMatchObject({
    source: 'linkedin',
    profileUrl: profileUrl('from-the-popup'),
    firstName: 'Jane',
    lastName: 'Doe',
    jobTitle: 'Head of Growth',
  });
  api.setDelay(0);
  await popup.close();

  // Over a LinkedIn page that is not a profile: nothing to capture.
  await servePage(context, 'https://www.linkedin.com/feed/', fixtureHtml('linkedin/feed.html'));
  const feed = await context.newPage();
  await feed.goto('https://www.linkedin.com/feed/');
  const overFeed = await openActionPopup(serviceWorker, options, feed);
  await expect.poll(() => overFeed.text('#tab-text')).toBe('Open a LinkedIn or Instagram profile to capture it.');
  expect(await overFeed.text('#tab-capture')).toBeNull();
  await overFeed.close();

  // LinkedIn turned off: the popup says so instead of offering a capture.
  await options.bringToFront();
  await options.getByRole('checkbox', { name: 'LinkedIn' }).uncheck();
  const overProfile = await openActionPopup(serviceWorker, options, profile);
  await expect.poll(() => overProfile.text('#tab-text')).toBe('Capture is turned off for this site in the settings.');
  expect(await overProfile.text('#tab-capture')).toBeNull();
  expect(api.leadRequests()).toHaveLength(1);
});

test('queue: "N waiting to be sent" with "Retry now"; needs attention: Edit fixes the fields within the contract’s limits and resends, Discard removes', async ({
  context,
  extensionId,
  api,
  serviceWorker,
}) => {
  await connectKey(context, extensionId);
  api.failNext(1, { kind: 'status', status: 422, body: REFUSAL });
  // The page's button never shows the server's words (issue 11); the popup does, below.
  await captureProfile(context, 'fix-me', 'Rejected by Metrikia');
  api.failNext(1, { kind: 'status', status: 422, body: REFUSAL });
  await captureProfile(context, 'drop-me', /^Rejected by Metrikia/);
  api.failNext(1, { kind: 'status', status: 503 });
  await captureProfile(context, 'retry-me', 'Queued');

  const popup = await openPopup(context, extensionId);
  await expect(popup.locator('#waiting-text')).toHaveText('1 waiting to be sent');
  await retryNow(popup);
  await expect(popup.locator('#waiting-text')).toHaveText('Nothing waiting.');
  await expect(popup.getByRole('button', { name: 'Retry now' })).toBeHidden();
  expect((await api.waitForLeads(1)).map((lead) => lead.payload.profileUrl)).toEqual([profileUrl('retry-me')]);

  const attention = popup.getByRole('region', { name: 'Needs attention' });
  const items = attention.getByRole('listitem');
  await expect(items).toHaveCount(2);
  await expect(items.first()).toContainText('Jane Doe');
  await expect(items.first()).toContainText('Rejected by Metrikia: The first name looks like a company name.');

  await items.first().getByRole('button', { name: 'Edit Jane Doe' }).click();
  const first = items.first().getByLabel('First name');
  const last = items.first().getByLabel('Last name');
  const title = items.first().getByLabel('Job title');
  await expect(first).toBeFocused();
  await expect(first).toHaveValue('Jane');
  await expect(last).toHaveValue('Doe');
  await expect(title).toHaveValue('Head of Growth');
  // The contract's limits: 100, 100 and 200 characters.
  await expect(first).toHaveAttribute('maxlength', '100');
  await expect(last).toHaveAttribute('maxlength', '100');
  await expect(title).toHaveAttribute('maxlength', '200');
  await first.fill('x'.repeat(150));
  await expect(first).toHaveValue('x'.repeat(100));

  // A first name is required: refused here, nothing sent.
  await first.fill('   ');
  await items.first().getByRole('button', { name: 'Save and send' }).click();
  await expect(items.first().getByRole('alert')).toHaveText(
    'Check the fields: a first name is required, and each field has a maximum length.',
  );
  await expect(first).toHaveAttribute('aria-invalid', 'true');
  const postsBefore = api.leadRequests().length;

  const refusedKey = api.leadRequests().find((post) => (post.json as { profileUrl?: string }).profileUrl === profileUrl('fix-me'))
    ?.headers['idempotency-key'];
  await first.fill('Janet');
  await last.fill('Doe-Smith');
  await title.fill('VP Growth');
  await title.press('Enter');
  const leads = await api.waitForLeads(2);
  const fixed = leads.find((lead) => lead.payload.profileUrl === profileUrl('fix-me'));
  expect(fixed?.payload).toMatchObject({ firstName: 'Janet', lastName: 'Doe-Smith', jobTitle: 'VP Growth' });
  expect(api.leadRequests()).toHaveLength(postsBefore + 1);
  expect(fixed?.idempotencyKey).not.toBe(refusedKey);
  await expect(items).toHaveCount(1);

  await items.first().getByRole('button', { name: 'Discard Jane Doe' }).click();
  await expect(attention).toBeHidden();
  expect(await readOutbox(serviceWorker)).toEqual([]);
  expect(api.leads().map((lead) => lead.payload.profileUrl).sort()).toEqual([profileUrl('fix-me'), profileUrl('retry-me')]);
});

/** Makes every capture in the outbox 8 days old, as if the browser had been closed since. */
function ageOutbox(serviceWorker: Worker): Promise<number> {
  return serviceWorker.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('metrikia-companion');
        open.onerror = () => reject(open.error ?? new Error('indexedDB.open failed'));
        open.onsuccess = () => {
          const db = open.result;
          const transaction = db.transaction('outbox', 'readwrite');
          const store = transaction.objectStore('outbox');
          let aged = 0;
          store.openCursor().onsuccess = (event) => {
            const cursor = (event.target as IDBRequest<IDBCursorWithValue | null>).result;
            if (!cursor) return;
            const item = cursor.value as { createdAt: number };
            cursor.update({ ...item, createdAt: item.createdAt - 8 * 24 * 60 * 60_000 });
            aged += 1;
            cursor.continue();
          };
          transaction.oncomplete = () => {
            db.close();
            resolve(aged);
          };
          transaction.onerror = () => reject(transaction.error ?? new Error('update failed'));
        };
      }),
  );
}

test('captures removed unsent after 7 days show as a count, in the popup’s language', async ({
  context,
  extensionId,
  api,
  serviceWorker,
}) => {
  await connectKey(context, extensionId);
  api.failNext(1, { kind: 'status', status: 503 });
  await captureProfile(context, 'too-old', 'Queued');
  api.failNext(1, { kind: 'status', status: 503 });
  await captureProfile(context, 'also-too-old', 'Queued');
  expect(await ageOutbox(serviceWorker)).toBe(2);

  const popup = await openPopup(context, extensionId);
  await expect(popup.locator('#expired-text')).toBeHidden();
  await retryNow(popup);
  await expect(popup.locator('#expired-text')).toHaveText('2 captures were removed after 7 days without being sent.');
  await expect(popup.locator('#waiting-text')).toHaveText('Nothing waiting.');
  expect(await readOutbox(serviceWorker)).toEqual([]);
  expect(api.leadRequests()).toHaveLength(2);

  await setLanguage(serviceWorker, 'fr');
  await expect(popup.locator('#expired-text')).toHaveText('2 captures ont été supprimées après 7 jours sans envoi.');
});

test('"Enter details": a refused read offers the form prefilled with what was found; it checks the fields, survives storage changes, and captures what the rep typed', async ({
  context,
  extensionId,
  api,
  serviceWorker,
}) => {
  const options = await connectKey(context, extensionId);
  // Bob's profile in the 2026 layout, where the card names no one ("LinkedIn Member") and the
  // title is LinkedIn's own: no trustworthy name, so the read is refused with what it did find,
  // his current position. (A stale page prefills nothing: what it shows is someone else's.)
  const nameless = fixtureHtml('linkedin/new-layout.html')
    .replaceAll('nadia-okafor', 'bob-durand')
    .replaceAll('Nadia Okafor', 'LinkedIn Member')
    .replace(/<title>[^<]*<\/title>/, '<title>LinkedIn</title>');
  await servePage(context, 'https://www.linkedin.com/in/bob-durand/', nameless);
  const profile = await context.newPage();
  await profile.goto('https://www.linkedin.com/in/bob-durand/');

  const popup = await openActionPopup(serviceWorker, options, profile);
  await expect.poll(() => popup.text('#tab-capture-label')).toBe('Capture');
  await popup.click('#tab-capture');
  await expect.poll(() => popup.text('#tab-enter-details')).toBe('Enter details');
  expect(api.leadRequests()).toEqual([]);

  await popup.click('#tab-enter-details');
  await expect.poll(() => popup.focus()).toEqual({ id: 'details-first', caret: expect.any(Number) });
  // Prefilled with what the page showed: no name, the current position.
  expect(await popup.value('#details-first')).toBe('');
  expect(await popup.value('#details-title')).toBe('Senior Product Manager');
  expect(await popup.text('#details-capture')).toBe('Capture');

  // An empty first name is refused here, with the reason, and nothing is sent.
  await popup.type('#details-first', '   ');
  await popup.submit('#details-form');
  await expect.poll(() => popup.text('#details-first-error')).toBe('Enter a first name.');
  expect(await popup.focus()).toMatchObject({ id: 'details-first' });
  expect(api.leadRequests()).toEqual([]);

  await popup.type('#details-first', 'Bob');
  await popup.type('#details-last', 'Durand');
  await popup.type('#details-title', 'Head of Partnerships');
  await popup.mark('#details-form');
  // A storage change while the form is open redraws the popup, not the form.
  await serviceWorker.evaluate(() => chrome.storage.local.set({ redrawProbe: Date.now() }));
  // The popup redraws 250 ms after a storage.local change at most; give it two rounds.
  await options.waitForTimeout(600);
  expect(await popup.isMarked('#details-form')).toBe(true);
  expect(await popup.focus()).toEqual({ id: 'details-title', caret: 'Head of Partnerships'.length });
  expect(await popup.value('#details-first')).toBe('Bob');
  await serviceWorker.evaluate(() => chrome.storage.local.remove('redrawProbe'));

  await popup.submit('#details-form');
  const [lead] = await api.waitForLeads(1);
  expect(lead?.payload).toMatchObject({
    source: 'linkedin',
    profileUrl: 'https://www.linkedin.com/in/bob-durand',
    firstName: 'Bob',
    lastName: 'Durand',
    jobTitle: 'Head of Partnerships',
  });
  await expect.poll(() => popup.text('#tab-capture-label')).toBe('Captured');
});

test('Edit keeps what the rep is typing while the popup redraws: the same field, its value, caret and focus', async ({
  context,
  extensionId,
  api,
  serviceWorker,
}) => {
  await connectKey(context, extensionId);
  api.failNext(1, { kind: 'status', status: 422, body: REFUSAL });
  await captureProfile(context, 'typing-here', 'Rejected by Metrikia');

  const popup = await openPopup(context, extensionId);
  await expect(popup.locator('#waiting-text')).toHaveText('Nothing waiting.');
  const item = popup.getByRole('region', { name: 'Needs attention' }).getByRole('listitem');
  await item.getByRole('button', { name: 'Edit Jane Doe' }).click();
  const first = item.getByLabel('First name');
  await expect(first).toBeFocused();
  await first.press('End');
  await first.pressSequentially('t Smith');
  // The caret inside the word, with a selection, as a rep correcting a letter leaves it.
  await first.evaluate((input: HTMLInputElement) => {
    input.setSelectionRange(2, 5);
    (input as HTMLInputElement & { testMark?: boolean }).testMark = true;
  });

  // Meanwhile a capture from another tab goes through (the lead cache in storage.local changes:
  // the popup asks for its status again), then the rep switches the language to French in another
  // window and back (storage.sync changes twice: every label is redrawn): three redraws while the
  // rep types. (The worker keeps its delivery state in memory, so a hand-written deliveryState in
  // storage is not something the popup is drawn from.)
  await captureProfile(context, 'arrives-meanwhile', 'Captured');
  const setLanguage = (language: 'fr' | 'en') =>
    serviceWorker.evaluate(async (language) => {
      await chrome.storage.sync.set({ settings: { linkedin: true, instagram: true, language, placement: 'page' } });
    }, language);
  await setLanguage('fr');
  await expect(popup.locator('#waiting-text')).toHaveText('Rien en attente.');
  await setLanguage('en');
  await expect(popup.locator('#waiting-text')).toHaveText('Nothing waiting.');

  const after = await first.evaluate((input: HTMLInputElement) => ({
    sameNode: (input as HTMLInputElement & { testMark?: boolean }).testMark === true,
    value: input.value,
    selection: [input.selectionStart, input.selectionEnd],
    focused: document.activeElement === input,
  }));
  expect(after).toEqual({ sameNode: true, value: 'Janet Smith', selection: [2, 5], focused: true });

  // And what was typed is what is sent.
  await first.press('Enter');
  await expect.poll(() => api.leads().map((lead) => lead.payload.firstName)).toContain('Janet Smith');
});
