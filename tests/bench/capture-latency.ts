/**
 * Capture latency: from the rep's click on the Capture button until the API stand-in has stored the
 * lead, and until the page's button shows Captured (what the rep feels, issue 22), over 50 captures
 * of 50 different profiles (the large page, one slug and name per capture).
 *
 * Start: the click's own timestamp (`performance.timeOrigin + event.timeStamp` of the trusted click,
 * seen by a capturing listener of the page's main world: the input event's time, before any of the
 * extension's code). End: the stand-in's `createdAt` for that lead (`Date.now()` when stored); and
 * the moment the button's text node becomes "Captured", seen over CDP (`DOM.childNodeInserted` in
 * the closed root, which CDP pierces; stamped on arrival, about a millisecond late). One wall clock,
 * one machine. The click path includes the second reading of the page SECOND_READING_MS after the
 * click (issue 21), by design.
 *
 * Baseline, interleaved one for one: the service worker itself POSTs the same kind of lead with
 * `fetch` to the same stand-in (`serviceWorker.evaluate`), from `Date.now()` before the fetch to the
 * stand-in's `createdAt`. Same TLS setup, same server, same connection policy (the stand-in closes
 * every connection), so the ratio is what the extension adds to the network's own cost.
 *
 * Run by node: no TS-only syntax.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_KEY, type ApiStandIn, type StoredLead } from '../support/api-stand-in.ts';
import { extensionIdOf, extensionServiceWorker, launchExtensionContext, servePage } from '../support/extension.ts';
import { captureButton, connectKey } from '../e2e/pages/flows.ts';
import type { LargePage } from './pages.ts';
import type { Page } from '@playwright/test';
import { median, quantile, recordNextTrustedClick, removeProfile, round, samples, sleep, trustedClickAt } from './lib.ts';

export interface LatencyFigure {
  captures: number;
  captureMs: { median: number; p95: number; all: number[] };
  /** Click → "Captured" drawn on the page's button. */
  shownMs: { median: number; p95: number; all: number[] };
  /** shownMs's median over the baseline's. */
  shownRatio: number;
  baselineMs: { median: number; p95: number; all: number[] };
  ratioMedian: number;
  ratioP95: number;
  /** Median time to the request's arrival at the stand-in (its headers), for either arm: what is spent before the POST. */
  toRequestMs: { capture: number; baseline: number };
  /**
   * Where a capture's time goes, medians: click → the worker has the message (page: scrape,
   * messaging); → the worker calls fetch (storage, outbox, drain); → the request reaches the
   * stand-in (connection, TLS); → the lead is stored.
   */
  breakdownMs: { page: number; worker: number; network: number; server: number };
}

const CAPTURES = samples(50, 5);

/** When the POST that created `lead` reached the stand-in (its headers, before the body). */
function requestArrival(api: ApiStandIn, lead: StoredLead): number {
  const request = api.leadRequests().find((candidate) => candidate.headers['idempotency-key'] === lead.idempotencyKey);
  return request?.receivedAt ?? Number.NaN;
}

async function leadFor(api: ApiStandIn, profileUrl: string, timeoutMs = 15_000): Promise<StoredLead> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lead = api.leads().find((candidate) => candidate.payload.profileUrl === profileUrl);
    if (lead) return lead;
    if (Date.now() > deadline) throw new Error(`No lead for ${profileUrl} within ${timeoutMs} ms`);
    await sleep(2);
  }
}

/**
 * When our button's text next becomes `label`, in wall-clock ms: CDP reports every text node
 * inserted in the document, closed shadow roots included, once it has sent the tree (`pierce`).
 */
async function whenShown(tab: Page, label: string): Promise<() => Promise<number>> {
  const cdp = await tab.context().newCDPSession(tab);
  let shownAt = Number.NaN;
  cdp.on('DOM.childNodeInserted', ({ node }: { node: { nodeType: number; nodeValue?: string } }) => {
    if (Number.isNaN(shownAt) && node.nodeType === 3 && node.nodeValue === label) shownAt = Date.now();
  });
  await cdp.send('DOM.enable');
  await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  return async () => {
    const deadline = Date.now() + 15_000;
    while (Number.isNaN(shownAt) && Date.now() < deadline) await sleep(2);
    await cdp.detach();
    return shownAt;
  };
}

/** What the probes added to the worker record (see `probeWorker`). */
interface WorkerProbes {
  __benchMessageAt?: number;
  __benchFetchAt?: number;
  __benchProbed?: boolean;
}

/**
 * Timestamps in the worker, for the breakdown: one more runtime.onMessage listener (it answers
 * nothing, so the product's answer is untouched) and a wrapper around fetch (the product's client
 * looks fetch up at call time). Both cost microseconds, and the baseline's fetch goes through the
 * same wrapper.
 */
function probeWorker(): void {
  const probes = globalThis as WorkerProbes;
  if (probes.__benchProbed) return;
  probes.__benchProbed = true;
  chrome.runtime.onMessage.addListener((message: unknown) => {
    if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'capture') {
      probes.__benchMessageAt = performance.timeOrigin + performance.now();
    }
    return undefined;
  });
  const original = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    probes.__benchFetchAt = performance.timeOrigin + performance.now();
    return original(input, init);
  };
}

