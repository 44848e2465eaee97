/**
 * `npm run demo`: try the extension by hand on this machine, with no Metrikia account.
 *
 * Builds the extension if .output/chrome-mv3/manifest.json is missing (EXTENSION_PATH picks
 * another build), starts the local HTTPS stand-in of the Metrikia API, launches Chromium with the
 * built extension on a throwaway profile (removed on exit), connects the demo key on the settings
 * page a first install opens, as a rep would, and opens a tab on each page to try
 * (tests/support/try-it.ts: a LinkedIn profile in each layout, a people search page, an Instagram
 * profile, a page the extension cannot read), served at its real address. Every other host fails
 * to resolve: the demo browser reaches nothing outside this machine.
 *
 * - With a display (DISPLAY or WAYLAND_DISPLAY set): a Chromium window; the terminal lists the
 *   tabs, prints each lead as the stand-in receives it and the commands that make the stand-in
 *   fail (offline, 500, 429, revoked key), until Ctrl-C.
 * - Without one: the same session headless; it clicks Capture once on the first tab with a real
 *   (trusted) mouse click, prints the lead, saves demo-screenshot.png and exits 0 (1 if no lead arrived).
 *
 * The button is found through the browser's accessibility tree and clicked at its box (CDP
 * Accessibility.getFullAXTree, DOM.getBoxModel, then page.mouse.click): that reaches a button in a
 * closed shadow root as well as an open one (TESTING.md).
 *
 * Run by node: no TS-only syntax, `.ts` in relative imports.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { DEMO_KEY, startApiStandIn, type StoredLead } from '../tests/support/api-stand-in.ts';
import { extensionIdOf, extensionServiceWorker, isWelcomePage, launchExtensionContext } from '../tests/support/extension.ts';
import { describeControls, describeTryPages, TRY_PAGES } from '../tests/support/try-it.ts';
import { connectKey, openProfile } from '../tests/e2e/pages/flows.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SCREENSHOT = join(ROOT, 'demo-screenshot.png');
/** The page's button, by its accessible name (the English label is contract). */
const CAPTURE_NAME = 'Capture';

const log = (line: string): void => {
  console.log(line);
};

function builtExtension(): string {
  const fromEnv = process.env['EXTENSION_PATH'];
  const dir = resolve(ROOT, fromEnv ?? '.output/chrome-mv3');
  if (existsSync(join(dir, 'manifest.json'))) return dir;
  if (fromEnv) throw new Error(`EXTENSION_PATH=${fromEnv}: no manifest.json in ${dir}`);
  log('No build at .output/chrome-mv3: building it (wxt build)…');
  execFileSync(join(ROOT, 'node_modules', '.bin', 'wxt'), ['build'], { cwd: ROOT, stdio: 'inherit' });
  return dir;
}

function describeLead(lead: StoredLead): string {
  const { firstName, lastName, jobTitle, profileUrl, source, capturedAt } = lead.payload;
  return `Lead received by the stand-in (${lead.id}, ${lead.orgId}): ${firstName} ${lastName}, ` +
    `${jobTitle ?? 'no job title'}, ${profileUrl} (${source}, captured ${capturedAt})`;
}

/** Prints every lead the stand-in stores, once, as it arrives. */
function watchLeads(leads: () => StoredLead[]): () => void {
  const seen = new Set<string>();
  const timer = setInterval(() => {
    for (const lead of leads()) {
      if (seen.has(lead.id)) continue;
      seen.add(lead.id);
      log(describeLead(lead));
    }
  }, 250);
  return () => clearInterval(timer);
}

/**
 * Connects the demo key where a rep would: on the settings page the first install opened
 * (lib/worker/welcome.ts), its key field already focused; a build without that welcome gets a
 * settings tab opened for it.
 */
async function connectOnWelcome(context: BrowserContext, extensionId: string): Promise<Page> {
  const welcomePage = (): Page | undefined => context.pages().find((page) => isWelcomePage(page.url()));
  const deadline = Date.now() + 10_000;
  while (!welcomePage() && Date.now() < deadline) await new Promise((done) => setTimeout(done, 100));
  const welcome = welcomePage();
  if (!welcome) return connectKey(context, extensionId, DEMO_KEY);
  await expect(welcome.getByLabel('API key', { exact: true })).toBeFocused();
  await welcome.keyboard.type(DEMO_KEY);
  await welcome.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(welcome.getByText('Connected to Acme as rep@acme.io')).toBeVisible();
  return welcome;
}

interface AxNode {
  role?: { value?: unknown };
  name?: { value?: unknown };
  ignored?: boolean;
  backendDOMNodeId?: number;
}

/** The centre of the visible button named `name`, from the accessibility tree; null until it is there. */
async function buttonPoint(cdp: CDPSession, name: string): Promise<{ x: number; y: number } | null> {
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
  const node = nodes.find((candidate) => !candidate.ignored && candidate.role?.value === 'button' && candidate.name?.value === name);
  if (node?.backendDOMNodeId === undefined) return null;
  const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId: node.backendDOMNodeId });
  const [x1, y1, , , x3, y3] = model.border;
  if (x1 === undefined || y1 === undefined || x3 === undefined || y3 === undefined) return null;
  return { x: (x1 + x3) / 2, y: (y1 + y3) / 2 };
}

