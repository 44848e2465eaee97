/**
 * Capture on both sites through the real extension, in-app navigation, and where the button must
 * not appear. Each capture test asserts what the API stand-in received.
 */
import { fixturePages, instagramSpaNavigation, readFixture, spaNavigation } from '../fixtures/pages.ts';
import { expect, openOptions, servePage, test } from '../support/extension.ts';
import { captureWidget, captureButton, connectKey, openProfile } from './pages/flows.ts';

const byFile = (file: string) => {
  const page = fixturePages.find((fixture) => fixture.file === file);
  if (!page) throw new Error(`no fixture ${file}`);
  return page;
};

/** One page per layout a rep meets (issue 14), and the Instagram header. */
const CAPTURED_LAYOUTS = [
  'linkedin/new-layout.html', // 2026 layout, English, Experience rendered
  'linkedin/new-layout-no-experience.html', // 2026 layout before Experience renders, emoji in the name, no head URL
  'linkedin/new-layout-grouped.html', // 2026 layout, grouped roles
  'linkedin/new-layout-polish.html', // 2026 layout, Polish UI
  'linkedin/hashed-layout.html', // 2025 hashed-class layout
  'linkedin/old-layout-viewer-code.html', // older layout whose <code> JSON names the signed-in viewer
  'linkedin/public-multiword-first-name.html', // public profile stating a two-word first name
  'linkedin/public-no-headline.html', // public profile without headline, hidden sign-in dialog
  'linkedin/public-ended-role-first.html', // public profile listing an ended role before the current one
  'instagram/profile.html',
  'instagram/reels-tab.html',
];

/** Pages that hold no capturable profile: the button says why, in the rep's words, and nothing is sent. */
const REFUSED_LAYOUTS: Array<[file: string, label: string]> = [
  ['linkedin/profile-not-found.html', 'Profile not found'],
  ['linkedin/authwall-sign-in.html', 'Sign in to capture'],
  ['linkedin/new-layout-stale.html', 'Could not read this profile'],
];

for (const file of CAPTURED_LAYOUTS) {
  test(`captures ${file} exactly as the scraper reads it`, async ({ context, extensionId, api }) => {
    const fixture = byFile(file);
    if (!fixture.expected.ok) throw new Error('fixture must be a readable profile');
    await connectKey(context, extensionId);
    const page = await openProfile(context, fixture.url, fixture.file);
    await captureButton(page).click();
    await captureButton(page).expectText('Captured');
    const [lead] = await api.waitForLeads(1);
    const source = fixture.url.includes('instagram.com') ? 'instagram' : 'linkedin';
    expect(lead?.payload).toEqual({ source, ...fixture.expected.lead, capturedAt: expect.any(String) });
    expect(api.leads()).toHaveLength(1);
  });
}

for (const [file, label] of REFUSED_LAYOUTS) {
  test(`refuses ${file}: the button says "${label}" and nothing is sent`, async ({ context, extensionId, api }) => {
    const fixture = byFile(file);
    if (fixture.expected.ok) throw new Error('fixture must be a refusal');
    await connectKey(context, extensionId);
    const page = await openProfile(context, fixture.url, fixture.file);
    await captureButton(page).expectText('Capture');
    await captureButton(page).click();
    await captureButton(page).expectText(label);
    expect(api.leadRequests()).toEqual([]);
  });
}

for (const navigation of [spaNavigation, instagramSpaNavigation]) {
  const site = new URL(navigation.startUrl).hostname;

  test(`${site}: after in-app navigation the capture is the new profile, never the previous one`, async ({
    context,
    extensionId,
    api,
  }) => {
    await connectKey(context, extensionId);
    await servePage(context, navigation.startUrl, readFixture(navigation.startFile), { spa: true });
    const page = await context.newPage();
    await page.goto(navigation.startUrl);
    await captureButton(page).expectText('Capture');
    await page.evaluate(navigation.script);
    await expect(page).toHaveURL(navigation.nextUrl);
    await captureButton(page).click();
    await captureButton(page).expectText('Captured');
    const [lead] = await api.waitForLeads(1);
    if (!navigation.expectedAfter.ok) throw new Error('expected a readable profile after navigation');
    expect(lead?.payload).toMatchObject({ ...navigation.expectedAfter.lead });
    expect(api.leads()).toHaveLength(1);
    expect(await captureWidget(page).count()).toBe(1);
  });

  test(`${site}: when only the address changed and the page still shows the previous profile, it refuses`, async ({
    context,
    extensionId,
    api,
  }) => {
    await connectKey(context, extensionId);
    await servePage(context, navigation.startUrl, readFixture(navigation.startFile), { spa: true });
    const page = await context.newPage();
    await page.goto(navigation.startUrl);
    await captureButton(page).expectText('Capture');
    // The SPA changed the address but has not re-rendered yet: every source still names A.
    await page.evaluate((path) => history.pushState({}, '', path), navigation.nextPath);
    await captureButton(page).click();
    await captureButton(page).expectText('Could not read this profile');
    expect(api.leadRequests()).toEqual([]);
  });
}

