/**
 * The Capture button on a page: a view only. It draws what lib/content/capture-controller.ts hands
 * it and reports the rep's genuine activations.
 *
 * The page is hostile (issues 11 and 21), so:
 * - the host is a plain `div` with its inline style and the standard `popover` attribute (shown in
 *   the top layer: the cheapest way to draw a button over a heavy page, issue 22), no id, no class;
 *   a page's own modal dialog opened after it is drawn above it, as it should be;
 * - its shadow root is **closed**; and since a closed root hides nodes, not words (`window.find`
 *   and `Selection.modify` read rendered text through it), nothing drawn as text depends on the
 *   rep's history before the rep acts: the button reads "Capture" in every state, the state is a
 *   shape, and its words are the button's accessible name and description (attributes inside the
 *   closed root, which no page API reads). After the rep's own click the outcome is written out;
 * - the host's box is fixed by inline `!important` declarations, and so is the main button's: no
 *   size or position tells a state; a click counts only if the host is drawn as we drew it and our
 *   button is the topmost element under the pointer (`genuineClick`);
 * - page data never reaches it: labels are our worker's words, set with textContent.
 *
 * Nothing here runs before the button is needed: in "Only in the toolbar" it is never evaluated
 * beyond its declarations (issue 22).
 */
import { DARK, LIGHT } from '../shared/brand';
import { checkEnteredDetails, type DetailsField } from '../shared/entered-details';
import type { ButtonState, DetailsFormWords, EnteredDetails } from '../shared/messages';
import type { FoundDetails } from '../shared/sites/types';

/** The host's box: the same in every state. */
export const HOST_SIZE = { width: 380, height: 420 } as const;

/**
 * The host's box. Inline and `!important`: page stylesheets cannot move, hide or fade it, and the
 * user agent's popover box (centred, bordered, Canvas background) is undone by `all: initial`. Only
 * our buttons take the pointer, so neither `getBoundingClientRect` nor hit-testing the empty area
 * tells the page anything.
 */
export function hostStyle(): string {
  return [
    'all: initial',
    'position: fixed',
    'right: 24px',
    'bottom: 80px',
    `width: ${HOST_SIZE.width}px`,
    `height: ${HOST_SIZE.height}px`,
    'margin: 0',
    'z-index: 2147483646',
    'display: block',
    'opacity: 1',
    'visibility: visible',
    'pointer-events: none',
    'transform: none',
    'filter: none',
    'clip-path: none',
    'mix-blend-mode: normal',
    'contain: layout style paint',
  ]
    .map((declaration) => `${declaration} !important;`)
    .join(' ');
}

// No shadow reaches outside an element: the browser's visibility check (Intersection Observer v2,
// in genuineClick) counts another element's shadow over a button as covering it. Colours come
// from the brand palette (lib/shared/brand.ts); the few it lacks (amber for Queued, focus ring,
// dark card) are chosen for white text / AA on the page.
function styleText(): string {
  return `
.panel { position: absolute; right: 0; bottom: 0; display: flex; flex-direction: column; align-items: flex-end;
  gap: 6px; font: 500 14px/1.3 system-ui, sans-serif; }
.row { display: flex; gap: 6px; }
button { all: unset; pointer-events: auto; box-sizing: border-box; display: inline-flex; align-items: center; gap: 8px;
  min-height: 40px; padding: 8px 12px; border-radius: 20px; cursor: pointer;
  background: ${LIGHT.primary}; color: ${LIGHT.onPrimary}; box-shadow: 0 0 0 1px rgb(17 24 39 / 0.25) inset;
  font: inherit; max-width: 320px; }
button:hover { background: ${LIGHT.primaryHover}; }
button:focus-visible, input:focus-visible { outline: 3px solid #F59E0B; outline-offset: 2px; }
button[data-kind="captured"] { background: ${LIGHT.accentText}; }
button[data-kind="queued"] { background: #92400E; }
button[data-kind="failed"], button[data-kind="not-connected"] { background: ${LIGHT.danger}; }
button[data-kind="capturing"] { cursor: progress; }
button.secondary { background: ${LIGHT.surface}; color: ${LIGHT.primaryHover}; box-shadow: 0 0 0 2px ${LIGHT.primary} inset; }
[hidden] { display: none !important; }
/* The main button: one size whatever it says (a long label wraps to two lines, then is cut). */
.main { width: 240px; height: 52px; justify-content: center; }
.main span { flex: 1; text-align: center; display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2;
  overflow: hidden; overflow-wrap: anywhere; }
svg { flex: none; width: 18px; height: 18px; }
/* The sentence keeps its place when empty, so the button sits at the same spot whatever it says. */
.detail { box-sizing: border-box; height: 44px; overflow: hidden; }
.detail:empty { visibility: hidden; }
.detail, form { margin: 0; padding: 6px 10px; border-radius: 8px; background: ${LIGHT.surface}; color: ${LIGHT.text};
  border: 1px solid rgb(17 24 39 / 0.25); font-size: 12px; font-weight: 400; max-width: 300px; }
form { pointer-events: auto; display: flex; flex-direction: column; gap: 2px; padding: 10px; width: 300px; box-sizing: border-box; font-size: 13px; }
form p { margin: 0; }
label { display: flex; flex-direction: column; gap: 2px; font-weight: 500; }
input { font: inherit; font-weight: 400; padding: 3px 6px; border: 1px solid ${LIGHT.text}; border-radius: 4px;
  background: ${LIGHT.surface}; color: ${LIGHT.text}; }
input[aria-invalid="true"] { border-color: ${LIGHT.danger}; }
/* Each field's error has its line reserved: an error never makes the form taller than its box. */
.error { color: ${LIGHT.danger}; font-size: 12px; min-height: 16px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
form .row { justify-content: flex-end; }
@media (prefers-color-scheme: dark) {
  .detail, form, input { background: #1F2937; color: ${DARK.text}; }
  button.secondary { background: ${DARK.surface}; color: ${DARK.primaryHover}; box-shadow: 0 0 0 2px ${DARK.primary} inset; }
}
`;
}

