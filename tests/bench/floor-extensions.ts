/**
 * The floors of the page-cost benchmark: the least a content script can cost a LinkedIn page.
 *
 * - the **button floor**: one button in a **closed** shadow root, inserted the cheapest way
 *   measured (FLOOR_BUTTON_WAY; the ways and their figures: tests/bench/floor-experiment.ts and
 *   README, Benchmarks), the floor of the product in page mode;
 * - the **empty floor**: a content script that inserts nothing, the floor of "Only in the toolbar".
 *
 * Both register one `chrome.runtime.onMessage` listener: the least any of our content scripts
 * must do, since the popup and the shortcut reach the page through it (`capture-request`,
 * `get-state`). No storage, no page reads, no framework.
 *
 * Each floor is written to a temporary folder as an unpacked extension (manifest + one script) so
 * that the experiment can try every way with the same code the benchmark uses.
 *
 * Run by node: no TS-only syntax.
 */
import { rmSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Every content script's minimum: the listener the popup and the shortcut talk to. */
const LISTENER = `chrome.runtime.onMessage.addListener(() => undefined);`;

/** The host's and the button's styles; the host is fixed at the bottom right like the product's. */
const HOST_CSS = ':host{all:initial;position:fixed;right:24px;bottom:80px;z-index:2147483646}';
const BUTTON_CSS = 'button{all:unset;padding:8px 16px;border-radius:20px;background:#4338CA;color:#fff;font:500 14px system-ui}';

/** A popover's host: the UA's popover box (centred, bordered, Canvas background) undone. */
const POPOVER_HOST_CSS = ':host{all:initial;position:fixed;inset:auto 24px 80px auto;margin:0;padding:0;border:0;background:none;overflow:visible}';

/** Builds the host with its closed shadow root; `hostCss` replaces the host rule. */
const makeButton = (hostCss: string): string => `
  const host = document.createElement('bench-floor-button');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = ${JSON.stringify(hostCss + BUTTON_CSS)};
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Capture';
  shadow.append(style, button);`;

export interface FloorWay {
  /** What it does, as the findings table says it. */
  description: string;
  /** The content script's source. */
  script: string;
  /** Whether it shows a button (the bench records when its host appears). */
  showsButton: boolean;
}

/**
 * The ways tried (figures: README, Benchmarks). A popover in the top layer is painted apart from
 * the page's tree (measured: 7 ms of paint after the insertion instead of 29 ms on the large page);
 * `contain: strict` (with a fixed size, which strict needs) was meant to keep the button's layout
 * from reaching the page's, and idle to defer the insertion past the page's own work at load:
 * neither changed the cost measurably. Every way draws the same button at the same place (checked
 * by screenshot: an 88 × 32 px box at the bottom right).
 */
export const FLOOR_WAYS = {
  empty: {
    description: 'inserts nothing (the "Only in the toolbar" floor)',
    script: LISTENER,
    showsButton: false,
  },
  'empty-no-listener': {
    description: 'inserts nothing and registers no listener (the isolated world alone)',
    script: 'void 0;',
    showsButton: false,
  },
  body: {
    description: 'appended to <body> at document_idle',
    script: `${LISTENER}${makeButton(HOST_CSS)}\n  document.body.append(host);`,
    showsButton: true,
  },
  'document-element': {
    description: 'appended to <html> (after <body>) at document_idle',
    script: `${LISTENER}${makeButton(HOST_CSS)}\n  document.documentElement.append(host);`,
    showsButton: true,
  },
  popover: {
    description: 'appended to <body> as a manual popover, shown in the top layer',
    script:
      `${LISTENER}${makeButton(POPOVER_HOST_CSS)}\n` +
      `  host.popover = 'manual';\n  document.body.append(host);\n  host.showPopover();`,
    showsButton: true,
  },
  'contain-strict': {
    description: 'appended to <body> with contain: strict and a fixed size',
    script: `${LISTENER}${makeButton(':host{all:initial;position:fixed;right:24px;bottom:80px;z-index:2147483646;contain:strict;width:120px;height:36px}')}\n  document.body.append(host);`,
    showsButton: true,
  },
  idle: {
    description: 'appended to <body> in a requestIdleCallback (timeout 2 s)',
    script: `${LISTENER}\nrequestIdleCallback(() => {${makeButton(HOST_CSS)}\n  document.body.append(host);\n}, { timeout: 2000 });`,
    showsButton: true,
  },
  'popover-document-element': {
    description: 'appended to <html> (after <body>) as a manual popover, shown in the top layer',
    script:
      `${LISTENER}${makeButton(POPOVER_HOST_CSS)}\n` +
      `  host.popover = 'manual';\n  document.documentElement.append(host);\n  host.showPopover();`,
    showsButton: true,
  },
  'popover-idle': {
    description: 'a manual popover (top layer), inserted in a requestIdleCallback (timeout 2 s)',
    script:
      `${LISTENER}\nrequestIdleCallback(() => {${makeButton(POPOVER_HOST_CSS)}\n` +
      `  host.popover = 'manual';\n  document.body.append(host);\n  host.showPopover();\n}, { timeout: 2000 });`,
    showsButton: true,
  },
} satisfies Record<string, FloorWay>;

export type FloorWayName = keyof typeof FLOOR_WAYS;

/** The cheapest way measured (README, Benchmarks): the button floor of every benchmark run. */
export const FLOOR_BUTTON_WAY: FloorWayName = 'popover';

/** Writes `way` as an unpacked extension matching LinkedIn pages; returns its folder (removed on exit). */
export async function writeFloorExtension(way: FloorWayName): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `metrikia-bench-floor-${way}-`));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const manifest = {
    manifest_version: 3,
    name: `Metrikia bench floor: ${way}`,
    description: `The page-cost floor for tests/bench: ${FLOOR_WAYS[way].description}.`,
    version: '1.0.0',
    content_scripts: [{ matches: ['https://www.linkedin.com/*'], js: ['content.js'], run_at: 'document_idle' }],
  };
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(dir, 'content.js'), `// ${FLOOR_WAYS[way].description}\n(() => {\n${FLOOR_WAYS[way].script}\n})();\n`);
  return dir;
}
