/**
 * What the benchmarks share: statistics, machine facts, a browser launched like the harness's but
 * without the extension, a raw CDP client for targets Playwright does not expose (the service
 * worker's heap), and bundling product modules for injection.
 *
 * Run by node: no TS-only syntax, `.ts` in relative imports.
 */
import { execFileSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { findChromium } from '../support/chromium.ts';
import { SITE_ORIGINS, servePage } from '../support/extension.ts';

export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');

/** BENCH_QUICK=1: every benchmark with a few samples, to check the harness, not to measure. */
export const QUICK = process.env['BENCH_QUICK'] === '1';

/** `full` samples, or `quick` of them under BENCH_QUICK=1. */
export function samples(full: number, quick: number): number {
  return QUICK ? quick : full;
}

// ---- statistics: tests/bench/method.ts ---------------------------------------------------------------

import { round } from './method.ts';

export { median, quantile, round } from './method.ts';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `promise`, or an error naming `what` after `ms`: a benchmark must report, never hang. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// ---- the machine ----------------------------------------------------------------------------------

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  chromium: string;
  node: string;
  /** 1, 5 and 15 minute load averages when the run started and when it ended. */
  loadAverageAtStart: number[];
  loadAverageAtEnd: number[] | null;
  date: string;
}

export function machineInfo(chromiumVersion: string): MachineInfo {
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    chromium: chromiumVersion,
    node: process.version,
    loadAverageAtStart: loadavg().map((value) => round(value)),
    loadAverageAtEnd: null,
    date: new Date().toISOString(),
  };
}

export function currentLoad(): number[] {
  return loadavg().map((value) => round(value));
}

// ---- browsers -------------------------------------------------------------------------------------

/**
 * The Chromium flags of tests/support/extension.ts `launchExtensionContext`, minus the two that
 * load the extension: the "without the extension" arm of the page-cost benchmark must differ from
 * the "with" arm by the extension only. Keep in step with that file.
 */
export function plainChromiumArgs(apiPort: number): string[] {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
    '--disable-quic',
    `--host-resolver-rules=MAP api.metrikia.io 127.0.0.1:${apiPort},MAP * ~NOTFOUND`,
    '--ignore-certificate-errors',
  ];
}

/** Chromium exactly as the harness launches it, without any extension; `extraArgs` as its `args`. */
export async function launchPlainContext(userDataDir: string, apiPort: number, extraArgs: string[] = []): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless: true,
    args: [...plainChromiumArgs(apiPort), ...extraArgs],
  });
  // The same routing as the harness: the site origins answer fixture HTML or 404.
  for (const origin of SITE_ORIGINS) await servePage(context, `${origin}/__bench-unused__`, '');
  return context;
}

/** Removes a profile directory; Chromium may still be flushing files as it exits. */
export async function removeProfile(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}

export function chromiumVersion(): string {
  try {
    return execFileSync(findChromium(), ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

// ---- raw CDP --------------------------------------------------------------------------------------

/**
 * A CDP connection to one target over the browser's remote-debugging port: Playwright gives no
 * CDP session for a service worker, and the worker's heap is only visible there. Launch with
 * `--remote-debugging-port=0`; Chromium writes the port it chose to `<profile>/DevToolsActivePort`.
 */
export class RawCdp {
  private readonly socket: WebSocket;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
      if (message.id === undefined) return;
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result);
    });
  }

  /** Connects to the first target of `type` whose URL starts with `urlPrefix`. */
  static async connect(userDataDir: string, type: string, urlPrefix: string): Promise<RawCdp> {
    const port = (await readFile(join(userDataDir, 'DevToolsActivePort'), 'utf8')).split('\n')[0];
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{
      type: string;
      url: string;
      webSocketDebuggerUrl: string;
    }>;
    const target = targets.find((candidate) => candidate.type === type && candidate.url.startsWith(urlPrefix));
    if (!target) throw new Error(`No ${type} target at ${urlPrefix}: ${JSON.stringify(targets.map((t) => [t.type, t.url]))}`);
    const socket = new WebSocket(target.webSocketDebuggerUrl);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error('CDP WebSocket failed')), { once: true });
    });
    return new RawCdp(socket);
  }

  send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** V8 heap in use after a full garbage collection, in bytes. */
  async heapUsedAfterGc(): Promise<number> {
    await this.send('HeapProfiler.collectGarbage');
    await this.send('HeapProfiler.collectGarbage');
    const usage = await this.send<{ usedSize: number }>('Runtime.getHeapUsage');
    return usage.usedSize;
  }

  close(): void {
    this.socket.close();
  }
}

// ---- bundling product code for injection ---------------------------------------------------------

/**
 * Bundles `source` (a module whose imports are absolute paths or bare packages) into one IIFE with
 * rolldown, the bundler WXT's Vite already uses: product modules run as they ship, outside the
 * extension's own bundles, for timing them in a page or driving them in the worker.
 */
export async function bundleIife(source: string): Promise<string> {
  const { build } = await import('rolldown');
  const entry = '\0bench-entry';
  const output = await build({
    input: entry,
    write: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'bench-entry',
        resolveId: (id: string) => (id === entry ? entry : null),
        load: (id: string) => (id === entry ? { code: source, moduleType: 'ts' } : null),
      },
    ],
    output: { format: 'iife', minify: true },
  });
  const chunk = output.output[0];
  return chunk.code;
}

/** An absolute path inside the project, for `import` lines in bundled sources. */
export function projectFile(relative: string): string {
  return join(PROJECT_ROOT, relative);
}

/** What `recordNextTrustedClick` leaves in the page's main world. */
interface ClickWindow {
  __benchClickAt?: number;
}

/**
 * Records the next trusted click's own timestamp (`performance.timeOrigin + event.timeStamp`, the
 * input event's time, before any of the extension's code) in the page's main world.
 */
export async function recordNextTrustedClick(tab: Page): Promise<void> {
  await tab.evaluate(() => {
    addEventListener(
      'click',
      (event) => {
        if (event.isTrusted) (globalThis as ClickWindow).__benchClickAt = performance.timeOrigin + event.timeStamp;
      },
      { capture: true, once: true },
    );
  });
}

/** The time `recordNextTrustedClick` recorded; NaN before a click. */
export function trustedClickAt(tab: Page): Promise<number> {
  return tab.evaluate(() => (globalThis as ClickWindow).__benchClickAt ?? Number.NaN);
}