/** What the view draws; the controller decides it (lib/content/capture-controller.ts). */
export interface ButtonModel {
  kind: ButtonState['kind'];
  /** The main button's visible text. */
  label: string;
  /** Its accessible name and description. */
  name: string;
  description: string;
  /** The sentence under the button, as text ('' before the rep acts). */
  detail: string;
  /** "Capture again" once the rep asks for it. */
  again?: { label: string; hint: string } | undefined;
  /** "Enter details", offered with what was found. */
  form?: { words: DetailsFormWords; found: FoundDetails; jobTitle: boolean } | undefined;
}

export interface CaptureButtonHandlers {
  /** The main button was activated by the rep (trusted, visible, topmost). */
  onActivate(): void;
  onCaptureAgain(): void;
  /** "Capture" in the "Enter details" form, with fields that passed the shared check. */
  onSubmitDetails(details: EnteredDetails): void;
}

/** Decides whether a click on one of our buttons is the rep's. */
export type ClickCheck = (event: MouseEvent, target: HTMLElement) => boolean;

/** The checks that need layout; tests without layout (happy-dom) replace them. */
export interface PageChecks {
  click: ClickCheck;
  /** The host is drawn as we drew it (for the form's submit, which has no pointer position). */
  drawn(): boolean;
}

export interface CaptureButtonView {
  readonly host: HTMLElement;
  /** The closed shadow root, for our own code and tests; the page cannot reach it. */
  readonly root: ShadowRoot;
  render(model: ButtonModel): void;
  /** Shows "Capture again" next to the button and focuses it. */
  offerCaptureAgain(): void;
  closeDetails(): void;
  /** The host is on the page and shown as we put it (in the top layer, not made inert by the page). */
  shown(): boolean;
  /** Puts the host on `doc` and shows it; false when the page shows a modal of its own, which wins. */
  show(doc: Document): boolean;
  remove(): void;
}

/** The cssText the browser made of the host style, per host, to notice any rewrite by the page. */
const HOST_STYLE_APPLIED = new WeakMap<HTMLElement, string>();

function styleHost(host: HTMLElement): void {
  host.style.cssText = hostStyle();
  HOST_STYLE_APPLIED.set(host, host.style.cssText);
}

/** The host is drawn as we drew it: our inline style untouched, opaque, unfiltered, full size (ancestors included). */
function drawnAsWeDrewIt(host: HTMLElement): boolean {
  if (host.style.cssText !== HOST_STYLE_APPLIED.get(host)) return false;
  const view = host.ownerDocument.defaultView;
  if (!view) return false;
  if (typeof host.checkVisibility === 'function' && !host.checkVisibility({ opacityProperty: true, visibilityProperty: true })) {
    return false;
  }
  for (let element: Element | null = host; element; element = element.parentElement) {
    const style = view.getComputedStyle(element);
    if (style.display === 'none' || Number(style.opacity) < 1 || style.filter !== 'none') return false;
    if (style.clipPath !== 'none' || style.mixBlendMode !== 'normal' || (style.mask && style.mask !== 'none')) return false;
  }
  if (view.getComputedStyle(host).visibility !== 'visible') return false;
  // Its full size (a page shrinking it with `zoom` or `scale`); that the clicked button itself is on
  // screen and unclipped is checked per click (Intersection Observer v2, hit-testing).
  const box = host.getBoundingClientRect();
  return Math.round(box.width) === HOST_SIZE.width && Math.round(box.height) === HOST_SIZE.height;
}

