/**
 * Page cost: the main-thread time and JS heap the extension adds to a LinkedIn profile page.
 *
 * 20 loads of the large profile, alternating with and without the extension, each in a fresh
 * browser profile (with: the harness's launchExtensionContext and a connected key, as a rep's
 * browser is; without: the same Chromium flags and no extension). Per load, through the page's CDP
 * session (Performance.getMetrics): TaskDuration and ScriptDuration of the renderer's main thread
 * from DOMContentLoaded (garbage collected and paused there: see pauseAtDomContentLoaded) to
 * 5 s later, a window that holds the content script's whole pre-click life (injection at
 * document_idle, settings, status message, the button inserted when idle); then JSHeapUsedSize
 * after two full garbage collections. The figure is the median with minus the median without.
 * TaskDuration is the figure (all main-thread work: script, style, layout, paint); ScriptDuration
 * is reported beside it.

 * The floor, measured in the same run: tests/bench/floor-extension, a content script that only
 * shows a button (one shadow-root host, fixed and contained, inserted when idle, as the product
 * does), loaded the same way, once every three rounds. What it adds is the least any extension that
 * shows a button on this page can add.
 *
 * Run by node: no TS-only syntax.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, CDPSession } from '@playwright/test';
import { extensionIdOf, extensionServiceWorker, launchExtensionContext, servePage } from '../support/extension.ts';
import { connectKey } from '../e2e/pages/flows.ts';
import type { LargePage } from './pages.ts';
import { launchPlainContext, median, removeProfile, round, samples, sleep, withTimeout } from './lib.ts';

export type Arm = 'with' | 'without' | 'floor';

export interface PageLoadSample {
  arm: Arm;
  /** Main-thread task time from DOMContentLoaded to 5 s after, ms. */
  taskMs: number;
  scriptMs: number;
  /** JS heap in use 5 s after DOMContentLoaded, after garbage collection, bytes. */
  heapBytes: number;
  /** Renderer totals at the end of the window (since the page's CDP session enabled metrics), ms. */
  totalTaskMs: number;
  /** When the Capture button was first seen in the page (polled every 250 ms), ms after DOMContentLoaded. */
  buttonAfterStartMs: number | null;
}

interface ArmMedians {
  loads: number;
  taskMs: number;
  scriptMs: number;
  heapBytes: number;
}

export interface PageCostFigure {
  windowMs: number;
  samples: PageLoadSample[];
  medianWith: ArmMedians;
  medianWithout: ArmMedians;
  medianFloor: ArmMedians;
  addedTaskMs: number;
  addedScriptMs: number;
  addedHeapBytes: number;
  floorAddedTaskMs: number;
  floorAddedHeapBytes: number;
  /** Loads with the extension in which its button was seen within the window. */
  buttonShown: number;
}

const LOADS = samples(20, 4);
export const FLOOR_EXTENSION_DIR = join(import.meta.dirname, 'floor-extension');

/**
 * True once a Capture button is in the page with its label (its shadow root is open). O(1): both
 * extensions append their host to the end of <body>, and a querySelector over this page's 55,000
 * nodes would itself cost ~2 ms per question (measured).
 */
const BUTTON_SHOWN = `(() => {
  const host = document.body && document.body.lastElementChild;
  if (!host || (host.localName !== 'metrikia-companion' && host.localName !== 'bench-floor-button')) return false;
  const label = host.shadowRoot?.querySelector('button:not([hidden])')?.textContent ?? '';
  return label.trim() !== '';
})()`;
const WINDOW_MS = 5_000;

type Metrics = Record<string, number>;

async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((metric) => [metric.name, metric.value]));
}

const seconds = (metrics: Metrics, name: string): number => metrics[name] ?? 0;

/**
 * Added to every page in every arm: at DOMContentLoaded, two full garbage collections and the
 * page's first style and layout (forced by reading a size), then a `debugger` statement, where
 * pauseAtDomContentLoaded reads the metrics that open the window. `gc` exists because every arm
 * runs with --js-flags=--expose-gc (CDP's own collectGarbage hangs a paused page).
 */
const DOM_CONTENT_LOADED_LISTENER =
  `document.addEventListener('DOMContentLoaded', () => { gc(); gc(); void document.body.offsetHeight; debugger; }, { once: true });`;
const EXTRA_ARGS = ['--js-flags=--expose-gc'];

/**
 * The window opens at DOMContentLoaded because no content script can run earlier (document_idle
 * comes after it), while the load event can come after the content script: on this page, at
 * 2-core load, the product's and the floor's buttons were often in place a few ms before the load
 * event, and a window from load missed their cost. The page's own work that would otherwise
 * fall in the window at random points, and make it noisy, is done before it opens, in every arm:
 * collecting its parsing garbage (±100 ms of noise, measured) and its first style and layout of
 * 55,000 nodes (50–500 ms at 2-core load, measured).
 */
async function pauseAtDomContentLoaded(cdp: CDPSession): Promise<{ paused: Promise<Metrics> }> {
  await cdp.send('Page.enable');
  await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: DOM_CONTENT_LOADED_LISTENER });
  await cdp.send('Debugger.enable');
  const paused = new Promise<Metrics>((resolve, reject) => {
    cdp.once('Debugger.paused', () => {
      void (async () => {
        const atStart = await metrics(cdp);
        await cdp.send('Debugger.resume');
        // Off again before any content script is compiled: the debugger slows compilation.
        await cdp.send('Debugger.disable');
        resolve(atStart);
      })().catch(reject);
    });
  });
  // In a holder: an async function returning the promise itself would make its caller wait for
  // the pause before navigating.
  return { paused };
}

