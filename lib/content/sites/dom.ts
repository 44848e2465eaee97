/**
 * Reading a page the way both sensors must: bounded, text only, and only what a person can see
 * (issue 21). A hostile or huge page (a 100 KB name, 10,000 nested elements) costs no more than a
 * normal one, markup is never parsed, and text the page hides from the eye (no box, transparent,
 * zero-sized, clipped away, in a dialog or hidden) is never read, whatever it holds.
 * Runs in the content script: plain code; its only import is the bounds it shares with the worker.
 */

import { MAX_LINE_DEPTH, MAX_TEXT_NODES, READ_HREF_LIMIT, READ_TEXT_LIMIT } from '../../shared/sites/read-limits';

// Node.TEXT_NODE and Node.ELEMENT_NODE, spelled out: the global `Node` is not there outside a window.
const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

/**
 * Never the page a person reads, whatever its style: hidden elements, dialogs (a sign-in modal,
 * another person's card over the profile), and LinkedIn's screen-reader copies by their class (the
 * same copies are also caught by their clipping, which survives a renamed class).
 */
export const NOT_SHOWN = '[hidden], dialog, [role="dialog"], [aria-modal="true"], .visually-hidden, .sr-only';

/** Ancestors looked at for clipping (screen-reader copies clip themselves or their parent). */
const CLIP_STEPS = 3;
/** How deep a walk goes before it reads an element whole. */
const MAX_WALK_DEPTH = 64;
/** Next siblings looked at on each level up from a name. */
const MAX_SIBLING_STEPS = 6;

