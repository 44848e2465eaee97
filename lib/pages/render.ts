/**
 * The pages' renderer: a view is a function from state to a tree of `h()` nodes, and `patch()`
 * makes a container's DOM match it, changing only what differs. Nodes are matched by `key` (else
 * by position and tag), so an element that stays in the view stays the same DOM node: an open
 * form keeps its inputs, the caret, the focus and an IME composition across any redraw.
 *
 * Text always goes in as text nodes and attributes with setAttribute: nothing is parsed as HTML.
 * Live properties (`value`, `checked`, …) are compared with the element, not with the last view,
 * and written only when they differ, so a redraw never writes over what the rep is typing.
 */

export type Child = VNode | string | number | null | undefined | false | readonly Child[];

/** Attributes (strings, numbers, booleans), live properties, `on<event>` handlers, `key` and `ref`. */
export interface Props {
  key?: string;
  /** Called with the element after each patch (focus, a dialog's showModal). */
  ref?: (element: Element) => void;
  [name: string]: unknown;
}

export interface VNode {
  readonly tag: string;
  readonly props: Props;
  readonly children: readonly Child[];
}

export function h(tag: string, props: Props | null, ...children: Child[]): VNode {
  return { tag, props: props ?? {}, children };
}

/**
 * Set as properties, compared with the element's current value: what the rep changes (value,
 * checked, selected) and booleans the element reflects. Everything else, `type` included (styles
 * select on `[type='text']`, which an unset attribute would not match), is an attribute.
 */
const LIVE_PROPERTIES = new Set(['value', 'checked', 'selected', 'disabled', 'hidden', 'maxLength', 'required']);
const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';

interface Rendered {
  tag: string;
  key: string | undefined;
  props: Props;
  /** The current handler per event name; one listener per event forwards to it. */
  handlers: Map<string, (event: Event) => void>;
}
const rendered = new WeakMap<Node, Rendered>();

type Flat = VNode | string;

function flatten(children: readonly Child[], into: Flat[] = []): Flat[] {
  for (const child of children) {
    if (child === null || child === undefined || child === false || child === '') continue;
    if (Array.isArray(child)) flatten(child, into);
    else if (typeof child === 'object') into.push(child as VNode);
    else into.push(String(child));
  }
  return into;
}

function setProp(element: Element, info: Rendered, name: string, value: unknown): void {
  if (name === 'key' || name === 'ref') return;
  if (name.startsWith('on')) {
    const event = name.slice(2);
    if (typeof value === 'function') {
      if (!info.handlers.has(event)) element.addEventListener(event, (e) => info.handlers.get(event)?.(e));
      info.handlers.set(event, value as (event: Event) => void);
    } else {
      info.handlers.delete(event);
    }
    return;
  }
  if (LIVE_PROPERTIES.has(name) && name in element) {
    const target = element as unknown as Record<string, unknown>;
    const next = value ?? (typeof target[name] === 'boolean' ? false : name === 'value' ? '' : target[name]);
    if (target[name] !== next) target[name] = next;
    return;
  }
  if (value === null || value === undefined || value === false) element.removeAttribute(name);
  else element.setAttribute(name, value === true ? '' : String(value));
}

function create(vnode: VNode, parent: Element): Element {
  const svg = vnode.tag === 'svg' || parent.namespaceURI === SVG_NAMESPACE;
  const document = parent.ownerDocument;
  const element = svg ? document.createElementNS(SVG_NAMESPACE, vnode.tag) : document.createElement(vnode.tag);
  rendered.set(element, { tag: vnode.tag, key: vnode.props.key, props: {}, handlers: new Map() });
  return element;
}

function update(element: Element, vnode: VNode): void {
  const info = rendered.get(element);
  if (!info) return;
  // Children first: a <select>'s value can only name one of its options once they are there.
  patch(element, vnode.children);
  for (const name of Object.keys(info.props)) if (!(name in vnode.props)) setProp(element, info, name, undefined);
  for (const [name, value] of Object.entries(vnode.props)) {
    if (LIVE_PROPERTIES.has(name) || info.props[name] !== value) setProp(element, info, name, value);
  }
  info.props = vnode.props;
  vnode.props.ref?.(element);
}

/** Makes `parent`'s children match `children`, reusing keyed and same-position nodes in place. */
export function patch(parent: Element, children: readonly Child[]): void {
  const next = flatten(children);
  const keyed = new Map<string, Node>();
  const unkeyed: Node[] = [];
  for (const node of Array.from(parent.childNodes)) {
    const key = rendered.get(node)?.key;
    if (key !== undefined) keyed.set(key, node);
    else unkeyed.push(node);
  }
  let position = 0;
  const nodes = next.map((child): Node => {
    if (typeof child === 'string') {
      const candidate = unkeyed[position];
      if (candidate?.nodeType === 3) {
        position += 1;
        if (candidate.nodeValue !== child) candidate.nodeValue = child;
        return candidate;
      }
      return parent.ownerDocument.createTextNode(child);
    }
    const key = child.props.key;
    let candidate = key === undefined ? unkeyed[position] : keyed.get(key);
    if (key === undefined && candidate && rendered.get(candidate)?.tag === child.tag) position += 1;
    if (!candidate || rendered.get(candidate)?.tag !== child.tag || (key !== undefined && !keyed.delete(key))) {
      candidate = create(child, parent);
    }
    return candidate;
  });
  // Remove what is no longer in the view first, so that nodes that stay are never moved needlessly
  // (moving a focused element drops its focus).
  const kept = new Set(nodes);
  for (const node of Array.from(parent.childNodes)) if (!kept.has(node)) node.remove();
  let cursor = parent.firstChild;
  for (const node of nodes) {
    if (node === cursor) cursor = cursor.nextSibling;
    else parent.insertBefore(node, cursor);
  }
  next.forEach((child, index) => {
    const node = nodes[index];
    if (typeof child !== 'string' && node?.nodeType === 1) update(node as Element, child);
  });
}
