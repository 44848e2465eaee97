/**
 * Every request of a full session (issue 7, privacy policy §9.4 "sent exclusively to the Metrikia
 * API"): connect a key, capture on LinkedIn and on Instagram, a capture that fails and is retried,
 * the popup and the options page. Three independent records:
 * 1. Playwright's request events for the whole browser: the worker's fetches (marked with their
 *    service worker), the extension pages' requests, and the pages' own traffic;
 * 2. the API stand-in's log of what reached api.metrikia.io;
 * 3. Chromium's own net log (--log-net-log), below every API: each URL request and each host
 *    name looked up, whoever asked.
 * The fixture pages are served by route at their real address; their documents are page traffic,
 * counted apart. The claim: the extension's contexts contact https://api.metrikia.io and nothing
 * else, and the pages make no request but their own document (so no content script fetched
 * anything either).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Request } from '@playwright/test';
import { DEMO_KEY } from '../support/api-stand-in.ts';
import {
  expect,
  extensionIdOf,
  extensionServiceWorker,
  launchExtensionContext,
  openOptions,
  openPopup,
  servePage,
  test,
} from '../support/extension.ts';
import { contentScriptWorld } from '../fixtures/hostile/browser.ts';
import { captureButton, fixtureHtml } from './pages/flows.ts';

const LINKEDIN = 'https://www.linkedin.com/in/jane-doe/';
const LINKEDIN_2 = 'https://www.linkedin.com/in/marc-lefebvre-3b8a1f/';
const INSTAGRAM = 'https://www.instagram.com/camille.roux/';

interface Seen {
  url: string;
  /** Who made it: the service worker, an extension page, or a site page. */
  by: 'worker' | 'extension page' | 'site page';
  resourceType: string;
}

function classify(request: Request): Seen {
  const frameUrl = request.serviceWorker() ? null : safeFrameUrl(request);
  const by = request.serviceWorker()
    ? 'worker'
    : frameUrl?.startsWith('chrome-extension://') || request.url().startsWith('chrome-extension://')
      ? 'extension page'
      : 'site page';
  return { url: request.url(), by, resourceType: request.resourceType() };
}

function safeFrameUrl(request: Request): string | null {
  try {
    return request.frame().url();
  } catch {
    return null;
  }
}

interface NetLogRequest {
  url: string;
  /** The origin that asked: ours, a page's, or "not an origin" for the browser's own services. */
  initiator: string;
}

/** Every URL request Chromium's network stack started, with who initiated it. */
async function netLogRequests(path: string): Promise<NetLogRequest[]> {
  const log = JSON.parse(await readFile(path, 'utf8')) as {
    constants: { logEventTypes: Record<string, number> };
    events: Array<{ type: number; params?: { url?: string; initiator?: string } }>;
  };
  const startJob = log.constants.logEventTypes['URL_REQUEST_START_JOB'];
  return log.events
    .filter((event) => event.type === startJob && event.params?.url)
    .map((event) => ({ url: event.params?.url ?? '', initiator: event.params?.initiator ?? '(none)' }));
}