/** Clipped to nothing: `clip: rect(…)` on a positioned box, `clip-path: inset(50%)`, or a 1-pixel box that hides its overflow. */
function clipped(style: CSSStyleDeclaration): boolean {
  return (
    (style.clip.startsWith('rect') && /^(absolute|fixed)$/u.test(style.position)) ||
    /inset\(\s*50%|circle\(\s*0/u.test(style.clipPath) ||
    (style.overflow === 'hidden' && (parseFloat(style.width) <= 1 || parseFloat(style.height) <= 1))
  );
}

/** A style that hides the element and everything in it: no box, fully transparent, or clipped away. */
const hidesSubtree = (style: CSSStyleDeclaration | undefined): boolean =>
  style !== undefined && (style.display === 'none' || style.opacity === '0' || clipped(style));

/** A style under which the element's own text cannot be seen: invisible, zero-sized or transparent letters. */
const hidesText = (style: CSSStyleDeclaration | undefined): boolean =>
  style !== undefined && (/^(hidden|collapse)$/u.test(style.visibility) || parseFloat(style.fontSize) === 0 || /^(transparent|rgba\(.*,\s*0\))$/u.test(style.color));

/** Whether `element` holds text of its own (not only in its children): it is one line of the page. */
function ownsText(element: Element): boolean {
  for (let child = element.firstChild, steps = 0; child !== null && steps < MAX_TEXT_NODES; child = child.nextSibling, steps += 1) {
    if (child.nodeType === TEXT_NODE && (child.textContent ?? '').trim() !== '') return true;
  }
  return false;
}

/**
 * Text of `root`, read text node by text node with `textContent` and cut at `limit` characters,
 * visiting at most MAX_TEXT_NODES nodes: `root.textContent` would first copy all of it, however big.
 * `hides` (from a Sight) leaves out the parts a person does not see.
 */
export function boundedText(root: Node, limit = READ_TEXT_LIMIT, hides?: { subtree(element: Element): boolean; text(element: Element): boolean }): string {
  let text = '';
  let visited = 0;
  let node: Node | null = root.firstChild;
  while (node !== null && text.length < limit && visited < MAX_TEXT_NODES) {
    visited += 1;
    let enter = node.firstChild !== null && node.nodeType === ELEMENT_NODE;
    if (node.nodeType === TEXT_NODE) {
      const parent = node.parentElement;
      if (hides === undefined || parent === null || !hides.text(parent)) text += (node.textContent ?? '').slice(0, limit - text.length);
    } else if (enter && hides !== undefined && hides.subtree(node as Element)) {
      enter = false;
    }
    if (enter) {
      node = node.firstChild;
      continue;
    }
    while (node !== null && node !== root && node.nextSibling === null) node = node.parentNode;
    node = node === null || node === root ? null : node.nextSibling;
  }
  return text;
}

export interface SeenLineElement {
  element: Element;
  text: string;
  path: number[];
}

/**
 * What a person sees of the page, for one reading: each element's computed style is asked once
 * (happy-dom computes a style in milliseconds; Chromium in microseconds, but a reading asks for
 * hundreds).
 */
export interface Sight {
  /**
   * Whether a person can see `element` at all: not inside what is never the page, and, where the
   * browser can tell (Chromium, happy-dom), rendered, not transparent and not clipped away.
   */
  inSight(element: Element): boolean;
  /**
   * What a person reads in `element`: '' when it is out of sight; else its text without the parts
   * hidden from the eye, nor text drawn invisible, zero-sized or transparent ("Jane <span
   * style="font-size:0">HYPERLINK</span> Doe" reads "Jane  Doe").
   */
  text(element: Element | null | undefined, limit?: number): string;
  /** What hides a subtree or an element's own text from the eye, for `boundedText`. */
  hides: { subtree(element: Element): boolean; text(element: Element): boolean };
}

export function createSight(): Sight {
  const styles = new Map<Element, CSSStyleDeclaration | undefined>();
  const styleOf = (element: Element): CSSStyleDeclaration | undefined => {
    if (!styles.has(element)) styles.set(element, element.ownerDocument.defaultView?.getComputedStyle(element));
    return styles.get(element);
  };
  const hides = {
    subtree: (element: Element) => element.matches(NOT_SHOWN) || hidesSubtree(styleOf(element)),
    text: (element: Element) => hidesText(styleOf(element)),
  };
  const inSight = (element: Element): boolean => {
    if (
      element.closest(NOT_SHOWN) !== null ||
      // visibility: hidden is inherited and may be undone by a child: decided per text.
      (element.checkVisibility?.({ opacityProperty: true, visibilityProperty: true }) === false && styleOf(element)?.visibility !== 'hidden')
    ) {
      return false;
    }
    let ancestor: Element | null = element;
    for (let steps = 0; ancestor !== null && steps <= CLIP_STEPS; steps += 1, ancestor = ancestor.parentElement) {
      const style = styleOf(ancestor);
      if (style !== undefined && clipped(style)) return false;
    }
    return true;
  };
  return { inSight, text: (element, limit = READ_TEXT_LIMIT) => (element != null && inSight(element) ? boundedText(element, limit, hides) : ''), hides };
}

/**
 * The lines a person reads in `root`, in page order: each element that holds text of its own is one
 * line, read whole. `path` numbers the elements around the line (the innermost MAX_LINE_DEPTH,
 * outermost first, `root` excluded), so the worker can tell which lines belong together (a role, a
 * result) whatever the classes. `skip` leaves out more (controls). At most `maxLines` lines,
 * `maxElements` elements entered.
 */
export function seenLines(
  sight: Sight,
  root: Element,
  maxLines: number,
  maxElements: number,
  skip: (element: Element) => boolean = () => false,
): SeenLineElement[] {
  const found: SeenLineElement[] = [];
  let entered = 0;
  const visit = (element: Element, path: number[], depth: number): void => {
    for (let child = element.firstElementChild; child !== null && found.length < maxLines && entered < maxElements; child = child.nextElementSibling) {
      entered += 1;
      // An empty element holds no line: its style is not asked.
      if (child.firstChild === null || skip(child) || sight.hides.subtree(child)) continue;
      // Deeper than MAX_WALK_DEPTH (a hostile page nests 10,000 levels), the element is read whole.
      if (ownsText(child) || depth >= MAX_WALK_DEPTH) {
        const line = boundedText(child, READ_TEXT_LIMIT, sight.hides);
        if (line.trim() !== '') found.push({ element: child, text: line, path });
      } else {
        // The innermost elements say what belongs together: the outermost are dropped first.
        visit(child, [...path, entered].slice(-MAX_LINE_DEPTH), depth + 1);
      }
    }
  };
  visit(root, [], 0);
  return found;
}

/**
 * The one-line blocks after `name`, walking out from it up to `card`: each next sibling that holds
 * exactly one line in sight and no control ("Contact info", "Connect"), in order. A headline is one
 * of them; a block of several lines (the place and the connection count) is not.
 */
export function linesAfter(sight: Sight, name: Element, card: Element, max: number, controls: string): string[] {
  const found: string[] = [];
  for (let block: Element | null = name; block !== null && block !== card && found.length < max; block = block.parentElement) {
    let sibling = block.nextElementSibling;
    for (let steps = 0; sibling !== null && steps < MAX_SIBLING_STEPS && found.length < max; steps += 1, sibling = sibling.nextElementSibling) {
      if (sibling.matches(controls) || sibling.querySelector(controls) !== null || !sight.inSight(sibling)) continue;
      const read = ownsText(sibling) ? [boundedText(sibling, READ_TEXT_LIMIT, sight.hides)] : seenLines(sight, sibling, 2, MAX_TEXT_NODES).map((line) => line.text);
      const [line] = read;
      if (read.length === 1 && line !== undefined && line.trim() !== '') found.push(line);
    }
  }
  return found;
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

/** A selector that is a plain tag name ("h1", "section"). */
const TAG_NAME = /^[a-z][a-z\d]*$/u;

/**
 * The first `max` elements of `scope` matching `selector` that `keep` accepts, in page order,
 * looking at no more than `max * 8` matches: a page can hold thousands, most of them not wanted.
 * A tag name is searched with getElementsByTagName, whose live list the browser walks only as far
 * as it is read, and its length is never asked: querySelectorAll first finds every match (10,000
 * headings on a hostile page; about 10 times a whole-page walk in happy-dom).
 */
export function firstMatches(scope: Document | Element, selector: string, max: number, keep: (element: Element) => boolean = () => true): Element[] {
  const all = TAG_NAME.test(selector) ? scope.getElementsByTagName(selector) : scope.querySelectorAll(selector);
  const found: Element[] = [];
  for (let index = 0, element = all[0]; element !== undefined && index < max * 8 && found.length < max; index += 1, element = all[index]) {
    if (keep(element)) found.push(element);
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
