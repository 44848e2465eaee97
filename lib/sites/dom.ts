/**
 * Reading a page the way both scrapers must: bounded, text only. A hostile or huge page (a 100 KB
 * name, 10,000 nested elements) costs no more than a normal one, and markup is never parsed.
 */

/** At most this many nodes are visited for one piece of text. */
export const MAX_TEXT_NODES = 200;

// Node.TEXT_NODE and Node.ELEMENT_NODE, spelled out: the global `Node` is not there outside a window.
const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

/**
 * Text of `root`, read text node by text node with `textContent` and cut at `limit` characters,
 * visiting at most MAX_TEXT_NODES nodes: `root.textContent` would first copy all of it, however big.
 */
export function boundedText(root: Node, limit: number): string {
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

/** The first element matching the first selector that matches anything: selectors are fallbacks. */
export function first(scope: ParentNode, selectors: readonly string[]): Element | null {
  for (const selector of selectors) {
    const found = scope.querySelector(selector);
    if (found !== null) return found;
  }
  return null;
}