test('no button on pages that are not profiles', async ({ context }) => {
  for (const [url, file] of [
    ['https://www.linkedin.com/feed/', 'linkedin/feed.html'],
    ['https://www.instagram.com/p/C0ffee123/', 'instagram/post.html'],
  ] as const) {
    const page = await openProfile(context, url, file);
    await page.waitForLoadState('load');
    await page.waitForTimeout(500); // the button is inserted at idle time; give it the chance
    await captureWidget(page).expectCount(0);
  }
});

test('a platform turned off shows no button, and turning it off removes an open button at once', async ({
  context,
  extensionId,
}) => {
  await connectKey(context, extensionId);
  const linkedin = await openProfile(context, 'https://www.linkedin.com/in/jane-doe/', 'linkedin/old-layout.html');
  await captureButton(linkedin).expectText('Capture');

  const options = await openOptions(context, extensionId);
  await options.getByRole('checkbox', { name: 'LinkedIn' }).uncheck();
  await captureWidget(linkedin).expectCount(0);

  const again = await openProfile(context, 'https://www.linkedin.com/in/jane-doe/', 'linkedin/old-layout.html');
  await again.waitForTimeout(500);
  await captureWidget(again).expectCount(0);

  const instagram = await openProfile(context, 'https://www.instagram.com/camille.roux/', 'instagram/profile.html');
  await captureButton(instagram).expectText('Capture');
  await options.getByRole('checkbox', { name: 'LinkedIn' }).check();
  await captureButton(again).expectText('Capture');
});

test('a second visit to a captured profile is named Captured (never in its text), and Capture again sends a new capture', async ({
  context,
  extensionId,
  api,
}) => {
  await connectKey(context, extensionId);
  const first = await openProfile(context, 'https://www.linkedin.com/in/jane-doe/', 'linkedin/old-layout.html');
  await captureButton(first).click();
  await captureButton(first).expectText('Captured'); // the rep acted: the outcome shows
  await first.close();

  // Before the rep acts, the state is only in the button's accessible name and description (issue 21):
  // its text, and everything the widget shows, is what every profile shows.
  const second = await openProfile(context, 'https://www.linkedin.com/in/jane-doe/', 'linkedin/old-layout.html');
  const button = captureButton(second);
  await button.expectName('Captured');
  await expect.poll(async () => (await button.accessible()).description).toMatch(/^Captured on /);
  expect(await button.text()).toBe('Capture');
  expect(await captureWidget(second).text()).not.toMatch(/Captured|Capture again/);

  // The click offers Capture again (focused), and now says when it was captured.
  await button.click();
  const again = captureWidget(second).button('Capture again');
  await again.expectFocused();
  await captureWidget(second).status().expectText(/Captured on/);
  expect(api.leadRequests()).toHaveLength(1); // the click on a captured profile sends nothing by itself
  await second.keyboard.press('Enter');
  await expect.poll(() => api.leadRequests().length).toBe(2);
  expect(api.leadRequests().map((request) => request.response)).toEqual([201, 200]);
  const keys = api.leadRequests().map((request) => request.headers['idempotency-key']);
  expect(new Set(keys).size).toBe(2);
  expect(api.leads()).toHaveLength(1);
  // Metrikia had it (200): the page says so (issue 20), in text since the rep acted.
  await button.expectText('Already in Metrikia');
});

test('the button works with the keyboard alone', async ({ context, extensionId, api }) => {
  await connectKey(context, extensionId);
  const page = await openProfile(context, 'https://www.linkedin.com/in/jane-doe/', 'linkedin/old-layout.html');
  await captureButton(page).expectText('Capture');
  await captureButton(page).focus();
  await page.keyboard.press('Enter');
  await captureButton(page).expectText('Captured');
  await api.waitForLeads(1);
});
