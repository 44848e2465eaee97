/**
 * Page objects for the end-to-end tests: what a rep does, in the words the UI shows. Tests read
 * as the steps a person takes; selectors live here only.
 */
import type { BrowserContext, CDPSession, Page, Worker } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expect, openOptions, servePage } from '../../support/extension.ts';
import { DEMO_KEY } from '../../support/api-stand-in.ts';

/** Connects `key` on the options page and waits for the confirmation. Returns the options page. */
export async function connectKey(context: BrowserContext, extensionId: string, key = DEMO_KEY): Promise<Page> {
  const options = await openOptions(context, extensionId);
  await options.getByLabel('API key', { exact: true }).fill(key);
  await options.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(options.getByText('Connected to Acme as rep@acme.io')).toBeVisible();
  return options;
}

/**
 * How the widget's polls look: every 100 ms, then every 250. expect.poll's own back-off (100, 250,
 * 500, then 1,000 ms) gives up at the first pause that would end past the timeout: with 1.5 s, its
 * last look is at 0.85 s, and a button that came back at 0.9 s failed a check of 1.5 s.
 */
const WIDGET_POLL = { intervals: [100, 250] };

/** A fixture page's HTML, by its path under tests/fixtures/. */
export function fixtureHtml(file: string): string {
  return readFileSync(new URL(`../../fixtures/${file}`, import.meta.url), 'utf8');
}

/** Serves a fixture file at `url` and opens it in a new tab. */
export async function openProfile(context: BrowserContext, url: string, fixture: string): Promise<Page> {
  await servePage(context, url, fixtureHtml(fixture));
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

// ---- the Capture widget: a closed shadow root -------------------------------------------------
//
// Playwright's locators do not enter a closed shadow root (TESTING.md), and the host has no name
// to find it by. CDP does: `DOM.getDocument({ pierce: true })` lists closed roots with their
// content, `DOM.getBoxModel` gives a point for a real `page.mouse.click`, and `DOM.focus` focuses.
// The widget is the element whose shadow root is closed (the fixture pages have none).

interface DomNode {
  nodeId: number;
  backendNodeId: number;
  nodeType: number;
  nodeName: string;
  localName?: string;
  nodeValue?: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: (DomNode & { shadowRootType?: string })[];
  contentDocument?: DomNode;
}

const sessions = new WeakMap<Page, Promise<CDPSession>>();
function cdpOf(page: Page): Promise<CDPSession> {
  let session = sessions.get(page);
  if (!session) {
    session = page.context().newCDPSession(page);
    sessions.set(page, session);
  }
  return session;
}

const attribute = (node: DomNode, name: string): string | null => {
  const list = node.attributes ?? [];
  for (let i = 0; i < list.length; i += 2) if (list[i] === name) return list[i + 1] ?? '';
  return null;
};

function* descendants(node: DomNode): Generator<DomNode> {
  for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) {
    yield child;
    yield* descendants(child);
  }
}

/** The text a node shows: its text nodes, without style sheets and hidden parts. */
function textOf(node: DomNode): string {
  if (node.nodeType === 3) return node.nodeValue ?? '';
  if (node.localName === 'style' || attribute(node, 'hidden') !== null) return '';
  return (node.children ?? []).map(textOf).join('');
}

/**
 * Every element whose shadow root is closed, with that root. In the top document only its direct
 * children of `body` and `html` are looked at (where the widget is inserted), so that a page with
 * 10,000 nested elements does not overflow CDP; `frames` walks the frames' whole documents.
 */