test('a full session contacts api.metrikia.io and nothing else', async ({ userDataDir, api }) => {
  test.setTimeout(60_000);
  const netLog = join(userDataDir, 'net-log.json');
  const context = await launchExtensionContext(userDataDir, api.port, { args: [`--log-net-log=${netLog}`] });
  const seen: Seen[] = [];
  context.on('request', (request) => seen.push(classify(request)));
  const extensionId = extensionIdOf(await extensionServiceWorker(context));
  try {
    await servePage(context, LINKEDIN, fixtureHtml('linkedin/old-layout.html'));
    await servePage(context, LINKEDIN_2, fixtureHtml('linkedin/hashed-layout.html'));
    await servePage(context, INSTAGRAM, fixtureHtml('instagram/profile.html'));

    // Connect.
    const options = await openOptions(context, extensionId);
    await options.getByLabel('API key', { exact: true }).fill(DEMO_KEY);
    await options.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(options.getByText('Connected to Acme as rep@acme.io')).toBeVisible();

    // Capture on both sites.
    for (const url of [LINKEDIN, INSTAGRAM]) {
      const page = await context.newPage();
      await page.goto(url);
      await captureButton(page).click();
      await captureButton(page).expectText('Captured');
    }

    // A capture the server fails, retried from the popup.
    api.failNext(1, { kind: 'status', status: 503 });
    const third = await context.newPage();
    await third.goto(LINKEDIN_2);
    await captureButton(third).click();
    await captureButton(third).expectText('Queued');
    const popup = await openPopup(context, extensionId);
    await popup.getByRole('button', { name: 'Retry now' }).click();
    await expect(popup.getByText('Nothing waiting.')).toBeVisible();
    await api.waitForLeads(3);
    await options.reload();
    await expect(options.getByText('Connected to Acme as rep@acme.io')).toBeVisible();
    await popup.close();
  } finally {
    await context.close(); // flushes the net log
  }

  // 1. Playwright's record. The extension's own traffic: its resources and the API, nothing else.
  const extensionTraffic = seen.filter((request) => request.by !== 'site page');
  const remote = extensionTraffic.filter((request) => !request.url.startsWith('chrome-extension://'));
  expect(new Set(remote.map((request) => new URL(request.url).origin))).toEqual(new Set(['https://api.metrikia.io']));
  expect(remote.every((request) => request.by === 'worker')).toBe(true);
  expect(remote.map((request) => `${new URL(request.url).pathname}`).sort()).toEqual(
    ['/v1/me', '/v1/leads', '/v1/leads', '/v1/leads', '/v1/leads'].sort(),
  );
  // The pages' traffic: the three documents, navigated by the test; nothing else.
  const siteTraffic = seen.filter((request) => request.by === 'site page');
  expect(siteTraffic.map((request) => `${request.resourceType} ${request.url}`).sort()).toEqual(
    [LINKEDIN, INSTAGRAM, LINKEDIN_2].map((url) => `document ${url}`).sort(),
  );

  // 2. The stand-in's log: every request arrived for api.metrikia.io, over TLS, with the key.
  expect(api.requests.map((request) => `${request.method} ${request.path} ${String(request.response)}`)).toEqual([
    'GET /v1/me 200',
    'POST /v1/leads 201',
    'POST /v1/leads 201',
    'POST /v1/leads 503',
    'POST /v1/leads 201',
  ]);
  expect(new Set(api.requests.map((request) => request.headers['host']))).toEqual(new Set(['api.metrikia.io']));

  // 3. Chromium's net log, below every API: each request the network stack started. Ours go to the
  // API only; the pages (and so our content scripts, which fetch as the page) started none; the
  // rest is Chromium's own services (sign-in, updates, autofill), initiated by no origin.
  const extensionOrigin = `chrome-extension://${extensionId}`;
  const started = await netLogRequests(netLog);
  const ours = started.filter((request) => request.initiator === extensionOrigin);
  expect(new Set(ours.map((request) => new URL(request.url).origin))).toEqual(new Set(['https://api.metrikia.io']));
  expect(ours).toHaveLength(5);
  expect(started.filter((request) => /^https:\/\/www\.(linkedin|instagram)\.com$/.test(request.initiator))).toEqual([]);
  const others = started.filter((request) => request.initiator !== extensionOrigin);
  expect(others.every((request) => request.initiator === 'not an origin')).toBe(true);
});

test('control: a request from our content script’s world or the worker to another host would be seen by both records', async ({ userDataDir, api }) => {
  const netLog = join(userDataDir, 'net-log.json');
  const context = await launchExtensionContext(userDataDir, api.port, { args: [`--log-net-log=${netLog}`] });
  const seen: Seen[] = [];
  context.on('request', (request) => seen.push(classify(request)));
  const serviceWorker = await extensionServiceWorker(context);
  const extensionId = extensionIdOf(serviceWorker);
  try {
    await servePage(context, LINKEDIN, fixtureHtml('linkedin/old-layout.html'));
    const page = await context.newPage();
    await page.goto(LINKEDIN);
    await captureButton(page).expectVisible();
    // What the product never does: a fetch to a third party from each of its contexts.
    const world = await contentScriptWorld(page, extensionId);
    await world.evaluate("fetch('https://tracker.example/cs').catch(() => 'blocked')");
    await world.detach();
    await serviceWorker.evaluate(() => fetch('https://tracker.example/sw').catch(() => 'blocked'));
  } finally {
    await context.close();
  }
  expect(seen.filter((request) => request.url.startsWith('https://tracker.example/')).map((request) => `${request.by} ${request.url}`).sort()).toEqual([
    'site page https://tracker.example/cs',
    'worker https://tracker.example/sw',
  ]);
  const started = await netLogRequests(netLog);
  expect(started.filter((request) => request.url.startsWith('https://tracker.example/')).map((request) => `${request.initiator} ${request.url}`).sort()).toEqual([
    `chrome-extension://${extensionId} https://tracker.example/sw`,
    'https://www.linkedin.com https://tracker.example/cs',
  ]);
});
