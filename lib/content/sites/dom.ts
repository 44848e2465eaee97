/**
 * Reading a page the way both sensors must: bounded, text only. A hostile or huge page (a 100 KB
 * name, 10,000 nested elements) costs no more than a normal one, and markup is never parsed.
 * Runs in the content script: plain code; its only import is the bounds it shares with the worker.
 */

import { MAX_TEXT_NODES, READ_HREF_LIMIT, READ_TEXT_LIMIT } from '../../shared/sites/read-limits';

// Node.TEXT_NODE and Node.ELEMENT_NODE, spelled out: the global `Node` is not there outside a window.
const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

/**
 * Text of `root`, read text node by text node with `textContent` and cut at `limit` characters,
 * visiting at most MAX_TEXT_NODES nodes: `root.textContent` would first copy all of it, however big.
 */
export function boundedText(root: Node, limit = READ_TEXT_LIMIT): string {
  let text = '';
  let visited = 0;
  let node: Node | null = root.firstChild;
  while (node !== null && text.length < limit && visited < MAX_TEXT_NODES) {
    visited += 1;
    if (node.nodeType === TEXT_NODE) text += (node.textContent ?? '').slice(0, limit - text.length);
    if (node.firstChild !== null && node.nodeType === ELEMENT_NODE) {
      node = node.firstChild;
      continue;
    }
    while (node !== null && node !== root && node.nextSibling === null) node = node.parentNode;
    node = node === null || node === root ? null : node.nextSibling;
  }
  return text;
}

/** An attribute, cut to READ_HREF_LIMIT; null when absent. */
export function boundedAttribute(element: Element | null | undefined, name: string): string | null {
  const value = element?.getAttribute(name) ?? null;
  return value === null ? null : value.slice(0, READ_HREF_LIMIT);
}

/**
 * A page title within READ_TEXT_LIMIT. A longer one keeps its start and its end, joined by a space:
 * the name leads a profile's title and the site's suffix ("| LinkedIn") ends it.
 */
export function boundedTitle(title: string): string {
  if (title.length <= READ_TEXT_LIMIT) return title;
  const tail = 100;
  return `${title.slice(0, READ_TEXT_LIMIT - tail - 1)} ${title.slice(-tail)}`;
}

/** "ancestor target", two compound selectors and one descendant combinator. */
const DESCENDANT_SELECTOR = /^([^\s>+~,()]+) ([^\s>+~,()]+)$/u;

/**
 * The first `max` elements of `scope` matching `selector`, in page order. An "ancestor target"
 * selector is searched as `target`, each match kept when it has such an ancestor: the same
 * elements, but happy-dom walks everything under each `ancestor` twice for the combined selector.
 */
export function firstMatches(scope: ParentNode, selector: string, max: number): Element[] {
  const [, ancestor, target] = DESCENDANT_SELECTOR.exec(selector) ?? [];
  const all = scope.querySelectorAll(target ?? selector);
  const found: Element[] = [];
  for (let index = 0; index < all.length && found.length < max; index += 1) {
    const element = all[index];
    if (element === undefined) continue;
    if (ancestor === undefined || (element.parentElement?.closest(ancestor) ?? null) !== null) found.push(element);
  }
  return found;
}

/**
 * Whether any alternative matches in `scope`. One `querySelector` per alternative, not one
 * `:is(…)` of them all: Chromium keeps its fast paths for each plain selector and not for the
 * `:is()` (measured in Chromium 156 on the large profile: 1.2 ms for the refusal and Experience
 * alternatives one by one, 5.3 ms as one `:is()`), though happy-dom walks the page once per call.
 */
export function anyMatch(scope: ParentNode, selectors: readonly string[]): boolean {
  return selectors.some((selector) => scope.querySelector(selector) !== null);
}

/** The element that comes first in the page among the first matches of each alternative. */
export function firstInPage(scope: ParentNode, selectors: readonly string[]): Element | null {
  let earliest: Element | null = null;
  for (const selector of selectors) {
    const found = scope.querySelector(selector);
    // DOCUMENT_POSITION_PRECEDING (2): `found` comes before `earliest`.
    if (found !== null && (earliest === null || (earliest.compareDocumentPosition(found) & 2) !== 0)) earliest = found;
  }
  return earliest;
}

/** The first element matching the first selector that matches anything: selectors are fallbacks. */
export function first(scope: ParentNode, selectors: readonly string[]): Element | null {
  for (const selector of selectors) {
    const found = scope.querySelector(selector);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Whether `element` is out of sight: inside one of `hiddenBy` (hidden attribute, dialogs,
 * visually-hidden classes), or under `aria-hidden="true"` other than a span inside a list entry
 * (LinkedIn shows every Experience line twice: a `span[aria-hidden=true]` copy for the eyes and a
 * visually-hidden one for screen readers, so that copy is the visible text).
 */
export function isHidden(element: Element, hiddenBy: readonly string[]): boolean {
  if (element.closest(hiddenBy.join(', ')) !== null) return true;
  let ariaHidden = element.closest('[aria-hidden="true"]');
  for (let steps = 0; ariaHidden !== null && steps < 8; steps += 1) {
    const visibleCopy = ariaHidden.tagName === 'SPAN' && ariaHidden.closest('li') !== null;
    if (!visibleCopy) return true;
    ariaHidden = ariaHidden.parentElement?.closest('[aria-hidden="true"]') ?? null;
  }
  return false;
}

/** Up to `max` elements matching `selector` in `scope` that are in sight, in page order. */
export function visible(scope: ParentNode, selector: string, hiddenBy: readonly string[], max: number): Element[] {
  // The common case first: querySelector stops at the first match, querySelectorAll walks everything.
  const firstMatch = scope.querySelector(selector);
  if (firstMatch === null) return [];
  if (max === 1 && !isHidden(firstMatch, hiddenBy)) return [firstMatch];
  const found: Element[] = [];
  const all = scope.querySelectorAll(selector);
  // Bounded twice: a page can hold thousands of matches, most of them hidden.
  for (let index = 0; index < all.length && index < max * 4 && found.length < max; index += 1) {
    const element = all[index];
    if (element !== undefined && !isHidden(element, hiddenBy)) found.push(element);
  }
  return found;
}