async function closedRoots(page: Page, where: 'top' | 'frames' = 'top'): Promise<{ host: DomNode; root: DomNode }[]> {
  const cdp = await cdpOf(page);
  const found: { host: DomNode; root: DomNode }[] = [];
  if (where === 'top') {
    const { root } = (await cdp.send('DOM.getDocument', { depth: 2 })) as { root: DomNode };
    const html = root.children?.find((node) => node.localName === 'html');
    const parents = [html, html?.children?.find((node) => node.localName === 'body')].filter((node): node is DomNode => Boolean(node));
    for (const parent of parents) {
      const { node } = (await cdp.send('DOM.describeNode', { backendNodeId: parent.backendNodeId, depth: 1, pierce: true })) as { node: DomNode };
      for (const child of node.children ?? []) {
        if (!child.shadowRoots?.some((shadow) => shadow.shadowRootType === 'closed')) continue;
        const { node: host } = (await cdp.send('DOM.describeNode', { backendNodeId: child.backendNodeId, depth: -1, pierce: true })) as { node: DomNode };
        const closed = host.shadowRoots?.find((shadow) => shadow.shadowRootType === 'closed');
        if (closed) found.push({ host, root: closed });
      }
    }
    return found;
  }
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  const visit = (node: DomNode, inFrame: boolean) => {
    for (const shadow of node.shadowRoots ?? []) {
      if (shadow.shadowRootType === 'closed' && inFrame) found.push({ host: node, root: shadow });
      visit(shadow, inFrame);
    }
    for (const child of node.children ?? []) visit(child, inFrame);
    if (node.contentDocument) visit(node.contentDocument, true);
  };
  visit(root, false);
  return found;
}

type Matcher = string | RegExp;
const matches = (text: string, expected: Matcher) => (typeof expected === 'string' ? text === expected : expected.test(text));

/** A button (or field) inside the widget, found afresh on every call, as a locator is. */
export class WidgetControl {
  // Plain fields, not parameter properties: the bench and the scripts load this file with Node's
  // own type stripping, which does not support those.
  private readonly page: Page;
  private readonly pick: (root: DomNode) => DomNode | undefined;
  private readonly what: string;

  constructor(page: Page, pick: (root: DomNode) => DomNode | undefined, what: string) {
    this.page = page;
    this.pick = pick;
    this.what = what;
  }

  private async node(): Promise<DomNode | undefined> {
    const [widget] = await closedRoots(this.page);
    return widget ? this.pick(widget.root) : undefined;
  }

  /** The control's centre on screen, or null when it is absent or not rendered. */
  async point(): Promise<{ x: number; y: number } | null> {
    const node = await this.node();
    if (!node) return null;
    const cdp = await cdpOf(this.page);
    try {
      const { model } = (await cdp.send('DOM.getBoxModel', { backendNodeId: node.backendNodeId })) as {
        model: { content: number[] };
      };
      const [x1 = 0, y1 = 0, , , x3 = 0, y3 = 0] = model.content;
      return { x: (x1 + x3) / 2, y: (y1 + y3) / 2 };
    } catch {
      return null; // not rendered (hidden)
    }
  }

  /** The control's border box on screen, or null when it is absent or not rendered. */
  async box(): Promise<{ x: number; y: number; width: number; height: number } | null> {
    const node = await this.node();
    if (!node) return null;
    try {
      const { model } = (await (await cdpOf(this.page)).send('DOM.getBoxModel', { backendNodeId: node.backendNodeId })) as {
        model: { border: number[]; width: number; height: number };
      };
      return { x: model.border[0] ?? 0, y: model.border[1] ?? 0, width: model.width, height: model.height };
    } catch {
      return null;
    }
  }

  async text(): Promise<string> {
    const node = await this.node();
    return node ? textOf(node) : '';
  }

  /**
   * The control's accessible name and description, as the browser's accessibility tree gives them
   * to assistive technology. Before the rep acts, the button's state is there and not in its text
   * (issue 21): no page API reads it.
   */
  async accessible(): Promise<{ name: string; description: string }> {
    const node = await this.node();
    if (!node) return { name: '', description: '' };
    const { nodes } = (await (await cdpOf(this.page)).send('Accessibility.getPartialAXTree', {
      backendNodeId: node.backendNodeId,
      fetchRelatives: false,
    })) as { nodes: { name?: { value?: unknown }; description?: { value?: unknown } }[] };
    return { name: String(nodes[0]?.name?.value ?? ''), description: String(nodes[0]?.description?.value ?? '') };
  }