/** The `chrome` APIs the probe uses in the worker (the project ships no `chrome` types). */
declare const chrome: { runtime: { onMessage: { addListener(listener: (message: unknown) => undefined): void } } };

export async function benchCaptureLatency(page: LargePage, api: ApiStandIn, extensionPath: string): Promise<LatencyFigure> {
  const dir = await mkdtemp(join(tmpdir(), 'metrikia-bench-capture-'));
  const context = await launchExtensionContext(dir, api.port, { extensionPath });
  try {
    const worker = await extensionServiceWorker(context);
    const options = await connectKey(context, extensionIdOf(worker));
    await options.close();
    api.reset();
    await worker.evaluate(probeWorker);
    const capture: number[] = [];
    const shown: number[] = [];
    const baseline: number[] = [];
    const captureToRequest: number[] = [];
    const breakdown = { page: [] as number[], worker: [] as number[], network: [] as number[], server: [] as number[] };
    const baselineToRequest: number[] = [];

    for (let index = 0; index < CAPTURES; index += 1) {
      // The extension: a fresh profile page, its button ready, one click.
      // A tab of its own per capture: the worker accepts at most 10 captures a minute from a tab.
      const variant = page.variant(index);
      await servePage(context, variant.url, variant.html);
      const tab = await context.newPage();
      await tab.goto(variant.url, { waitUntil: 'load' });
      const button = captureButton(tab);
      await button.waitFor({ state: 'visible' });
      // Let the page settle (the button's status request, idle work) as a rep's page would be.
      await sleep(300);
      await recordNextTrustedClick(tab);
      const shownAt = await whenShown(tab, 'Captured');
      await button.click();
      const lead = await leadFor(api, variant.profileUrl);
      const clickAt = await trustedClickAt(tab);
      capture.push(lead.createdAt - clickAt);
      shown.push((await shownAt()) - clickAt);
      const arrival = requestArrival(api, lead);
      captureToRequest.push(arrival - clickAt);
      const probes = await worker.evaluate(() => {
        const { __benchMessageAt, __benchFetchAt } = globalThis as WorkerProbes;
        return { messageAt: __benchMessageAt ?? Number.NaN, fetchAt: __benchFetchAt ?? Number.NaN };
      });
      breakdown.page.push(probes.messageAt - clickAt);
      breakdown.worker.push(probes.fetchAt - probes.messageAt);
      breakdown.network.push(arrival - probes.fetchAt);
      breakdown.server.push(lead.createdAt - arrival);
      await tab.close();

      // The baseline: the same worker, one plain POST.
      const profileUrl = `https://www.linkedin.com/in/bench-baseline-${index}`;
      const sentAt = await worker.evaluate(
        async ({ key, profileUrl: url }) => {
          const started = Date.now();
          const response = await fetch('https://api.metrikia.io/v1/leads', {
            method: 'POST',
            headers: {
              authorization: `Bearer ${key}`,
              'content-type': 'application/json',
              'idempotency-key': crypto.randomUUID(),
            },
            body: JSON.stringify({
              source: 'linkedin',
              profileUrl: url,
              firstName: 'Bench',
              lastName: 'Baseline',
              jobTitle: 'Vice President, Revenue Operations',
              capturedAt: new Date().toISOString(),
            }),
          });
          await response.text();
          return started;
        },
        { key: DEMO_KEY, profileUrl },
      );
      const baselineLead = await leadFor(api, profileUrl);
      baseline.push(baselineLead.createdAt - sentAt);
      baselineToRequest.push(requestArrival(api, baselineLead) - sentAt);
    }
    const captureMedian = median(capture);
    const baselineMedian = median(baseline);
    return {
      captures: CAPTURES,
      captureMs: { median: round(captureMedian, 1), p95: round(quantile(capture, 0.95), 1), all: capture.map((ms) => round(ms, 1)) },
      shownMs: { median: round(median(shown), 1), p95: round(quantile(shown, 0.95), 1), all: shown.map((ms) => round(ms, 1)) },
      shownRatio: round(median(shown) / baselineMedian),
      baselineMs: { median: round(baselineMedian, 1), p95: round(quantile(baseline, 0.95), 1), all: baseline.map((ms) => round(ms, 1)) },
      ratioMedian: round(captureMedian / baselineMedian),
      ratioP95: round(quantile(capture, 0.95) / quantile(baseline, 0.95)),
      toRequestMs: { capture: round(median(captureToRequest), 1), baseline: round(median(baselineToRequest), 1) },
      breakdownMs: {
        page: round(median(breakdown.page), 1),
        worker: round(median(breakdown.worker), 1),
        network: round(median(breakdown.network), 1),
        server: round(median(breakdown.server), 1),
      },
    };
  } finally {
    await context.close();
    await removeProfile(dir);
  }
}
