/**
 * Scrape: how long the click-time site code takes on each fixture page and on the large profiles
 * (today's layout and the 2026 layout).
 *
 * The site code (siteCallSource: the one place that names the site API) is bundled as it is
 * (rolldown, minified, as WXT ships it) into the page, which is served at its real address in
 * Chromium; on a page whose own script renders a section late (the 2026 layout's Experience), the
 * bench waits for it first; then the call runs 50 times and the median is kept. `performance.now()` is
 * coarse in a page that is not cross-origin isolated (100 µs), so each of the 50 samples times a
 * batch of calls long enough to be measured (≥ 2 ms) and is divided by the batch size. The first
 * call on each page, before the JIT has seen the code (what a rep's one click costs), is reported
 * beside it.
 *
 * Run by node: no TS-only syntax.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { servePage } from '../support/extension.ts';
import { describeResult, type BenchPage } from './pages.ts';
import { bundleIife, launchPlainContext, projectFile, removeProfile, round } from './lib.ts';

export interface ScrapeFigure {
  page: string;
  url: string;
  elements: number;
  htmlBytes: number;
  /** Median of 50 samples, ms per call. */
  medianMs: number;
  /** The very first call on a fresh page, ms (100 µs resolution). */
  firstCallMs: number;
  callsPerSample: number;
  result: string;
  expected: string | null;
}

const SAMPLES = 50;
const MIN_SAMPLE_MS = 2;

/** What the injected bundle puts on the page's global object: one click's site code. */
interface BenchGlobal {
  __benchSiteCall(site: 'linkedin' | 'instagram', document: Document, url: string): unknown;
}

/**
 * The site code a click runs, as one function of (site, document, address) returning a
 * `ScrapeResult` (`{ ok, lead }` or `{ ok: false, reason, found }`). The only place that knows the
 * site modules' API: the content script's sensor reads the page, the worker interprets the reading.
 */
function siteCallSource(): string {
  return `
    import { linkedin } from ${JSON.stringify(projectFile('lib/content/sites/linkedin.ts'))};
    import { instagram } from ${JSON.stringify(projectFile('lib/content/sites/instagram.ts'))};
    import { interpret } from ${JSON.stringify(projectFile('lib/worker/sites/interpret.ts'))};
    // Both halves of a capture's reading: the content script's sensor, then the worker's interpreter.
    const sites = { linkedin, instagram };
    globalThis.__benchSiteCall = (site, document, url) => interpret(sites[site].read(document, url), url);
  `;
}

async function timePage(page: Page, bundle: string, target: BenchPage): Promise<ScrapeFigure> {
  await page.goto(target.url, { waitUntil: 'load' });
  if (target.renderedLate) await page.waitForSelector(target.renderedLate.selector, { state: 'attached', timeout: 10_000 + target.renderedLate.afterMs });
  await page.addScriptTag({ content: bundle });
  return page.evaluate(
    ({ samples, minSampleMs, name, url, expected, htmlBytes }) => {
      const site = location.hostname.includes('instagram') ? 'instagram' : 'linkedin';
      const siteCall = (globalThis as unknown as BenchGlobal).__benchSiteCall;
      const call = () => siteCall(site, document, location.href);
      let started = performance.now();
      const first = call();
      const firstCallMs = performance.now() - started;
      // Calibrate: how many calls make a sample long enough for a 100 µs clock. The fastest of
      // three batches decides, so one garbage collection does not leave the batch at one call.
      let calls = 1;
      for (;;) {
        let fastest = Infinity;
        for (let attempt = 0; attempt < 3; attempt += 1) {
          started = performance.now();
          for (let i = 0; i < calls; i += 1) call();
          fastest = Math.min(fastest, performance.now() - started);
        }
        if (fastest >= minSampleMs || calls >= 1 << 16) break;
        calls *= 2;
      }
      const perCall: number[] = [];
      for (let sample = 0; sample < samples; sample += 1) {
        started = performance.now();
        for (let i = 0; i < calls; i += 1) call();
        perCall.push((performance.now() - started) / calls);
      }
      perCall.sort((a, b) => a - b);
      const middle = perCall.length / 2;
      const medianMs = perCall.length % 2 === 1 ? perCall[Math.floor(middle)]! : (perCall[middle - 1]! + perCall[middle]!) / 2;
      return {
        page: name,
        url,
        elements: document.getElementsByTagName('*').length,
        htmlBytes,
        medianMs,
        firstCallMs,
        callsPerSample: calls,
        result: JSON.stringify(first),
        expected,
      };
    },
    {
      samples: SAMPLES,
      minSampleMs: MIN_SAMPLE_MS,
      name: target.name,
      url: target.url,
      expected: target.expected,
      htmlBytes: Buffer.byteLength(target.html),
    },
  );
}

export async function benchScrape(pages: BenchPage[], apiPort: number): Promise<ScrapeFigure[]> {
  const bundle = await bundleIife(siteCallSource());
  const dir = await mkdtemp(join(tmpdir(), 'metrikia-bench-scrape-'));
  const context = await launchPlainContext(dir, apiPort);
  try {
    const figures: ScrapeFigure[] = [];
    for (const target of pages) {
      await servePage(context, target.url, target.html);
      // A fresh tab per page: nothing left over from the previous page's heap or JIT state.
      const page = await context.newPage();
      try {
        const figure = await timePage(page, bundle, target);
        figure.result = describeResult(JSON.parse(figure.result) as Parameters<typeof describeResult>[0]);
        figure.medianMs = round(figure.medianMs, 4);
        figure.firstCallMs = round(figure.firstCallMs, 2);
        figures.push(figure);
      } finally {
        await page.close();
      }
    }
    return figures;
  } finally {
    await context.close();
    await removeProfile(dir);
  }
}