async function waitForButton(page: Page, name: string, timeoutMs: number): Promise<{ x: number; y: number }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const point = await buttonPoint(cdp, name).catch(() => null);
      if (point) return point;
      if (Date.now() > deadline) throw new Error(`No "${name}" button on ${page.url()} within ${timeoutMs} ms`);
      await new Promise((done) => setTimeout(done, 250));
    }
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Headless: one real click on Capture, the lead, a screenshot. */
async function captureOnce(page: Page, leads: () => StoredLead[]): Promise<boolean> {
  await waitForButton(page, CAPTURE_NAME, 15_000);
  // The button ignores clicks in its first moments on screen (a page cannot make a rep click it as
  // it appears); a rep's click comes later than this. Its box is read again after the wait.
  await page.waitForTimeout(1_000);
  const settled = await waitForButton(page, CAPTURE_NAME, 5_000);
  log(`Clicking "${CAPTURE_NAME}" at (${Math.round(settled.x)}, ${Math.round(settled.y)}) with a real mouse click…`);
  await page.mouse.click(settled.x, settled.y);
  const deadline = Date.now() + 15_000;
  while (leads().length === 0 && Date.now() < deadline) await page.waitForTimeout(100);
  // Let the button show its new state before the picture.
  await page.waitForTimeout(1_000);
  await page.screenshot({ path: SCREENSHOT });
  log(`Screenshot: ${SCREENSHOT}`);
  return leads().length > 0;
}

async function launch(dir: string, apiPort: number, extensionPath: string, headed: boolean): Promise<{ context: BrowserContext; headed: boolean }> {
  if (headed) {
    try {
      return { context: await launchExtensionContext(dir, apiPort, { extensionPath, headless: false, keepWelcome: true }), headed: true };
    } catch (error) {
      log(`Could not open a window (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); running headless.`);
    }
  }
  return { context: await launchExtensionContext(dir, apiPort, { extensionPath, keepWelcome: true }), headed: false };
}

async function main(): Promise<number> {
  const extensionPath = builtExtension();
  const api = await startApiStandIn({ log: (line) => log(`  stand-in: ${line}`) });
  const dir = await mkdtemp(join(tmpdir(), 'metrikia-demo-'));
  // Playwright answers Ctrl-C itself (it closes Chromium and exits the process, before the
  // shutdown below can run): the browser profile goes on exit, whichever way it comes.
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const wantsWindow = Boolean(process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY']);
  const { context, headed } = await launch(dir, api.port, extensionPath, wantsWindow);
  const stopWatching = watchLeads(() => api.leads());
  const shutdown = async (): Promise<void> => {
    stopWatching();
    await context.close().catch(() => undefined);
    await api.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  };
  try {
    log(`Metrikia Companion demo: ${extensionPath}, API stand-in on ${api.url} (api.metrikia.io), ${headed ? 'a Chromium window' : 'headless Chromium'}`);
    const worker = await extensionServiceWorker(context);
    await connectOnWelcome(context, extensionIdOf(worker));
    log(`Connected the demo key ${DEMO_KEY} on the settings page: "Connected to Acme as rep@acme.io".`);
    const tabs: Page[] = [];
    for (const page of TRY_PAGES) tabs.push(await openProfile(context, page.url, page.file));
    const [first] = tabs;
    if (!first) throw new Error('No page to try');
    // A background tab's button refuses clicks (the page must be visible): the first one goes in front.
    await first.bringToFront();
    log(`Opened a tab on each page to try (served locally from tests/fixtures/):\n${describeTryPages()}`);

    if (!headed) {
      const ok = await captureOnce(first, () => api.leads());
      // The watcher prints the lead; make sure it has run once more.
      await first.waitForTimeout(300);
      log(ok ? 'Done: one capture, one lead.' : 'No lead arrived within 15 s of the click.');
      log('No display, so no window to try the others in: run this where there is one, or npm run api with your own browser.');
      return ok ? 0 : 1;
    }

    log(`
In the Chromium window:
  - on each tab, click "${CAPTURE_NAME}" at the bottom right, or the extension's toolbar icon then Capture,
    or press Alt+Shift+M;
  - each lead appears here as the stand-in receives it;
  - the extension's settings are the first tab (or right-click its icon, Options).
Only these pages are served; every other address fails to resolve.

Make the API fail, from another terminal (-k: the certificate is self-signed):
${describeControls(api.url)}

Ctrl-C to stop.`);
    await new Promise<void>((done) => {
      process.once('SIGINT', () => done());
      process.once('SIGTERM', () => done());
      context.once('close', () => done());
    });
    return 0;
  } finally {
    await shutdown();
  }
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(error);
  return 1;
});
process.exit(process.exitCode);
