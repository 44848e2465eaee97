/**
 * Worker cold start: the service worker is stopped (as Chrome stops an idle one), then a message
 * arrives; the time until it is answered.
 *
 * One browser with two extensions: the product (key connected, as a rep's) and
 * tests/bench/empty-extension, whose worker only answers `{type: 'ping'}`. Each round stops both
 * workers (CDP ServiceWorker.stopAllWorkers, the harness's stopServiceWorker), then, from a page of
 * each extension, times `chrome.runtime.sendMessage` until its answer (`performance.now()` in the
 * page): the product is asked `get-status`, what its popup asks when it opens; the empty one `ping`.
 * The order alternates each round. The same message to a running worker is timed as well, so the
 * start-up itself can be told from the handling.
 *
 * Run by node: no TS-only syntax.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { extensionIdOf, launchExtensionContext, stopServiceWorker } from '../support/extension.ts';
import { connectKey } from '../e2e/pages/flows.ts';
import { median, quantile, removeProfile, round, samples, withTimeout } from './lib.ts';

export interface ColdStartFigure {
  rounds: number;
  productMs: { median: number; p95: number; warmMedian: number };
  emptyMs: { median: number; p95: number; warmMedian: number };
  ratio: number;
}

const ROUNDS = samples(20, 4);
export const EMPTY_EXTENSION_DIR = join(import.meta.dirname, 'empty-extension');

/** The one `chrome` API used in the pages below (the project ships no `chrome` types). */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

async function timeMessage(page: Page, message: { type: string }): Promise<number> {
  return withTimeout(
    page.evaluate(async (sent) => {
      const started = performance.now();
      await chrome.runtime.sendMessage(sent);
      return performance.now() - started;
    }, message),
    15_000,
    `answer to ${message.type}`,
  );
}

async function workers(context: BrowserContext, count: number): Promise<Worker[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = context.serviceWorkers().filter((worker) => worker.url().startsWith('chrome-extension://'));
    if (found.length >= count) return found;
    if (Date.now() > deadline) throw new Error(`only ${found.length} of ${count} extension workers started`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function benchColdStart(apiPort: number, extensionPath: string): Promise<ColdStartFigure> {
  const dir = await mkdtemp(join(tmpdir(), 'metrikia-bench-cold-'));
  // Two unpacked extensions in one browser: Chromium takes a comma-separated list.
  const context = await launchExtensionContext(dir, apiPort, { extensionPath: `${extensionPath},${EMPTY_EXTENSION_DIR}` });
  try {
    const found = await workers(context, 2);
    const empty = found.find((worker) => worker.url().endsWith('/worker.js'));
    const product = found.find((worker) => worker !== empty);
    if (!empty || !product) throw new Error('could not tell the two workers apart');
    const productId = extensionIdOf(product);
    const emptyId = extensionIdOf(empty);
    const options = await connectKey(context, productId);
    await options.close();

    const productPage = await context.newPage();
    await productPage.goto(`chrome-extension://${productId}/manifest.json`);
    const emptyPage = await context.newPage();
    await emptyPage.goto(`chrome-extension://${emptyId}/manifest.json`);
    const arms = [
      { page: productPage, message: { type: 'get-status' }, cold: [] as number[], warm: [] as number[] },
      { page: emptyPage, message: { type: 'ping' }, cold: [] as number[], warm: [] as number[] },
    ];

    for (let round = 0; round < ROUNDS; round += 1) {
      await stopServiceWorker(context);
      const order = round % 2 === 0 ? arms : [...arms].reverse();
      for (const arm of order) arm.cold.push(await timeMessage(arm.page, arm.message));
      for (const arm of order) arm.warm.push(await timeMessage(arm.page, arm.message));
    }
    const [productArm, emptyArm] = arms;
    if (!productArm || !emptyArm) throw new Error('unreachable');
    const summary = (arm: typeof productArm) => ({
      median: round(median(arm.cold), 1),
      p95: round(quantile(arm.cold, 0.95), 1),
      warmMedian: round(median(arm.warm), 2),
    });
    return {
      rounds: ROUNDS,
      productMs: summary(productArm),
      emptyMs: summary(emptyArm),
      ratio: round(median(productArm.cold) / median(emptyArm.cold)),
    };
  } finally {
    await context.close();
    await removeProfile(dir);
  }
}
