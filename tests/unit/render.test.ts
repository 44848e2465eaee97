// @vitest-environment happy-dom
/**
 * The pages' renderer (lib/pages/render.ts): a redraw changes only what differs, keeps keyed and
 * same-place elements as the same nodes, and never writes over what the rep typed.
 */
import { describe, expect, it, vi } from 'vitest';
import { h, patch } from '@/lib/pages/render';

function container(): HTMLElement {
  const root = document.createElement('div');
  document.body.replaceChildren(root);
  return root;
}

describe('patch', () => {
  it('draws elements, attributes and text, and text is never parsed as markup', () => {
    const root = container();
    patch(root, [h('p', { id: 'a', class: 'help', 'aria-live': 'polite' }, '<img src=x onerror=alert(1)>', 3)]);
    const p = root.querySelector('#a');
    expect(p?.getAttribute('class')).toBe('help');
    expect(p?.getAttribute('aria-live')).toBe('polite');
    expect(p?.textContent).toBe('<img src=x onerror=alert(1)>3');
    expect(root.querySelector('img')).toBeNull();
  });

  it('keeps the same nodes across redraws and updates only what changed', () => {
    const root = container();
    const view = (text: string, hidden: boolean) => [h('section', null, h('p', { id: 'x', hidden }, text), h('button', { type: 'button' }, 'Go'))];
    patch(root, view('one', false));
    const p = root.querySelector('#x');
    const button = root.querySelector('button');
    patch(root, view('two', true));
    expect(root.querySelector('#x')).toBe(p);
    expect(root.querySelector('button')).toBe(button);
    expect(p?.textContent).toBe('two');
    expect((p as HTMLElement).hidden).toBe(true);
  });

  it('matches list items by key: removing one keeps the others as they are, in order', () => {
    const root = container();
    const list = (ids: string[]) => [h('ul', null, ids.map((id) => h('li', { key: id }, id)))];
    patch(root, list(['a', 'b', 'c']));
    const [, b, c] = Array.from(root.querySelectorAll('li'));
    patch(root, list(['b', 'c', 'd']));
    const items = Array.from(root.querySelectorAll('li'));
    expect(items.map((item) => item.textContent)).toEqual(['b', 'c', 'd']);
    expect(items[0]).toBe(b);
    expect(items[1]).toBe(c);
  });

  it('a redraw keeps an input the rep is typing in: same node, value, selection and focus', () => {
    const root = container();
    let typed = 'Jane';
    const view = (count: number) => [
      h('p', null, `${count} waiting`),
      h('ul', null, Array.from({ length: count }, (_, index) => h('li', { key: String(index) }, String(index)))),
      h('form', { key: 'form' }, h('input', { id: 'first', value: typed, oninput: (event: Event) => (typed = (event.currentTarget as HTMLInputElement).value) })),
    ];
    patch(root, view(1));
    const input = root.querySelector<HTMLInputElement>('#first');
    if (!input) throw new Error('no input');
    input.focus();
    input.value = 'Janet';
    input.dispatchEvent(new Event('input'));
    input.setSelectionRange(2, 4);
    patch(root, view(5));
    patch(root, view(0));
    expect(root.querySelector('#first')).toBe(input);
    expect(input.value).toBe('Janet');
    expect([input.selectionStart, input.selectionEnd]).toEqual([2, 4]);
    expect(document.activeElement).toBe(input);
  });

  it('writes a live property only when the element differs from the view', () => {
    const root = container();
    patch(root, [h('input', { id: 'i', value: 'a' })]);
    const input = root.querySelector<HTMLInputElement>('#i');
    if (!input) throw new Error('no input');
    const setter = vi.spyOn(input, 'value', 'set');
    patch(root, [h('input', { id: 'i', value: 'a' })]);
    expect(setter).not.toHaveBeenCalled();
    patch(root, [h('input', { id: 'i', value: 'b' })]);
    expect(setter).toHaveBeenCalledWith('b');
  });

  it('calls the current handler, with one listener per event, and removes attributes that went away', () => {
    const root = container();
    const first = vi.fn();
    const second = vi.fn();
    patch(root, [h('button', { 'aria-label': 'x', onclick: first })]);
    const button = root.querySelector('button');
    patch(root, [h('button', { onclick: second })]);
    button?.click();
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
    expect(button?.hasAttribute('aria-label')).toBe(false);
  });

  it('draws SVG in its namespace', () => {
    const root = container();
    patch(root, [h('svg', { viewBox: '0 0 24 24' }, h('path', { d: 'M0 0' }))]);
    expect(root.querySelector('path')?.namespaceURI).toBe('http://www.w3.org/2000/svg');
  });
});

describe('attributes the styles select on', () => {
  it('type is written as an attribute, so [type=text] matches, and a change of type keeps the value', () => {
    const root = container();
    patch(root, [h('input', { id: 'k', type: 'password', value: 'secret' })]);
    const input = root.querySelector<HTMLInputElement>('#k');
    expect(input?.getAttribute('type')).toBe('password');
    patch(root, [h('input', { id: 'k', type: 'text', value: 'secret' })]);
    expect(root.querySelector("input[type='text']")).toBe(input);
    expect(input?.value).toBe('secret');
  });
});