async function oneLoad(
  arm: Arm,
  page: LargePage,
  apiPort: number,
  extensionPath: string,
): Promise<PageLoadSample> {
  const dir = await mkdtemp(join(tmpdir(), 'metrikia-bench-page-'));
  let context: BrowserContext | null = null;
  try {
    if (arm === 'with') {
      context = await launchExtensionContext(dir, apiPort, { extensionPath, args: EXTRA_ARGS });
      const worker = await extensionServiceWorker(context);
      const options = await connectKey(context, extensionIdOf(worker));
      await options.close();
    } else if (arm === 'floor') {
      context = await launchExtensionContext(dir, apiPort, { extensionPath: FLOOR_EXTENSION_DIR, args: EXTRA_ARGS });
    } else {
      context = await launchPlainContext(dir, apiPort, EXTRA_ARGS);
    }
    await servePage(context, page.url, page.html);
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
    const atStart = await pauseAtDomContentLoaded(cdp);
    await tab.goto(page.url, { waitUntil: 'load' });
    const startMetrics = await withTimeout(atStart.paused, 15_000, 'pause at DOMContentLoaded');
    const startTimestamp = seconds(startMetrics, 'Timestamp');

    // Whether the button is there, asked through CDP in the page's main world, every 250 ms for
    // the whole window, in both arms alike. Not with a Playwright locator: that injects Playwright's
    // own script world into the page (measured: +770 KB of heap, +13 listeners), in one arm only.
    let buttonAfterStartMs: number | null = null;
    for (;;) {
      const elapsedMs = (seconds(await metrics(cdp), 'Timestamp') - startTimestamp) * 1000;
      if (elapsedMs >= WINDOW_MS) break;
      // Asked every time, even once seen, so that both arms pay for the same number of questions.
      const { result } = await cdp.send('Runtime.evaluate', { expression: BUTTON_SHOWN, returnByValue: true });
      if (result.value === true && buttonAfterStartMs === null) buttonAfterStartMs = elapsedMs;
      await sleep(Math.min(250, WINDOW_MS - elapsedMs));
    }
    const atEnd = await metrics(cdp);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const afterGc = await metrics(cdp);
    return {
      arm,
      taskMs: (seconds(atEnd, 'TaskDuration') - seconds(startMetrics, 'TaskDuration')) * 1000,
      scriptMs: (seconds(atEnd, 'ScriptDuration') - seconds(startMetrics, 'ScriptDuration')) * 1000,
      heapBytes: seconds(afterGc, 'JSHeapUsedSize'),
      totalTaskMs: seconds(atEnd, 'TaskDuration') * 1000,
      buttonAfterStartMs,
    };
  } finally {
    await context?.close();
    await removeProfile(dir);
  }
}

export async function benchPageCost(
  page: LargePage,
  apiPort: number,
  extensionPath: string,
  onProgress: (line: string) => void,
): Promise<PageCostFigure> {
  const samples: PageLoadSample[] = [];
  const plan: Arm[] = [];
  for (let load = 0; load < LOADS; load += 1) {
    // Alternate, starting with the extension: slow drifts in machine load hit both arms alike.
    plan.push(load % 2 === 0 ? 'with' : 'without');
    if (load % 6 === 5) plan.push('floor');
  }
  // BENCH_QUICK's few loads still get a floor.
  if (!plan.includes('floor')) plan.push('floor');
  for (const [index, arm] of plan.entries()) {
    const sample = await oneLoad(arm, page, apiPort, extensionPath);
    samples.push(sample);
    onProgress(
      `  load ${index + 1}/${plan.length} ${arm.padEnd(7)}: ${sample.taskMs.toFixed(1)} ms task, ` +
        `${sample.scriptMs.toFixed(1)} ms script, ${(sample.heapBytes / 1024).toFixed(0)} KB heap` +
        (sample.buttonAfterStartMs === null ? '' : `, button seen ${sample.buttonAfterStartMs.toFixed(0)} ms after DOMContentLoaded`),
    );
  }
  const medians = (arm: Arm): ArmMedians => {
    const chosen = samples.filter((sample) => sample.arm === arm);
    return {
      loads: chosen.length,
      taskMs: round(median(chosen.map((sample) => sample.taskMs))),
      scriptMs: round(median(chosen.map((sample) => sample.scriptMs))),
      heapBytes: Math.round(median(chosen.map((sample) => sample.heapBytes))),
    };
  };
  const medianWith = medians('with');
  const medianWithout = medians('without');
  const medianFloor = medians('floor');
  return {
    windowMs: WINDOW_MS,
    samples: samples.map((sample) => ({
      ...sample,
      taskMs: round(sample.taskMs),
      scriptMs: round(sample.scriptMs),
      totalTaskMs: round(sample.totalTaskMs),
      buttonAfterStartMs: sample.buttonAfterStartMs === null ? null : round(sample.buttonAfterStartMs, 0),
    })),
    medianWith,
    medianWithout,
    medianFloor,
    addedTaskMs: round(medianWith.taskMs - medianWithout.taskMs),
    addedScriptMs: round(medianWith.scriptMs - medianWithout.scriptMs),
    addedHeapBytes: medianWith.heapBytes - medianWithout.heapBytes,
    floorAddedTaskMs: round(medianFloor.taskMs - medianWithout.taskMs),
    floorAddedHeapBytes: medianFloor.heapBytes - medianWithout.heapBytes,
    buttonShown: samples.filter((sample) => sample.arm === 'with' && sample.buttonAfterStartMs !== null).length,
  };
}
