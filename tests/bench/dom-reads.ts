/**
 * "Nothing is read from the page before a click but its address": checked in the running
 * extension, and in its source.
 *
 * Runtime: the page's own scripts cannot see the content script's isolated world, but CDP can.
 * With a breakpoint at the first statement of linkedin.js (the LinkedIn content script), the debugger stops
 * before its first line runs; in that script's own execution context (its isolated world,
 * whose DOM prototypes are its own), every DOM query and every read of page content is wrapped
 * with a counter that counts calls on nodes of the page's document (not on the button's own
 * shadow tree). The page loads, the button shows, 5 s pass: the counters are read. Then the
 * button is clicked and they are read again, which proves the wrappers see the scraper's reads.
 *
 * Source: the content script's import graph (from entrypoints/linkedin.ts) and which
 * of its files call a DOM query API at all.
 *
 * Run by node: no TS-only syntax.
 */
import { readFileSync, existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { CDPSession } from '@playwright/test';
import { extensionIdOf, extensionServiceWorker, launchExtensionContext, servePage } from '../support/extension.ts';
import type { ApiStandIn } from '../support/api-stand-in.ts';
import { captureButton, connectKey } from '../e2e/pages/flows.ts';
import type { LargePage } from './pages.ts';
import { PROJECT_ROOT, removeProfile, sleep, withTimeout } from './lib.ts';

export interface DomReadsFigure {
  /** API name → calls on the page's nodes, from injection to 5 s after load (before any click). */
  beforeClick: Record<string, number>;
  /** The same, after one capture click (the scraper's reads). */
  afterClick: Record<string, number>;
  /** Whether the wrappers were installed before the content script's first line ran. */
  instrumentedBeforeFirstLine: boolean;
  /** Source files of the content script that call a DOM query API, with the calls. */
  staticQueryCallers: Array<{ file: string; calls: string[] }>;
  /** Every source file in the content script's import graph. */
  contentScriptFiles: string[];
}

/**
 * Runs in the content script's isolated world before its first line. Wraps queries (methods) and
 * content reads (getters) on the prototypes of that world; counts only calls whose node lives in
 * the page's document tree, so the button's own shadow tree does not count.
 */
const INSTRUMENT = `(() => {
  const counts = Object.create(null);
  globalThis.__benchDomReads = counts;
  const rootOf = Node.prototype.getRootNode;
  const onPage = (target) => target === document || (target instanceof Node && rootOf.call(target) === document);
  const count = (name, target) => { if (onPage(target)) counts[name] = (counts[name] || 0) + 1; };
  const methods = {
    Document: ['querySelector', 'querySelectorAll', 'getElementById', 'getElementsByClassName', 'getElementsByTagName',
      'getElementsByTagNameNS', 'getElementsByName', 'createTreeWalker', 'createNodeIterator', 'evaluate',
      'elementFromPoint', 'elementsFromPoint', 'getSelection'],
    Element: ['querySelector', 'querySelectorAll', 'getElementsByClassName', 'getElementsByTagName', 'closest', 'matches',
      'getAttribute', 'getAttributeNames', 'hasAttribute', 'getBoundingClientRect', 'checkVisibility'],
    DocumentFragment: ['querySelector', 'querySelectorAll', 'getElementById'],
  };
  for (const [type, names] of Object.entries(methods)) {
    const proto = globalThis[type].prototype;
    for (const name of names) {
      const original = proto[name];
      if (typeof original !== 'function') continue;
      proto[name] = function (...args) { count(type + '.' + name, this); return original.apply(this, args); };
    }
  }
  const getters = {
    Node: ['textContent', 'nodeValue', 'firstChild', 'lastChild', 'childNodes', 'nextSibling', 'previousSibling', 'parentNode', 'parentElement'],
    Element: ['innerHTML', 'outerHTML', 'children', 'firstElementChild', 'lastElementChild', 'nextElementSibling',
      'previousElementSibling', 'attributes', 'className', 'id'],
    HTMLElement: ['innerText', 'outerText', 'dataset'],
    // body and documentElement are where the button is inserted: counted, so the report shows them.
    Document: ['title', 'head', 'body', 'documentElement', 'forms', 'images', 'links', 'all'],
    CharacterData: ['data'],
  };
  for (const [type, names] of Object.entries(getters)) {
    const proto = globalThis[type].prototype;
    for (const name of names) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (!descriptor || !descriptor.get) continue;
      const get = descriptor.get;
      Object.defineProperty(proto, name, { ...descriptor, get() { count(type + '.' + name, this); return get.call(this); } });
    }
  }
  return true;
})()`;

interface Paused {
  reason: string;
  callFrames: Array<{ callFrameId: string; location: { scriptId: string } }>;
}

/**
 * Stops at the first statement of the content script (a breakpoint at line 1, column 1 of its
 * URL) and instruments its world from that call frame. Resolves with the id of that world's
 * execution context, and whether the instrumentation ran there.
 */
async function instrumentContentScript(
  cdp: CDPSession,
  scriptSuffix: string,
): Promise<{ done: Promise<{ contextId: number; ok: boolean }> }> {
  const contexts = new Map<string, number>();
  cdp.on('Debugger.scriptParsed', (event) => {
    if (event.url.endsWith(scriptSuffix)) contexts.set(event.scriptId, event.executionContextId);
  });
  const escaped = scriptSuffix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  await cdp.send('Debugger.setBreakpointByUrl', { urlRegex: `${escaped}$`, lineNumber: 0, columnNumber: 0 });
  let settled = false;
  const done = new Promise<{ contextId: number; ok: boolean }>((resolve, reject) => {
    cdp.on('Debugger.paused', (event: Paused) => {
      if (settled) return;
      void (async () => {
        const frame = event.callFrames[0];
        const contextId = frame === undefined ? undefined : contexts.get(frame.location.scriptId);
        if (frame !== undefined && contextId !== undefined) {
          const result = await cdp.send('Debugger.evaluateOnCallFrame', {
            callFrameId: frame.callFrameId,
            expression: INSTRUMENT,
            returnByValue: true,
          });
          settled = true;
          await cdp.send('Debugger.resume');
          resolve({ contextId, ok: result.result.value === true });
          return;
        }
        await cdp.send('Debugger.resume');
      })().catch((error: unknown) => {
        if (!settled) reject(error);
      });
    });
  });
  // Wrapped: an async function returning the promise itself would wait for it.
  return { done };
}

async function readCounts(cdp: CDPSession, contextId: number): Promise<Record<string, number>> {
  const { result } = await cdp.send('Runtime.evaluate', {
    expression: `JSON.stringify(globalThis.__benchDomReads ?? null)`,
    contextId,
    returnByValue: true,
  });
  const parsed = JSON.parse(String(result.value)) as Record<string, number> | null;
  if (parsed === null) throw new Error('The content script world was not instrumented.');
  return parsed;
}

/** Relative imports of a TS module, resolved to files. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/^\s*import\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
    const specifier = match[1] ?? '';
    let base: string | null = null;
    if (specifier.startsWith('@/')) base = join(PROJECT_ROOT, specifier.slice(2));
    else if (specifier.startsWith('.')) base = join(dirname(file), specifier);
    if (base === null) continue;
    const candidate = [base, `${base}.ts`, join(base, 'index.ts')].find((path) => existsSync(path) && path.endsWith('.ts'));
    if (candidate) found.push(candidate);
  }
  return found;
}

function staticCheck(): Pick<DomReadsFigure, 'staticQueryCallers' | 'contentScriptFiles'> {
  const entry = join(PROJECT_ROOT, 'entrypoints', 'linkedin.ts');
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...importsOf(file));
  }
  const pattern = /\.(querySelector(?:All)?|getElementById|getElementsBy\w+|createTreeWalker|createNodeIterator|closest)\(/g;
  const staticQueryCallers: DomReadsFigure['staticQueryCallers'] = [];
  for (const file of [...seen].sort()) {
    const calls: string[] = [];
    readFileSync(file, 'utf8').split('\n').forEach((line, index) => {
      if (/^\s*(\/\/|\*)/.test(line)) return;
      for (const match of line.matchAll(pattern)) calls.push(`${index + 1}: ${match[1]}`);
    });
    if (calls.length > 0) staticQueryCallers.push({ file: relative(PROJECT_ROOT, file), calls });
  }
  return { staticQueryCallers, contentScriptFiles: [...seen].map((file) => relative(PROJECT_ROOT, file)).sort() };
}

export async function benchDomReads(page: LargePage, api: ApiStandIn, extensionPath: string): Promise<DomReadsFigure> {
  const dir = await mkdtemp(join(tmpdir(), 'metrikia-bench-reads-'));
  const context = await launchExtensionContext(dir, api.port, { extensionPath });
  try {
    const worker = await extensionServiceWorker(context);
    const options = await connectKey(context, extensionIdOf(worker));
    await options.close();
    const variant = page.variant(9_999);
    await servePage(context, variant.url, variant.html);
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Debugger.enable');
    const instrumented = await instrumentContentScript(cdp, '/linkedin.js');
    await tab.goto(variant.url, { waitUntil: 'load' });
    const { contextId, ok: instrumentedBeforeFirstLine } = await withTimeout(instrumented.done, 15_000, 'pausing at the content script');
    await cdp.send('Debugger.disable');
    await captureButton(tab).waitFor({ state: 'visible' });
    await sleep(5_000);
    const beforeClick = await readCounts(cdp, contextId);
    api.reset();
    await captureButton(tab).click();
    await api.waitForLeads(1, { timeoutMs: 10_000 });
    const afterClick = await readCounts(cdp, contextId);
    return { beforeClick, afterClick, instrumentedBeforeFirstLine, ...staticCheck() };
  } finally {
    await context.close();
    await removeProfile(dir);
  }
}
