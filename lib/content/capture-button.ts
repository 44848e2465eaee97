/**
 * The Capture button injected on profile pages, shared by both sites. A view only: it renders a
 * ButtonState and reports the rep's genuine activations; lib/content/capture-controller.ts decides what
 * they mean.
 *
 * The page is hostile (issue 11), so:
 * - the host is a plain `div` with no id, class or attribute but its inline style: no name that
 *   says which extension drew it;
 * - its shadow root is **closed**: page script gets `null` from `host.shadowRoot`, so what the
 *   button says (Captured on <date>, Not connected, …) cannot be read from the page;
 * - the host's own box is fixed by inline `!important` declarations, which beat any page
 *   stylesheet; page script can still rewrite them, so a click only counts if, at that moment, the
 *   host is drawn as we drew it and our button is the topmost element under the pointer
 *   (`genuineClick`);
 * - page data never reaches it: labels are our own strings, set with textContent.
 *
 * Cost on a heavy page: every style lives inside the shadow root (a document-level <style> makes
 * the browser recalculate style over the whole page), the host is one element with CSS containment.
 */
import { DARK, LIGHT } from '../shared/brand';
import { describeState } from '../shared/button-label';
import type { ButtonMessageKey } from '../shared/i18n/button';
import type { Locale, Translate } from '../shared/i18n/translate';
import { DETAILS_LIMITS } from '../shared/limits';
import type { ButtonState, EnteredDetails } from '../shared/messages';
import type { FoundDetails } from '../shared/sites/types';


/**
 * The host's box. Inline and `!important`: page stylesheets cannot move, hide or fade it. Its size
 * is fixed and the host itself takes no pointer events (only our controls do, and only the
 * buttons): neither `getBoundingClientRect` nor hit-testing the empty area tells the page whether
 * the button says Capture, Captured or Not connected. The main button has a fixed width too.
 */
export const HOST_STYLE = [
  'all: initial',
  'position: fixed',
  'right: 24px',
  'bottom: 80px',
  'width: 380px',
  'height: 420px',
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

// No shadow reaches outside an element: the browser's visibility check (Intersection Observer v2,
// in genuineClick) counts another element's shadow over a button as covering it.
// Colours come from the brand palette (lib/shared/brand.ts, with its contrast table); the few the palette
// lacks (amber fill for Queued, focus ring, dark card) are chosen for white text / AA on the page.
const STYLE = `
.panel { position: absolute; right: 0; bottom: 0; display: flex; flex-direction: column; align-items: flex-end;
  gap: 6px; max-width: 380px; font: 500 14px/1.3 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.row { display: flex; gap: 6px; }
/* Only the controls take the pointer (after all: unset, which would inherit the host's none):
   the sentence under the button (which says Captured on…) cannot be found by hit-testing. */
button, form { pointer-events: auto; }
button { all: unset; pointer-events: auto; box-sizing: border-box; display: inline-flex; align-items: center; gap: 8px;
  min-height: 40px; padding: 8px 16px 8px 12px; border-radius: 20px; cursor: pointer;
  background: ${LIGHT.primary}; color: ${LIGHT.onPrimary}; box-shadow: 0 0 0 1px rgb(17 24 39 / 0.25) inset;
  font: inherit; max-width: 320px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
button:hover { background: ${LIGHT.primaryHover}; }
button:focus-visible, input:focus-visible { outline: 3px solid #F59E0B; outline-offset: 2px; }
button[data-kind="captured"] { background: ${LIGHT.accentText}; }
button[data-kind="queued"] { background: #92400E; }
button[data-kind="failed"], button[data-kind="not-connected"] { background: ${LIGHT.danger}; }
button[data-kind="capturing"] { cursor: progress; }
button.secondary { background: ${LIGHT.surface}; color: ${LIGHT.primaryHover}; box-shadow: 0 0 0 2px ${LIGHT.primary} inset; }
button[hidden], form[hidden], .error:empty { display: none; }
/* The sentence keeps its place when empty, so the button sits at the same spot whatever it says. */
.detail { box-sizing: border-box; height: 44px; overflow: hidden; }
.detail:empty { visibility: hidden; }
.main { white-space: normal; width: 220px; justify-content: center; }
/* A long label wraps to a second line instead of being cut. */
.main span { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; overflow-wrap: anywhere; }
svg { flex: none; width: 18px; height: 18px; }
.detail, form { margin: 0; padding: 6px 10px; border-radius: 8px; background: ${LIGHT.surface}; color: ${LIGHT.text};
  border: 1px solid rgb(17 24 39 / 0.25); font-size: 12px; font-weight: 400; max-width: 300px; }
form { display: flex; flex-direction: column; gap: 4px; padding: 10px; width: 260px; font-size: 13px; }
form p { margin: 0; }
label { display: flex; flex-direction: column; gap: 2px; font-weight: 500; }
input { font: inherit; font-weight: 400; padding: 4px 6px; border: 1px solid ${LIGHT.text}; border-radius: 4px;
  background: ${LIGHT.surface}; color: ${LIGHT.text}; }
input[aria-invalid="true"] { border-color: ${LIGHT.danger}; }
.error { color: ${LIGHT.danger}; font-size: 12px; }
form .row { justify-content: flex-end; margin-top: 4px; }
@media (prefers-color-scheme: dark) {
  .detail, form, input { background: #1F2937; color: ${DARK.text}; }
  button.secondary { background: ${DARK.surface}; color: ${DARK.primaryHover}; box-shadow: 0 0 0 2px ${DARK.primary} inset; }
}
@media (prefers-reduced-motion: no-preference) { button { transition: background-color 120ms; } }
`;

export interface CaptureButtonHandlers {
  /** The main button was activated by the rep (trusted, visible, topmost). */
  onActivate(): void;
  onCaptureAgain(): void;
  /** "Capture" in the "Enter details" form, with fields that passed the contract's limits. */
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
  /** Shows `state`; `description` replaces its usual words (a people search page says its own, issue 13). */
  render(state: ButtonState, t: Translate<ButtonMessageKey>, locale: Locale, description?: { label: string; detail: string }): void;
  /** Shows the "Capture again" choice next to a "Captured" button and focuses it. */
  offerCaptureAgain(): void;
  /** Opens "Enter details" prefilled with `found`, focusing its first field. */
  openDetails(found: FoundDetails): void;
  closeDetails(): void;
}

/** Checks what the contract would refuse in "Enter details"; null when the fields are fine. */
export function detailsErrors(
  details: EnteredDetails,
): Partial<Record<keyof EnteredDetails, { key: 'firstNameRequired' } | { key: 'tooLong'; max: number }>> | null {
  const errors: Partial<Record<keyof EnteredDetails, { key: 'firstNameRequired' } | { key: 'tooLong'; max: number }>> = {};
  if (details.firstName.length === 0) errors.firstName = { key: 'firstNameRequired' };
  for (const field of ['firstName', 'lastName', 'jobTitle'] as const) {
    if ((details[field] ?? '').length > DETAILS_LIMITS[field]) errors[field] = { key: 'tooLong', max: DETAILS_LIMITS[field] };
  }
  return Object.keys(errors).length > 0 ? errors : null;
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
  return Math.round(box.width) === 380 && Math.round(box.height) === 420;
}

/** The cssText the browser made of HOST_STYLE, per host, to notice any rewrite by the page. */
const HOST_STYLE_APPLIED = new WeakMap<HTMLElement, string>();

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
      host.style.cssText = HOST_STYLE; // put it back for the rep's next, genuine click
      HOST_STYLE_APPLIED.set(host, host.style.cssText);
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

/** The button's mark, drawn with DOM calls (no markup strings anywhere in the content script). */
function brandMark(doc: Document): SVGSVGElement {
  const svg = doc.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = doc.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', 'M4 19V5l8 8 8-8v14');
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '2.6');
  path.setAttribute('stroke-linecap', 'round');
  path.setAttribute('stroke-linejoin', 'round');
  svg.append(path);
  return svg;
}

