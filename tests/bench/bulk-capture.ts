/**
 * Bulk capture (issue 13): one click on a page of 10 people search results until the API stand-in
 * has stored all 10 leads, against 10 single captures of the same kind of people from their
 * profiles (each click → its lead stored, summed: the extension's time, not the rep's between
 * pages). Both in the built extension, in one browser, interleaved round by round, with new people
 * each round so that none is in the lead cache.
 *
 * Start: the trusted click's own timestamp, seen by a capturing listener of the page's main world.
 * End: the stand-in's `createdAt` of the last lead stored.
 *
 * Run by node: no TS-only syntax.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiStandIn, StoredLead } from '../support/api-stand-in.ts';
import { extensionIdOf, extensionServiceWorker, launchExtensionContext, servePage } from '../support/extension.ts';
import { captureButton, captureWidget, connectKey, fixtureHtml } from '../e2e/pages/flows.ts';
import { median, recordNextTrustedClick, removeProfile, round, samples, sleep, trustedClickAt } from './lib.ts';

export interface BulkFigure {
  rounds: number;
  people: number;
  /** One bulk click → all `people` leads stored. */
  bulkMs: { median: number; all: number[] };
  /** `people` single captures, each click → its lead stored, summed per round. */
  singlesMs: { median: number; all: number[] };
  /** singles / bulk, medians. */
  ratio: number;
  /** Leads stored per round against the people sent: anything else is a lost or duplicated lead. */
  leadsAsExpected: boolean;
}

const ROUNDS = samples(5, 1);
const PEOPLE = 10;
const PROFILE_FIXTURE = fixtureHtml('linkedin/old-layout.html');

const slugOf = (pass: number, person: number, kind: string) => `bench-${kind}-r${pass}-p${person}`;

/** A people search page in the 2026 layout (tests/fixtures/linkedin/search-new-layout.html's structure) with `PEOPLE` results. */
function searchPage(pass: number): string {
  const items = Array.from({ length: PEOPLE }, (_, person) => {
    const slug = slugOf(pass, person, 'bulk');
    const name = `Bench Person${person}`;
    return `<div role="listitem"><div><a href="https://www.linkedin.com/in/${slug}/"><figure><img alt="${name}" width="72" height="72" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></figure></a>
      <div><p><a href="https://www.linkedin.com/in/${slug}/">${name}</a><span> • 2nd</span></p><p>Vice President, Revenue Operations</p><p>Paris, France</p></div>
      <div><button type="button">Connect</button></div></div></div>`;
  });
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Search | LinkedIn</title></head><body>
    <div data-sdui-screen="com.linkedin.sdui.flagshipnav.search.SearchResultsPeople"><main><div role="list">${items.join('')}</div></main></div></body></html>`;
}

async function leadsFor(api: ApiStandIn, profileUrls: string[], timeoutMs = 30_000): Promise<StoredLead[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const leads = api.leads().filter((lead) => profileUrls.includes(lead.payload.profileUrl));
    if (leads.length >= profileUrls.length) return leads;
    if (Date.now() > deadline) throw new Error(`${leads.length} of ${profileUrls.length} leads within ${timeoutMs} ms`);
    await sleep(2);
  }
}

export async function benchBulkCapture(api: ApiStandIn, extensionPath: string): Promise<BulkFigure> {
  const dir = await mkdtemp(join(tmpdir(), 'metrikia-bench-bulk-'));
  const context = await launchExtensionContext(dir, api.port, { extensionPath });
  try {
    const worker = await extensionServiceWorker(context);
    const options = await connectKey(context, extensionIdOf(worker));
    await options.close();
    api.reset();
    const bulk: number[] = [];
    const singles: number[] = [];
    let leadsAsExpected = true;

    for (let pass = 0; pass < ROUNDS; pass += 1) {
      // One bulk click.
      const url = `https://www.linkedin.com/search/results/people/?keywords=bench&page=${pass + 1}`;
      await servePage(context, url, searchPage(pass));
      const tab = await context.newPage();
      await tab.goto(url, { waitUntil: 'load' });
      await captureButton(tab).waitFor({ state: 'visible' });
      await sleep(300);
      await recordNextTrustedClick(tab);
      await captureButton(tab).click();
      const bulkUrls = Array.from({ length: PEOPLE }, (_, person) => `https://www.linkedin.com/in/${slugOf(pass, person, 'bulk')}`);
      const bulkLeads = await leadsFor(api, bulkUrls);
      bulk.push(Math.max(...bulkLeads.map((lead) => lead.createdAt)) - (await trustedClickAt(tab)));
      await captureWidget(tab).status().expectText(`${PEOPLE} captured`);
      await tab.close();

      // The same number of single captures, each from its profile, in a tab of its own.
      let total = 0;
      for (let person = 0; person < PEOPLE; person += 1) {
        const slug = slugOf(pass, person, 'single');
        const profileUrl = `https://www.linkedin.com/in/${slug}`;
        await servePage(context, `${profileUrl}/`, PROFILE_FIXTURE.replaceAll('/in/jane-doe/', `/in/${slug}/`));
        const single = await context.newPage();
        await single.goto(`${profileUrl}/`, { waitUntil: 'load' });
        await captureButton(single).waitFor({ state: 'visible' });
        await sleep(300);
        await recordNextTrustedClick(single);
        await captureButton(single).click();
        const [lead] = await leadsFor(api, [profileUrl]);
        total += (lead?.createdAt ?? Number.NaN) - (await trustedClickAt(single));
        await single.close();
      }
      singles.push(total);
      const expected = (pass + 1) * PEOPLE * 2;
      if (api.leads().length !== expected || api.leads().some((lead) => lead.deliveries !== 1)) leadsAsExpected = false;
    }
    return {
      rounds: ROUNDS,
      people: PEOPLE,
      bulkMs: { median: round(median(bulk), 1), all: bulk.map((ms) => round(ms, 1)) },
      singlesMs: { median: round(median(singles), 1), all: singles.map((ms) => round(ms, 1)) },
      ratio: round(median(singles) / median(bulk)),
      leadsAsExpected,
    };
  } finally {
    await context.close();
    await removeProfile(dir);
  }
}
