/**
 * Popup ready: the rep clicks the toolbar icon over a profile → the popup has drawn the queue, what
 * needs attention and the tab's state. With 1,000 captures waiting and 50 needing attention.
 *
 * One browser with two extensions, as in cold-start.ts: the product (key connected) and
 * tests/bench/empty-extension, whose action popup (page.html) draws nothing. Each round opens each
 * one's real action popup over the same LinkedIn profile tab (chrome.action.openPopup from its own
 * service worker; the order alternates), reads the time its page set the `ready` mark, and closes
 * it. "Ready" is the marker the page sets on <body> (`data-ready`) with `performance.mark('ready')`:
 * the product's popup sets it once its first full render is done, with the worker's status and the
 * tab content script's answer drawn (lib/pages/popup/controller.ts `onReady`); the empty page sets
 * it from its only script. The mark's time counts from the popup page's own navigation start, so
 * both arms are timed the same way, from Chrome opening the page to the marker. The product's
 * `first-frame` mark (its frame drawn before any answer, issue 22) is reported beside it.
 *
 * The queue is filled through the product's own outbox in its worker (as drain.ts does): 1,000
 * items waiting after a failed offline attempt, their next attempt an hour away so no delivery
 * changes the queue while it is timed, and 50 refused by Metrikia (needs attention). The worker is
 * running: the popup asks it as soon as it opens (its cold start is cold-start.ts's figure).
 *
 * Run by node: no TS-only syntax.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { extensionIdOf, launchExtensionContext } from '../support/extension.ts';
import { connectKey, openProfile } from '../e2e/pages/flows.ts';
import { EMPTY_EXTENSION_DIR } from './cold-start.ts';
import { bundleIife, median, projectFile, quantile, removeProfile, round, samples, sleep, withTimeout } from './lib.ts';

export interface PopupReadyFigure {
  rounds: number;
  waiting: number;
  needsAttention: number;
  productMs: { median: number; p95: number };
  /** The product's first frame (its `first-frame` mark): drawn before any answer. */
  productFirstFrameMs: { median: number; p95: number };
  emptyMs: { median: number; p95: number };
  ratio: number;
}

const ROUNDS = samples(20, 3);
const WAITING = samples(1000, 50);
const NEEDS_ATTENTION = samples(50, 5);

/** Only what the evaluated functions below use (the project ships no `chrome` types). */
declare const chrome: {
  action: { openPopup(): Promise<void> };
  extension: { getViews(filter: { type: 'popup' }): Window[] };
};

interface BenchWorkerGlobal {
  __benchFillQueue(waiting: number, needsAttention: number): Promise<void>;
}

/** The product's outbox, bundled as it is, run in its worker: fills the queue. */
async function queueBundle(): Promise<string> {
  return bundleIife(`
    import { createOutbox } from ${JSON.stringify(projectFile('lib/worker/outbox.ts'))};
    const outbox = createOutbox();
    globalThis.__benchFillQueue = async (waiting, needsAttention) => {
      const now = Date.now();
      const payloads = Array.from({ length: waiting + needsAttention }, (_, index) => ({
        source: 'linkedin',
        profileUrl: 'https://www.linkedin.com/in/bench-popup-' + index,
        firstName: 'Bench',
        lastName: 'Popup ' + index,
        jobTitle: 'Account Executive',
        capturedAt: new Date(now).toISOString(),
      }));
      const items = await outbox.addMany(payloads, now);
      await outbox.apply(items.map((item, index) => ({
        kind: 'put',
        item: index >= waiting
          ? { ...item, attempts: 1, state: 'needs-attention', lastError: 'rejected (422): validation_failed',
              rejection: { httpStatus: 422, code: 'validation_failed', message: 'The first name looks like a company name.', fields: {} } }
          // Offline after one attempt, the next one an hour away: nothing is sent while timed.
          : { ...item, attempts: 1, nextAttemptAt: now + 3_600_000, lastError: 'network' },
      })));
    };
  `);
}

async function workers(context: BrowserContext): Promise<{ product: Worker; empty: Worker }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = context.serviceWorkers().filter((worker) => worker.url().startsWith('chrome-extension://'));
    const empty = found.find((worker) => worker.url().endsWith('/worker.js'));
    const product = found.find((worker) => worker !== empty);
    if (empty && product) return { product, empty };
    if (Date.now() > deadline) throw new Error(`only ${found.length} of 2 extension workers started`);
    await sleep(50);
  }
}

/**
 * Opens `worker`'s extension's action popup over the front tab and resolves with its `ready` mark
 * (ms from the popup page's navigation start) and what the product's popup shows then (the empty
 * one shows nothing). `driver`, a page of the same extension in another
 * tab, reaches the popup's window (chrome.extension.getViews), as tests/e2e/pages/ui.ts does.
 */