/** Intersection Observer v2 (Chromium): `isVisible` is false while anything covers, fades or distorts the target. */
type VisibilityEntry = IntersectionObserverEntry & { readonly isVisible?: boolean };

/**
 * Which of our buttons the browser reports as really visible: unoccluded (even by a page overlay
 * with `pointer-events: none`, which hit-testing does not see), opaque, untransformed, wholly on
 * screen. Undefined where the browser has no Intersection Observer v2; the other checks stand then.
 */
interface VisibilityWatch {
  isVisible(target: HTMLElement): boolean | undefined;
  /** Observes `target` afresh: a control that was hidden (display: none) gets a new first report once shown. */
  refresh(target: HTMLElement): void;
}

function watchVisibility(targets: HTMLElement[]): VisibilityWatch {
  const visible = new WeakMap<Element, boolean>();
  if (typeof IntersectionObserver !== 'function') return { isVisible: () => undefined, refresh: () => undefined };
  let supported = false;
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries as VisibilityEntry[]) {
        if (typeof entry.isVisible !== 'boolean') continue;
        supported = true;
        visible.set(entry.target, entry.isVisible && entry.isIntersecting && entry.intersectionRatio >= 0.99);
      }
    },
    // `trackVisibility` and `delay` are IO v2 options that TypeScript's DOM types do not list yet.
    { threshold: [0, 0.99, 1], trackVisibility: true, delay: 100 } as IntersectionObserverInit,
  );
  for (const target of targets) observer.observe(target);
  return {
    isVisible: (target) => (supported ? (visible.get(target) ?? false) : undefined),
    refresh(target) {
      visible.delete(target);
      observer.unobserve(target);
      observer.observe(target);
    },
  };
}

/**
 * The real check: a trusted event, the host drawn as we drew it, the button reported visible by
 * the browser, and at the activation point our button topmost both in the page
 * (`document.elementsFromPoint` gives our host first) and inside our root. A keyboard activation
 * (detail 0) is checked at the button's centre.
 */