function button(doc: Document, className: string): HTMLButtonElement {
  const element = doc.createElement('button');
  element.type = 'button';
  element.className = className;
  return element;
}

interface DetailField {
  name: keyof EnteredDetails;
  label: HTMLLabelElement;
  caption: Text;
  input: HTMLInputElement;
  error: HTMLParagraphElement;
}

export function createCaptureButton(
  doc: Document,
  handlers: CaptureButtonHandlers,
  options: { checks?: PageChecks } = {},
): CaptureButtonView {
  const host = doc.createElement('div');
  host.style.cssText = HOST_STYLE;
  HOST_STYLE_APPLIED.set(host, host.style.cssText);
  const root = host.attachShadow({ mode: 'closed' });
  let checks: PageChecks | null = options.checks ?? null;
  const style = doc.createElement('style');
  style.textContent = STYLE;

  const panel = doc.createElement('div');
  panel.className = 'panel';
  panel.setAttribute('role', 'group');

  const row = doc.createElement('div');
  row.className = 'row';
  const main = button(doc, 'main');
  const mainLabel = doc.createElement('span');
  main.append(brandMark(doc), mainLabel);
  const again = button(doc, 'again secondary');
  again.hidden = true;
  const enter = button(doc, 'enter secondary');
  enter.hidden = true;

  const detail = doc.createElement('p');
  detail.className = 'detail';
  detail.id = 'detail';
  detail.setAttribute('role', 'status');
  detail.setAttribute('aria-live', 'polite');
  main.setAttribute('aria-describedby', 'detail');

  // "Enter details": a small form of our own, opened only by the rep, sent only on its Capture.
  const form = doc.createElement('form');
  form.hidden = true;
  form.noValidate = true;
  const formHint = doc.createElement('p');
  const fields: DetailField[] = (['firstName', 'lastName', 'jobTitle'] as const).map((name) => {
    const label = doc.createElement('label');
    const caption = doc.createTextNode('');
    const input = doc.createElement('input');
    input.type = 'text';
    input.autocomplete = 'off';
    input.spellcheck = false;
    const error = doc.createElement('p');
    error.className = 'error';
    error.id = `error-${name}`;
    input.setAttribute('aria-describedby', error.id);
    label.append(caption, input);
    return { name, label, caption, input, error };
  });
  const formRow = doc.createElement('div');
  formRow.className = 'row';
  const cancel = button(doc, 'cancel secondary');
  const submit = doc.createElement('button');
  submit.type = 'submit';
  submit.className = 'submit';
  formRow.append(cancel, submit);
  form.append(formHint, ...fields.flatMap((field) => [field.label, field.error]), formRow);

  // "Capture again" and "Enter details" above the main button, not beside it: a long French label
  // beside it would push the row past the host's fixed box.
  const extras = doc.createElement('div');
  extras.className = 'row';
  extras.append(enter, again);
  row.append(main);
  panel.append(form, extras, row, detail);
  root.append(style, panel);
  const visibility: VisibilityWatch | null = checks ? null : watchVisibility([main, again, enter, cancel, submit]);
  checks ??= { click: genuineClick(host, root, (target) => visibility?.isVisible(target)), drawn: () => drawnAsWeDrewIt(host) };
  const pageChecks: PageChecks = checks;
  /** Shows or hides a control; a control shown again is observed afresh. */
  const setShown = (control: HTMLElement, shown: boolean) => {
    if (control.hidden === !shown) return;
    control.hidden = !shown;
    if (shown) visibility?.refresh(control);
  };

  let translate: Translate<ButtonMessageKey> | null = null;

  const onGenuineClick = (target: HTMLElement, action: () => void) =>
    target.addEventListener('click', (event) => {
      if (pageChecks.click(event, target)) action();
    });
  onGenuineClick(main, () => handlers.onActivate());
  onGenuineClick(again, () => handlers.onCaptureAgain());
  onGenuineClick(enter, () => view.openDetails(currentFound ?? { firstName: '', lastName: '', jobTitle: null }));
  onGenuineClick(cancel, () => view.closeDetails());

  const readDetails = (): EnteredDetails => {
    const value = (name: keyof EnteredDetails) => fields.find((field) => field.name === name)?.input.value.trim() ?? '';
    const jobTitle = value('jobTitle');
    return { firstName: value('firstName'), lastName: value('lastName'), jobTitle: jobTitle === '' ? null : jobTitle };
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    // Enter in a field or a click on Capture, trusted either way; the form only opens on the
    // rep's genuine click, and is refused while the page has the host hidden or faded.
    if (!event.isTrusted || !pageChecks.drawn()) return;
    const details = readDetails();
    const errors = detailsErrors(details);
    for (const field of fields) {
      const error = errors?.[field.name];
      field.input.setAttribute('aria-invalid', String(Boolean(error)));
      field.error.textContent = error && translate ? (error.key === 'tooLong' ? translate('tooLong', { max: error.max }) : translate(error.key)) : '';
    }
    if (errors) {
      fields.find((field) => errors[field.name])?.input.focus();
      return;
    }
    handlers.onSubmitDetails(details);
    view.closeDetails();
  });
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && event.isTrusted) {
      event.preventDefault();
      view.closeDetails();
    }
  });

  let currentFound: FoundDetails | null = null;

  const view: CaptureButtonView = {
    host,
    root,
    render(state, t, locale, description) {
      translate = t;
      const { label, detail: sentence } = description ?? describeState(state, t, locale, { serverText: false });
      panel.setAttribute('aria-label', t('widgetLabel'));
      main.dataset.kind = state.kind;
      mainLabel.textContent = label;
      main.title = label;
      main.setAttribute('aria-busy', String(state.kind === 'capturing'));
      detail.textContent = sentence;
      again.textContent = t('captureAgain');
      again.title = t('captureAgainHint');
      if (state.kind !== 'captured') setShown(again, false);
      currentFound = state.kind === 'failed' ? (state.found ?? null) : null;
      enter.textContent = t('enterDetails');
      setShown(enter, currentFound !== null);
      if (currentFound === null && !form.hidden) view.closeDetails();
      form.setAttribute('aria-label', t('enterDetails'));
      formHint.textContent = t('enterDetailsHint');
      for (const field of fields) field.caption.textContent = t(field.name);
      submit.textContent = t('submitDetails');
      cancel.textContent = t('cancel');
    },
    offerCaptureAgain() {
      setShown(again, true);
      again.focus();
    },
    openDetails(found) {
      for (const field of fields) {
        field.input.value = found[field.name] ?? '';
        field.input.setAttribute('aria-invalid', 'false');
        field.error.textContent = '';
      }
      setShown(form, true);
      visibility?.refresh(cancel);
      visibility?.refresh(submit);
      fields[0]?.input.focus();
    },
    closeDetails() {
      const wasOpen = !form.hidden;
      form.hidden = true;
      if (wasOpen) (enter.hidden ? main : enter).focus();
    },
  };
  return view;
}