  /** Waits until the accessible name is `expected` (the state a screen reader announces). */
  async expectName(expected: Matcher, options: { timeout?: number } = {}): Promise<void> {
    await expect
      .poll(async () => {
        const { name } = await this.accessible();
        return matches(name, expected) ? expected : name;
      }, { message: `${this.what} is named ${String(expected)}`, ...options })
      .toEqual(expected);
  }

  async isVisible(): Promise<boolean> {
    return (await this.point()) !== null;
  }

  async expectText(expected: Matcher, options: { timeout?: number } = {}): Promise<void> {
    await expect
      .poll(async () => {
        const text = await this.text();
        return matches(text, expected) ? expected : text;
      }, { message: `${this.what} says ${String(expected)}`, ...WIDGET_POLL, ...options })
      .toEqual(expected);
  }

  /** As Locator.waitFor for the visible state (the bench uses it). */
  async waitFor(options: { state?: 'visible'; timeout?: number } = {}): Promise<void> {
    await this.expectVisible(options.timeout === undefined ? {} : { timeout: options.timeout });
  }

  async expectVisible(options: { timeout?: number } = {}): Promise<void> {
    await expect.poll(() => this.isVisible(), { message: `${this.what} is visible`, ...WIDGET_POLL, ...options }).toBe(true);
  }

  /**
   * A real click at the control's centre, once it has been on screen for longer than the 500 ms a
   * button must show its profile before a click counts (what a rep does: look, then click).
   */
  async click(options: { settle?: boolean } = {}): Promise<void> {
    await this.expectVisible();
    if (options.settle ?? true) await this.page.waitForTimeout(600);
    const point = await this.point();
    if (!point) throw new Error(`${this.what} went away before the click`);
    await this.page.mouse.click(point.x, point.y);
  }

  /** Focuses the control once it has been on screen past the 500 ms (as `click`), for the keyboard. */
  async focus(options: { settle?: boolean } = {}): Promise<void> {
    await this.expectVisible();
    if (options.settle ?? true) await this.page.waitForTimeout(600);
    const node = await this.node();
    if (!node) throw new Error(`${this.what} is not on the page`);
    await (await cdpOf(this.page)).send('DOM.focus', { backendNodeId: node.backendNodeId });
  }

  /** Whether the control has the keyboard focus, as the accessibility tree says. */
  async isFocused(): Promise<boolean> {
    const node = await this.node();
    if (!node) return false;
    const { nodes } = (await (await cdpOf(this.page)).send('Accessibility.getPartialAXTree', {
      backendNodeId: node.backendNodeId,
      fetchRelatives: false,
    })) as { nodes: { properties?: { name: string; value: { value: unknown } }[] }[] };
    return nodes[0]?.properties?.some((property) => property.name === 'focused' && property.value.value === true) ?? false;
  }

  async expectFocused(options: { timeout?: number } = {}): Promise<void> {
    await expect.poll(() => this.isFocused(), { message: `${this.what} has the focus`, ...WIDGET_POLL, ...options }).toBe(true);
  }

  /** For a field: clicks into it, selects what it holds and types `value` with the keyboard. */
  async fill(value: string): Promise<void> {
    await this.click({ settle: false });
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.press('Delete');
    if (value) await this.page.keyboard.type(value);
  }
}

/** The whole Capture widget of a page (host, closed root, every control in it). */
export class CaptureWidget {
  private readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  /** How many widgets the page holds (closed shadow roots at top level). */
  async count(): Promise<number> {
    return (await closedRoots(this.page)).length;
  }

  /** How many closed-root widgets the page's frames hold (ours runs in the top frame only). */
  async countInFrames(): Promise<number> {
    return (await closedRoots(this.page, 'frames')).length;
  }