export function genuineClick(host: HTMLElement, root: ShadowRoot, isVisible: (target: HTMLElement) => boolean | undefined): ClickCheck {
  return (event, target) => {
    if (!event.isTrusted || !host.isConnected) return false;
    if (!drawnAsWeDrewIt(host)) {
      styleHost(host); // put it back for the rep's next, genuine click
      return false;
    }
    if (isVisible(target) === false) return false;
    const box = target.getBoundingClientRect();
    const keyboard = event.detail === 0 && event.clientX === 0 && event.clientY === 0;
    const x = keyboard ? box.left + box.width / 2 : event.clientX;
    const y = keyboard ? box.top + box.height / 2 : event.clientY;
    if (x < box.left || x > box.right || y < box.top || y > box.bottom) return false;
    if (host.ownerDocument.elementsFromPoint(x, y)[0] !== host) return false;
    const inner = root.elementFromPoint(x, y);
    return inner !== null && target.contains(inner);
  };
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The shape of each state, beside the label: what the rep sees of a state before acting. */
const SHAPES: Record<ButtonState['kind'], string> = {
  idle: '',
  capturing: 'M5 12h.01M12 12h.01M19 12h.01',
  captured: 'M4 12.5l5 5L20 6.5',
  queued: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M12 7v5l3.5 2',
  'not-connected': 'M6 6l12 12M18 6L6 18',
  failed: 'M12 4v10M12 19.5v.01',
};

/** A stroked icon, drawn with DOM calls (no markup strings anywhere in the content script). */
function icon(doc: Document, d: string): { svg: SVGSVGElement; path: SVGPathElement } {
  const svg = doc.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = doc.createElementNS(SVG_NS, 'path');
  for (const [name, value] of [['d', d], ['fill', 'none'], ['stroke', 'currentColor'], ['stroke-width', '2.6'], ['stroke-linecap', 'round'], ['stroke-linejoin', 'round']]) {
    path.setAttribute(name as string, value as string);
  }
  svg.append(path);
  return { svg, path };
}

/**
 * The page shows a modal of its own, which must win over our button: a body (or root) it made
 * inert, or a dialog holding the focus, as a modal does (a `<dialog>`, or LinkedIn's
 * `aria-modal` overlays). Looked up from the focus, never over the whole page: bounded work.
 */
export function blockedByPage(doc: Document): boolean {
  const parent = doc.body ?? doc.documentElement;
  return Boolean(parent.closest('[inert]') || doc.activeElement?.closest('dialog[open], [aria-modal="true"]'));
}

/** `element.matches(selector)`, false where the engine does not know the selector (`:popover-open`, `:modal`). */
function matches(element: Element, selector: string): boolean {
  try {
    return element.matches(selector);
  } catch {
    return false;
  }
}

function button(doc: Document, className: string, type: 'button' | 'submit' = 'button'): HTMLButtonElement {
  const element = doc.createElement('button');
  element.type = type;
  element.className = className;
  return element;
}

interface DetailField {
  key: DetailsField;
  label: HTMLLabelElement;
  caption: Text;
  input: HTMLInputElement;
  error: HTMLParagraphElement;
}

export function createCaptureButton(
  doc: Document,
  handlers: CaptureButtonHandlers,
  options: { checks?: PageChecks; widgetLabel: string },
): CaptureButtonView {
  const host = doc.createElement('div');
  styleHost(host);
  // A manual popover, set before the host meets the page (no attribute change for it to observe).
  if (typeof host.showPopover === 'function') host.popover = 'manual';
  const root = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = styleText();

  const panel = doc.createElement('div');
  panel.className = 'panel';
  panel.setAttribute('role', 'group');
  panel.setAttribute('aria-label', options.widgetLabel);

  const main = button(doc, 'main');
  const mainLabel = doc.createElement('span');
  const shape = icon(doc, '');
  main.append(icon(doc, 'M4 19V5l8 8 8-8v14').svg, mainLabel, shape.svg);
  const again = button(doc, 'again secondary');
  const enter = button(doc, 'enter secondary');
  again.hidden = enter.hidden = true;

  const detail = doc.createElement('p');
  detail.className = 'detail';
  detail.setAttribute('role', 'status');
  detail.setAttribute('aria-live', 'polite');

  // "Enter details": a small form of our own, opened only by the rep, sent only on its Capture.
  const form = doc.createElement('form');
  form.hidden = true;
  form.noValidate = true;
  const formHint = doc.createElement('p');
  const fields: DetailField[] = (['firstName', 'lastName', 'jobTitle'] as const).map((key) => {
    const label = doc.createElement('label');
    const caption = doc.createTextNode('');
    const input = doc.createElement('input');
    input.type = 'text';
    input.autocomplete = 'off';
    input.spellcheck = false;
    const error = doc.createElement('p');
    error.className = 'error';
    error.id = `error-${key}`;
    input.setAttribute('aria-describedby', error.id);
    label.append(caption, input);
    return { key, label, caption, input, error };
  });
  const formRow = doc.createElement('div');
  formRow.className = 'row';
  const cancel = button(doc, 'cancel secondary');
  const submit = button(doc, 'submit', 'submit');
  formRow.append(cancel, submit);
  form.append(formHint, ...fields.flatMap((field) => [field.label, field.error]), formRow);

  // "Capture again" and "Enter details" above the main button, not beside it: a long French label
  // beside it would push the row past the host's fixed box.
  const extras = doc.createElement('div');
  extras.className = 'row';
  extras.append(enter, again);
  panel.append(form, extras, main, detail);
  root.append(style, panel);

  const visibility = options.checks ? null : watchVisibility([main, again, enter, cancel, submit]);
  const checks: PageChecks = options.checks ?? {
    click: genuineClick(host, root, (target) => visibility?.isVisible(target)),
    drawn: () => drawnAsWeDrewIt(host),
  };
  /** Shows or hides a control; a control shown again is observed afresh. */
  const setShown = (control: HTMLElement, shown: boolean) => {
    if (control.hidden === !shown) return;
    control.hidden = !shown;
    if (shown) visibility?.refresh(control);
  };

  let model: ButtonModel | null = null;

  const onGenuineClick = (target: HTMLElement, action: () => void) =>
    target.addEventListener('click', (event) => {
      if (checks.click(event, target)) action();
    });
  onGenuineClick(main, () => handlers.onActivate());
  onGenuineClick(again, () => handlers.onCaptureAgain());
  onGenuineClick(enter, () => openDetails());
  onGenuineClick(cancel, () => view.closeDetails());

  function openDetails(): void {
    const offer = model?.form;
    if (!offer) return;
    for (const field of fields) {
      field.input.value = offer.found[field.key] ?? '';
      field.input.setAttribute('aria-invalid', 'false');
      field.error.textContent = '';
    }
    // The form takes the room of the sentence and of the button that opened it.
    setShown(form, true);
    setShown(extras, false);
    detail.hidden = true;
    visibility?.refresh(cancel);
    visibility?.refresh(submit);
    fields[0]?.input.focus();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    // Enter in a field or a click on Capture, trusted either way; the form only opens on the
    // rep's genuine click, and is refused while the page has the host hidden or faded.
    const offer = model?.form;
    if (!event.isTrusted || !checks.drawn() || !offer) return;
    const value = (key: DetailsField) => fields.find((field) => field.key === key)?.input.value ?? '';
    const checked = checkEnteredDetails(
      { firstName: value('firstName'), lastName: value('lastName'), jobTitle: offer.jobTitle ? value('jobTitle') : '' },
      offer.jobTitle ? 'linkedin' : 'instagram',
    );
    const problems = checked.ok ? {} : checked.problems;
    for (const field of fields) {
      const problem = problems[field.key];
      field.input.setAttribute('aria-invalid', String(Boolean(problem)));
      field.error.textContent = problem === 'required' ? offer.words.required : problem ? offer.words.tooLong[field.key] : '';
    }
    if (!checked.ok) {
      fields.find((field) => problems[field.key])?.input.focus();
      return;
    }
    handlers.onSubmitDetails(checked.details);
    view.closeDetails();
  });
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && event.isTrusted) {
      event.preventDefault();
      view.closeDetails();
    }
  });

  const view: CaptureButtonView = {
    host,
    root,
    render(next) {
      model = next;
      main.dataset.kind = next.kind;
      mainLabel.textContent = next.label;
      main.setAttribute('aria-label', next.name);
      if (next.description) main.setAttribute('aria-description', next.description);
      else main.removeAttribute('aria-description');
      main.setAttribute('aria-busy', String(next.kind === 'capturing'));
      shape.path.setAttribute('d', SHAPES[next.kind]);
      detail.textContent = next.detail;
      if (next.again) {
        again.textContent = next.again.label;
        again.title = next.again.hint;
      } else setShown(again, false);
      const offer = next.form;
      setShown(enter, offer !== undefined && form.hidden === true);
      if (!offer) {
        if (!form.hidden) view.closeDetails();
        return;
      }
      enter.textContent = offer.words.title;
      form.setAttribute('aria-label', offer.words.title);
      formHint.textContent = offer.words.hint;
      for (const field of fields) {
        field.caption.textContent = offer.words[field.key];
        field.label.hidden = field.error.hidden = field.key === 'jobTitle' && !offer.jobTitle;
      }
      submit.textContent = offer.words.submit;
      cancel.textContent = offer.words.cancel;
    },
    offerCaptureAgain() {
      if (!model?.again) return;
      setShown(again, true);
      again.focus();
    },
    closeDetails() {
      const wasOpen = !form.hidden;
      form.hidden = true;
      detail.hidden = false;
      setShown(extras, true);
      setShown(enter, model?.form !== undefined);
      if (wasOpen) (enter.hidden ? main : enter).focus();
    },
    shown() {
      return host.isConnected && (typeof host.showPopover !== 'function' || matches(host, ':popover-open')) && !host.parentElement?.closest('[inert]');
    },
    show(target) {
      const parent = target.body ?? target.documentElement;
      if (blockedByPage(target)) {
        view.remove();
        return false;
      }
      if (host.parentNode !== parent) {
        parent.append(host);
        // Observed afresh: a host the page removed (or whose document it reopened) gets new reports.
        for (const control of [main, again, enter, cancel, submit]) visibility?.refresh(control);
      }
      if (host.style.cssText !== HOST_STYLE_APPLIED.get(host)) styleHost(host);
      if (typeof host.showPopover === 'function' && !matches(host, ':popover-open')) {
        if (host.popover !== 'manual') host.popover = 'manual';
        host.showPopover();
      }
      return true;
    },
    remove() {
      view.closeDetails();
      host.remove();
    },
  };
  return view;
}
