/**
 * Drain: 1,000 captures queued while offline, from the rep's click on "Retry now" in the popup until
 * the API stand-in has all of them; then the same with a 429 (Retry-After: 1) on every 100th
 * request. Also the service worker's JS heap after start-up and after the first drain.
 *
 * How the queue is filled, fast and through the product's own code: lib/worker/outbox.ts,
 * lib/worker/retry-policy.ts and lib/worker/scheduler.ts are bundled as they are and run inside the
 * extension's service worker (`serviceWorker.evaluate`). `createOutbox().addMany()` writes the
 * captures to the extension's own IndexedDB store in one transaction, exactly as a bulk capture does
 * before its first sends; then each record's failed offline attempt is written as
 * lib/worker/delivery.ts writes it: `decide()` on a network failure gives the backoff and lastError,
 * `effectOf()` the record it leaves (attempts = 1, nextAttemptAt, lastError), `outbox.apply()`
 * writes them all in one transaction. The queue is then what 1,000 offline clicks leave behind (each
 * waiting out its 24–36 s backoff), without 1,000 page loads, and without the offline drain, which
 * takes as long as the online one (measured: 31 s for 1,000) and is not what a rep waits for.
 * "Retry now" (popup) then makes them all due and drains: that is what is timed.

 * Start: the click's timestamp in the popup. End: the stand-in's `createdAt` of the last lead.
 * Checked after each drain: every capture arrived once (no loss), no profile was created twice
 * and no request was replayed (no duplicate), and the outbox is empty.
 *
 * Baseline, same worker, same stand-in: 1,000 plain sequential `fetch` POSTs (honouring
 * Retry-After in the 429 run), from `Date.now()` before the first to the last lead's `createdAt`.
 *
 * Heap: V8's used heap of the service worker after two full garbage collections (CDP
 * HeapProfiler.collectGarbage + Runtime.getHeapUsage on the worker's own target, reached through
 * Chromium's remote-debugging port: Playwright gives no CDP session for a worker).
 *
 * Run by node: no TS-only syntax.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { DEMO_KEY, startApiStandIn, type ApiStandIn } from '../support/api-stand-in.ts';
import { extensionIdOf, extensionServiceWorker, launchExtensionContext, openPopup } from '../support/extension.ts';
import { connectKey } from '../e2e/pages/flows.ts';
import { bundleIife, projectFile, RawCdp, removeProfile, round, samples, sleep } from './lib.ts';

export interface DrainRun {
  label: string;
  captures: number;
  /** Queuing them with the product's outbox.addMany and apply (not a user-visible figure). */
  enqueueMs: number;
  drainMs: number;
  baselineMs: number;
  ratio: number;
  delivered: number;
  lost: number;
  /** Profiles the stand-in received as new deliveries more than once, beyond the first. */
  duplicateDeliveries: number;
  /** Requests answered from the idempotency store (a capture sent again after a success). */
  replayedRequests: number;
  rateLimited: number;
  /** For each 429, the longest gap between lead requests until the next 429 (Retry-After asks for 1,000 ms). */
  pauseAfter429Ms: number[];
  leftInOutbox: number;
}

export interface DrainFigure {
  runs: DrainRun[];
  heap: { afterStartBytes: number; afterDrainBytes: number; growthBytes: number; afterSecondDrainBytes: number };
}

const CAPTURES = samples(1000, 100);
const RATE_LIMIT_EVERY = samples(100, 25);
const DRAIN_TIMEOUT_MS = 240_000;

/** The product's outbox in the worker, as the bundle below leaves it. */
interface BenchWorkerGlobal {
  __benchOutbox: { read(): Promise<{ items: Array<{ attempts: number }> }> };
  /** Queues `count` captures as offline clicks would leave them; see the file's comment. */
  __benchQueueOffline(count: number, slug: string): Promise<void>;
}

