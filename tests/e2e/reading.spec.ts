/**
 * Issue 19 (read LinkedIn the way a person does) and issue 21 (read only what a person can see) in
 * the built extension: each page built for them (tests/fixtures/pages.ts, search-pages.ts), served at
 * its LinkedIn address in Chromium, captured with a real click on the page's own button, and the API
 * stand-in receives exactly the expected lead (or, on a search page, exactly its people). One browser
 * for all of them, one page after another; the last test checks that nothing else was ever sent.
 *
 * The click goes through the page objects (tests/e2e/pages/flows.ts); what is asserted is what the
 * stand-in received, never what the button says.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from '@playwright/test';
import { leadPayloadSchema, type LeadPayload } from '../../lib/shared/contract.ts';
import { layoutSearchFixtures } from '../fixtures/search-pages.ts';
import { linkedinPages } from '../fixtures/pages.ts';
import { startApiStandIn, type ApiStandIn } from '../support/api-stand-in.ts';
import { expect, extensionIdOf, extensionServiceWorker, launchExtensionContext, servePage, test } from '../support/extension.ts';
import { captureButton, connectKey, fixtureHtml } from './pages/flows.ts';

/** The profile pages built for issues 19 and 21, each read right in Chromium as by the unit tests. */
const PROFILES = [
  'linkedin/aug-2026-layout.html',
  'linkedin/family-name-first-hu.html',
  'linkedin/family-name-first-ja.html',
  'linkedin/family-name-first-ko.html',
  'linkedin/two-word-given-name-de.html',
  'linkedin/public-es-current-position.html',
  'linkedin/public-de-no-headline.html',
  'linkedin/experience-sv.html',
  'linkedin/grouped-roles-pt.html',
  'linkedin/ended-roles-it.html',
  'linkedin/invisible-text-in-name.html',
].map((file) => {
  const page = linkedinPages.find((entry) => entry.file === file);
  if (page === undefined || !page.expected.ok) throw new Error(`${file}: no expected lead in tests/fixtures/pages.ts`);
  return { file, url: page.url, lead: page.expected.lead };
});

let api: ApiStandIn;
let userDataDir: string;
let context: BrowserContext;
/** Every lead the pages above must send, in the order they are captured. */
const expectedLeads: Array<Omit<LeadPayload, 'capturedAt'>> = [];

test.beforeAll(async () => {
  api = await startApiStandIn();
  userDataDir = await mkdtemp(join(tmpdir(), 'metrikia-reading-'));
  context = await launchExtensionContext(userDataDir, api.port);
  const extensionId = extensionIdOf(await extensionServiceWorker(context));
  await (await connectKey(context, extensionId)).close();
});

test.afterAll(async () => {
  await context?.close();
  await api?.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
});

/** The leads the stand-in holds for these profile URLs, once each has arrived. */
async function leadsFor(profileUrls: string[]): Promise<LeadPayload[]> {
  await api.waitForRequests((request) => request.method === 'POST' && request.path === '/v1/leads' && profileUrls.includes((request.json as { profileUrl?: string })?.profileUrl ?? ''), profileUrls.length, 15_000);
  return api
    .leadRequests()
    .map((request) => leadPayloadSchema.parse(request.json))
    .filter((payload) => profileUrls.includes(payload.profileUrl));
}

for (const profile of PROFILES) {
  test(`${profile.file}: one click sends ${profile.lead.firstName} / ${profile.lead.lastName} / ${profile.lead.jobTitle ?? 'no title'}`, async () => {
    await servePage(context, profile.url, fixtureHtml(profile.file));
    const page = await context.newPage();
    await page.goto(profile.url);
    await captureButton(page).click();
    expect(await leadsFor([profile.lead.profileUrl])).toEqual([{ source: 'linkedin', ...profile.lead, capturedAt: expect.any(String) }]);
    expectedLeads.push({ source: 'linkedin', ...profile.lead });
    await page.close();
  });
}

for (const fixture of layoutSearchFixtures) {
  test(`${fixture.file}: one click sends exactly its ${fixture.people.length} people`, async () => {
    await servePage(context, fixture.url, fixtureHtml(fixture.file));
    const page = await context.newPage();
    await page.goto(fixture.url);
    await captureButton(page).click();
    const profileUrls = fixture.people.map((person) => person.profileUrl);
    const byUrl = (a: { profileUrl: string }, b: { profileUrl: string }) => a.profileUrl.localeCompare(b.profileUrl);
    // Sent several at a time: compared by profile URL, not in arrival order.
    expect((await leadsFor(profileUrls)).sort(byUrl)).toEqual(
      fixture.people.map((person) => ({ source: 'linkedin', ...person, capturedAt: expect.any(String) })).sort(byUrl),
    );
    expectedLeads.push(...fixture.people.map((person) => ({ source: 'linkedin' as const, ...person })));
    await page.close();
  });
}

test('nothing else was ever sent: no other person, no lead twice', () => {
  const sent = api.leadRequests().map((request) => {
    const { capturedAt: _capturedAt, ...lead } = leadPayloadSchema.parse(request.json);
    return lead;
  });
  const byUrl = (a: { profileUrl: string }, b: { profileUrl: string }) => a.profileUrl.localeCompare(b.profileUrl);
  expect(sent.sort(byUrl)).toEqual([...expectedLeads].sort(byUrl));
});