  async expectCount(count: number, options: { timeout?: number } = {}): Promise<void> {
    await expect.poll(() => this.count(), { message: `${count} Capture widget(s) on the page`, ...WIDGET_POLL, ...options }).toBe(count);
  }

  /** Everything the widget shows, as text. */
  async text(): Promise<string> {
    const [widget] = await closedRoots(this.page);
    return widget ? textOf(widget.root) : '';
  }

  async expectContainText(expected: string, options: { timeout?: number } = {}): Promise<void> {
    await expect.poll(() => this.text(), { message: `the widget shows ${expected}`, ...WIDGET_POLL, ...options }).toContain(expected);
  }

  /** The main button. */
  main(): WidgetControl {
    return new WidgetControl(
      this.page,
      (root) => [...descendants(root)].find((node) => node.localName === 'button' && attribute(node, 'class') === 'main'),
      'the Capture button',
    );
  }

  /** A button by the text it shows (exact). */
  button(name: string): WidgetControl {
    return new WidgetControl(
      this.page,
      (root) => [...descendants(root)].find((node) => node.localName === 'button' && textOf(node) === name),
      `the "${name}" button`,
    );
  }

  /** A text field by its label's text. */
  field(label: string): WidgetControl {
    return new WidgetControl(
      this.page,
      (root) => {
        const element = [...descendants(root)].find(
          (node) => node.localName === 'label' && (node.children ?? []).some((child) => child.nodeType === 3 && child.nodeValue === label),
        );
        return element ? [...descendants(element)].find((node) => node.localName === 'input') : undefined;
      },
      `the "${label}" field`,
    );
  }

  /** The panel holding every control (its role=group element), for pictures of the whole widget. */
  panel(): WidgetControl {
    return new WidgetControl(this.page, (root) => [...descendants(root)].find((node) => attribute(node, 'role') === 'group'), 'the panel');
  }

  /** The sentence under the button (its role=status paragraph). */
  status(): WidgetControl {
    return new WidgetControl(
      this.page,
      (root) => [...descendants(root)].find((node) => attribute(node, 'role') === 'status'),
      'the status line',
    );
  }
}

export function captureWidget(page: Page): CaptureWidget {
  return new CaptureWidget(page);
}

/** The injected Capture widget's main button. */
export function captureButton(page: Page): WidgetControl {
  return captureWidget(page).main();
}

// ---- a people search page (issue 13) ------------------------------------------------------------

/**
 * Fires the capture command as Chrome does on the shortcut, with the active tab (Chrome does not
 * route Playwright's key events to extension commands: tests/e2e/shortcut.spec.ts says why).
 */
export async function pressCaptureShortcut(serviceWorker: Worker, tab: Page, options: { look?: boolean } = {}): Promise<void> {
  await tab.bringToFront();
  // What a rep does: look at the page, then press. The worker takes only an address shown for
  // half a second as the page the rep saw (issue 21: not one a page switched to as the keys went
  // down). `look: false` presses at once, for the attack on exactly that.
  if (options.look ?? true) await tab.waitForTimeout(600);
  // Chrome passes the command the active tab: wait until the browser has made this one active.
  const activeTab = () =>
    serviceWorker.evaluate(async () => {
      const [active] = await (globalThis as unknown as { chrome: ChromeCommands }).chrome.tabs.query({ active: true, lastFocusedWindow: true });
      return (active as { url?: string } | undefined)?.url;
    });
  await expect.poll(activeTab, { intervals: [20] }).toBe(tab.url());
  await serviceWorker.evaluate(async () => {
    const api = (globalThis as unknown as { chrome: ChromeCommands }).chrome;
    const [active] = await api.tabs.query({ active: true, lastFocusedWindow: true });
    api.commands.onCommand.dispatch('capture-profile', active);
  });
}
interface ChromeCommands {
  tabs: { query(query: { active: boolean; lastFocusedWindow: boolean }): Promise<unknown[]> };
  commands: { onCommand: { dispatch(command: string, tab: unknown): void } };
}