async function timePopup(
  worker: Worker,
  driver: Page,
): Promise<{ readyMs: number; firstFrameMs: number | null; drawn: { waiting: string | null; needsAttention: number; tab: string | null } }> {
  await worker.evaluate(() => chrome.action.openPopup());
  const mark = await driver.waitForFunction(
    () => {
      const [popup] = chrome.extension.getViews({ type: 'popup' });
      if (popup?.document.body?.dataset['ready'] !== 'true') return null;
      return popup.performance.getEntriesByName('ready')[0]?.startTime ?? null;
    },
    undefined,
    { polling: 10, timeout: 15_000 },
  );
  const readyMs = (await mark.jsonValue()) as number;
  const { drawn, firstFrameMs } = await driver.evaluate(() => {
    const [popup] = chrome.extension.getViews({ type: 'popup' });
    const text = (id: string) => popup?.document.getElementById(id)?.textContent ?? null;
    return {
      drawn: { waiting: text('waiting-text'), needsAttention: popup?.document.querySelectorAll('#attention-list li').length ?? 0, tab: text('tab-capture-label') },
      firstFrameMs: popup?.performance.getEntriesByName('first-frame')[0]?.startTime ?? null,
    };
  });
  await driver.evaluate(() => chrome.extension.getViews({ type: 'popup' }).forEach((popup) => popup.close()));
  await driver.waitForFunction(() => chrome.extension.getViews({ type: 'popup' }).length === 0, undefined, { timeout: 5_000 });
  return { readyMs, firstFrameMs, drawn };
}

export async function benchPopupReady(apiPort: number, extensionPath: string): Promise<PopupReadyFigure> {
  const dir = await mkdtemp(join(tmpdir(), 'metrikia-bench-popup-'));
  const context = await launchExtensionContext(dir, apiPort, { extensionPath: `${extensionPath},${EMPTY_EXTENSION_DIR}` });
  try {
    const { product, empty } = await workers(context);
    const productDriver = await connectKey(context, extensionIdOf(product));
    const emptyDriver = await context.newPage();
    await emptyDriver.goto(`chrome-extension://${extensionIdOf(empty)}/page.html`);
    await product.evaluate(await queueBundle());
    await withTimeout(
      product.evaluate(([waiting, refused]) => (globalThis as unknown as BenchWorkerGlobal).__benchFillQueue(waiting, refused), [WAITING, NEEDS_ATTENTION] as const),
      120_000,
      'filling the queue',
    );
    const profile = await openProfile(context, 'https://www.linkedin.com/in/jane-doe/', 'linkedin/old-layout.html');
    const arms = [
      { worker: product, driver: productDriver, times: [] as number[], firstFrames: [] as number[] },
      { worker: empty, driver: emptyDriver, times: [] as number[], firstFrames: [] as number[] },
    ];
    // One untimed round each: the first popup of a browser also pays for Chrome's own set-up.
    for (const arm of arms) {
      await profile.bringToFront();
      const { drawn } = await timePopup(arm.worker, arm.driver);
      // What "ready" promises, checked once: the queue, every refused capture and this page's Capture.
      const expected = { waiting: `${WAITING.toLocaleString('en')} waiting to be sent`, needsAttention: NEEDS_ATTENTION, tab: 'Capture' };
      if (arm.worker === product && JSON.stringify(drawn) !== JSON.stringify(expected)) {
        throw new Error(`the popup was ready showing ${JSON.stringify(drawn)}, not ${JSON.stringify(expected)}`);
      }
    }
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const arm of round % 2 === 0 ? arms : [...arms].reverse()) {
        await profile.bringToFront();
        const { readyMs, firstFrameMs } = await timePopup(arm.worker, arm.driver);
        arm.times.push(readyMs);
        if (firstFrameMs !== null) arm.firstFrames.push(firstFrameMs);
      }
    }
    const [productArm, emptyArm] = arms;
    if (!productArm || !emptyArm) throw new Error('unreachable');
    const summary = (times: number[]) => ({ median: round(median(times), 1), p95: round(quantile(times, 0.95), 1) });
    return {
      rounds: ROUNDS,
      waiting: WAITING,
      needsAttention: NEEDS_ATTENTION,
      productMs: summary(productArm.times),
      productFirstFrameMs: summary(productArm.firstFrames),
      emptyMs: summary(emptyArm.times),
      ratio: round(median(productArm.times) / median(emptyArm.times)),
    };
  } finally {
    await context.close();
    await removeProfile(dir);
  }
}