async function outboxBundle(): Promise<string> {
  return bundleIife(`
    import { createOutbox } from ${JSON.stringify(projectFile('lib/worker/outbox.ts'))};
    import { decide } from ${JSON.stringify(projectFile('lib/worker/retry-policy.ts'))};
    import { effectOf } from ${JSON.stringify(projectFile('lib/worker/scheduler.ts'))};
    const outbox = createOutbox();
    globalThis.__benchOutbox = outbox;
    globalThis.__benchQueueOffline = async (count, slug) => {
      const now = Date.now();
      const payloads = Array.from({ length: count }, (_, index) => ({
        source: 'linkedin',
        profileUrl: 'https://www.linkedin.com/in/' + slug + index,
        firstName: 'Bench',
        lastName: 'Drain ' + index,
        jobTitle: 'Account Executive',
        capturedAt: new Date(now).toISOString(),
      }));
      const items = await outbox.addMany(payloads, now);
      if (items.some((item) => item === null)) throw new Error('the outbox refused some captures');
      // What lib/worker/delivery.ts writes after each first attempt failed offline (fetch threw).
      const changes = items.map((item) => {
        const decision = decide({ kind: 'retryable', reason: 'network', httpStatus: null }, 1, Date.now(), Math.random);
        if (decision.action !== 'retry') throw new Error('unexpected decision ' + decision.action);
        return effectOf(item, 1, decision).change;
      });
      await outbox.apply(changes);
    };
  `);
}

function leadsWithPrefix(api: ApiStandIn, prefix: string) {
  return api.leads().filter((lead) => lead.payload.profileUrl.includes(`/in/${prefix}`));
}

async function waitUntil(
  what: string,
  check: () => Promise<boolean> | boolean,
  { timeoutMs = DRAIN_TIMEOUT_MS, everyMs = 20 } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

/** Opens the popup and clicks "Retry now"; resolves with the click's timestamp (epoch ms). */
async function clickRetryNow(context: BrowserContext, extensionId: string): Promise<{ popup: Page; clickAt: number }> {
  const popup = await openPopup(context, extensionId);
  const retry = popup.getByRole('button', { name: 'Retry now' });
  await retry.waitFor({ state: 'visible', timeout: 30_000 });
  await popup.evaluate(() => {
    addEventListener(
      'click',
      (event) => {
        if (event.isTrusted) (globalThis as { __benchClickAt?: number }).__benchClickAt = performance.timeOrigin + event.timeStamp;
      },
      { capture: true, once: true },
    );
  });
  await retry.click();
  const clickAt = await popup.evaluate(() => (globalThis as { __benchClickAt?: number }).__benchClickAt ?? Number.NaN);
  return { popup, clickAt };
}

async function plainPosts(worker: Worker, api: ApiStandIn, count: number, prefix: string): Promise<number> {
  const startedAt = await worker.evaluate(
    async ({ count: total, prefix: slug, key }) => {
      const started = Date.now();
      for (let index = 0; index < total; index += 1) {
        const body = JSON.stringify({
          source: 'linkedin',
          profileUrl: `https://www.linkedin.com/in/${slug}${index}`,
          firstName: 'Bench',
          lastName: `Plain ${index}`,
          jobTitle: 'Account Executive',
          capturedAt: new Date().toISOString(),
        });
        const idempotencyKey = crypto.randomUUID();
        for (;;) {
          const response = await fetch('https://api.metrikia.io/v1/leads', {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
            body,
          });
          await response.text();
          if (response.status !== 429) break;
          const wait = Number(response.headers.get('retry-after') ?? '1') * 1000;
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
      return started;
    },
    { count, prefix, key: DEMO_KEY },
  );
  const leads = leadsWithPrefix(api, prefix);
  if (leads.length !== count) throw new Error(`baseline: ${leads.length} of ${count} leads arrived`);
  return Math.max(...leads.map((lead) => lead.createdAt)) - startedAt;
}

export async function benchDrain(extensionPath: string, onProgress: (line: string) => void): Promise<DrainFigure> {
  // Its own stand-in: the 429 run needs to see every lead request as it is answered.
  let rateLimitEvery = 0;
  let leadRequestsSeen = 0;
  const api: ApiStandIn = await startApiStandIn({
    log: (line) => {
      if (rateLimitEvery === 0 || !line.includes(' POST /v1/leads ')) return;
      leadRequestsSeen += 1;
      if (leadRequestsSeen % rateLimitEvery === rateLimitEvery - 1) {
        api.failNext(1, { kind: 'rate-limit', retryAfter: '1' });
      }
    },
  });
  const dir = await mkdtemp(join(tmpdir(), 'metrikia-bench-drain-'));
  const context = await launchExtensionContext(dir, api.port, { extensionPath, args: ['--remote-debugging-port=0'] });
  let cdp: RawCdp | null = null;
  try {
    const worker = await extensionServiceWorker(context);
    const extensionId = extensionIdOf(worker);
    const options = await connectKey(context, extensionId);
    await options.close();
    await worker.evaluate(await outboxBundle());
    cdp = await RawCdp.connect(dir, 'service_worker', `chrome-extension://${extensionId}/`);
    const afterStartBytes = await cdp.heapUsedAfterGc();

    const run = async (label: string, prefix: string, every: number): Promise<DrainRun> => {
      api.reset();
      onProgress(`  ${label}: queuing ${CAPTURES} captures`);
      const enqueueStarted = Date.now();
      await worker.evaluate(
        ({ count, slug }) => (globalThis as unknown as BenchWorkerGlobal).__benchQueueOffline(count, slug),
        { count: CAPTURES, slug: prefix },
      );
      const enqueueMs = Date.now() - enqueueStarted;

      onProgress(`  ${label}: online "Retry now"`);
      rateLimitEvery = every;
      leadRequestsSeen = 0;
      const online = await clickRetryNow(context, extensionId);
      let lastCreatedAt = Number.NaN;
      await waitUntil('drain', () => {
        const leads = leadsWithPrefix(api, prefix);
        if (leads.length < CAPTURES) return false;
        lastCreatedAt = Math.max(...leads.map((lead) => lead.createdAt));
        return true;
      });
      const drainMs = lastCreatedAt - online.clickAt;
      // The bookkeeping after the last response (outbox removals) finishes before we look.
      await waitUntil('outbox emptied', async () =>
        (await worker.evaluate(async () => (await (globalThis as unknown as BenchWorkerGlobal).__benchOutbox.read()).items.length)) === 0,
        { timeoutMs: 30_000, everyMs: 250 },
      ).catch(() => undefined);
      rateLimitEvery = 0;
      await online.popup.close();

      const requests = api.leadRequests().filter((request) => request.body.includes(`/in/${prefix}`));
      const leads = leadsWithPrefix(api, prefix);
      // The pause a 429 causes: the longest gap between two lead requests from it to the next 429
      // (requests already in flight when it was answered arrive within milliseconds of it).
      const sorted = [...requests].sort((a, b) => a.receivedAt - b.receivedAt);
      const pauseAfter429Ms: number[] = [];
      sorted.forEach((request, index) => {
        if (request.response !== 429) return;
        let longest = 0;
        for (let next = index + 1; next < sorted.length; next += 1) {
          const current = sorted[next];
          const previous = sorted[next - 1];
          if (!current || !previous) break;
          longest = Math.max(longest, current.receivedAt - previous.receivedAt);
          if (current.response === 429) break;
        }
        pauseAfter429Ms.push(longest);
      });
      const leftInOutbox = await worker.evaluate(async () => (await (globalThis as unknown as BenchWorkerGlobal).__benchOutbox.read()).items.length);

      onProgress(`  ${label}: baseline, ${CAPTURES} plain POSTs`);
      rateLimitEvery = every;
      leadRequestsSeen = 0;
      const baselineMs = await plainPosts(worker, api, CAPTURES, `${prefix}plain-`);
      rateLimitEvery = 0;

      return {
        label,
        captures: CAPTURES,
        enqueueMs,
        drainMs: round(drainMs, 0),
        baselineMs: round(baselineMs, 0),
        ratio: round(drainMs / baselineMs),
        delivered: leads.length,
        lost: CAPTURES - new Set(leads.map((lead) => lead.payload.profileUrl)).size,
        duplicateDeliveries: leads.reduce((sum, lead) => sum + lead.deliveries - 1, 0),
        replayedRequests: requests.filter((request) => request.replayed).length,
        rateLimited: requests.filter((request) => request.response === 429).length,
        pauseAfter429Ms,
        leftInOutbox,
      };
    };

    const runs: DrainRun[] = [];
    runs.push(await run(`${CAPTURES} captures`, 'bench-drain-a-', 0));
    const afterDrainBytes = await cdp.heapUsedAfterGc();
    runs.push(await run(`${CAPTURES} captures, 429 every ${RATE_LIMIT_EVERY}`, 'bench-drain-b-', RATE_LIMIT_EVERY));
    const afterSecondDrainBytes = await cdp.heapUsedAfterGc();
    return {
      runs,
      heap: { afterStartBytes, afterDrainBytes, growthBytes: afterDrainBytes - afterStartBytes, afterSecondDrainBytes },
    };
  } finally {
    cdp?.close();
    await context.close();
    await removeProfile(dir);
    await api.close();
  }
}
