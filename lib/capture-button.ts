/**
 * The Capture button injected on profile pages, shared by both sites. A view only: it renders a
 * ButtonState and reports activations; lib/capture-controller.ts decides what they mean.
 *
 * Cost on a heavy page is the point of this design (a document-level <style> makes the browser
 * recalculate style over the whole page, ~50 ms on a 1.3 MB LinkedIn profile):
 * - every style lives inside an open shadow root (open, so automation and assistive tech reach it);
 * - the host is one element, inserted once, fixed, with CSS containment;
 * - page data never reaches it: labels are our own strings, set with textContent.
 */
import { DARK, LIGHT } from './brand';
import type { ButtonMessageKey } from './i18n/button';
import { formatDate, type Locale, type Translate } from './i18n/translate';
import type { ButtonState } from './messages';

export const HOST_TAG = 'metrikia-companion';

// Colours come from the brand palette (lib/brand.ts, with its contrast table); the few the palette
// lacks (amber fill for Queued, focus ring, dark card) are chosen for white text / AA on the page.
const STYLE = `
:host { all: initial; position: fixed; right: 24px; bottom: 80px; z-index: 2147483646;
  contain: layout style paint; font: 500 14px/1.3 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.panel { display: flex; flex-direction: column; align-items: flex-end; gap: 6px; max-width: 320px; }
.row { display: flex; gap: 6px; }
button { all: unset; box-sizing: border-box; display: inline-flex; align-items: center; gap: 8px;
  min-height: 40px; padding: 8px 16px 8px 12px; border-radius: 20px; cursor: pointer;
  background: ${LIGHT.primary}; color: ${LIGHT.onPrimary}; box-shadow: 0 2px 8px rgb(17 24 39 / 0.25);
  font: inherit; max-width: 320px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
button:hover { background: ${LIGHT.primaryHover}; }
button:focus-visible { outline: 3px solid #F59E0B; outline-offset: 2px; }
button[data-kind="captured"] { background: ${LIGHT.accentText}; }
button[data-kind="queued"] { background: #92400E; }
button[data-kind="failed"], button[data-kind="not-connected"] { background: ${LIGHT.danger}; }
button[data-kind="capturing"] { cursor: progress; }
button.again { background: ${LIGHT.surface}; color: ${LIGHT.primaryHover}; box-shadow: 0 0 0 2px ${LIGHT.primary} inset, 0 2px 8px rgb(17 24 39 / 0.2); }
button[hidden], .detail:empty { display: none; }
.main { white-space: normal; }
/* A long label (a refusal with Metrikia's reason) wraps to a second line instead of being cut. */
.main span { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; overflow-wrap: anywhere; }
svg { flex: none; width: 18px; height: 18px; }
.detail { margin: 0; padding: 6px 10px; border-radius: 8px; background: ${LIGHT.surface}; color: ${LIGHT.text};
  box-shadow: 0 1px 6px rgb(17 24 39 / 0.2); font-size: 12px; font-weight: 400; max-width: 300px; }
@media (prefers-color-scheme: dark) {
  .detail { background: #1F2937; color: ${DARK.text}; }
  button.again { background: ${DARK.surface}; color: ${DARK.primaryHover}; box-shadow: 0 0 0 2px ${DARK.primary} inset; }
}
@media (prefers-reduced-motion: no-preference) { button { transition: background-color 120ms; } }
`;

export interface CaptureButtonHandlers {
  /** The main button was activated; `trusted` is false for clicks a page script dispatched. */
  onActivate(trusted: boolean): void;
  onCaptureAgain(trusted: boolean): void;
}

export interface CaptureButtonView {
  readonly host: HTMLElement;
  render(state: ButtonState, t: Translate<ButtonMessageKey>, locale: Locale): void;
  /** Shows the "Capture again" choice next to a "Captured" button and focuses it. */
  offerCaptureAgain(): void;
}

/** The label on the button and the sentence under it, for a state. */
export function describeState(
  state: ButtonState,
  t: Translate<ButtonMessageKey>,
  locale: Locale,
): { label: string; detail: string } {
  switch (state.kind) {
    case 'idle':
      return { label: t('capture'), detail: '' };
    case 'capturing':
      return { label: t('capturing'), detail: '' };
    case 'captured':
      return { label: t('captured'), detail: t('capturedOn', { date: formatDate(locale, state.capturedAt) }) };
    case 'queued':
      return {
        label: t('queued'),
        detail: state.reason === 'key-rejected' ? t('queuedKeyRejectedHint') : t('queuedHint'),
      };
    case 'not-connected':
      return { label: t('notConnected'), detail: t('notConnectedHint') };
    case 'failed':
      switch (state.reason) {
        case 'name-not-found':
          return { label: t('couldNotRead'), detail: t('couldNotReadHint') };
        case 'stale-page':
          return { label: t('stalePage'), detail: t('stalePageHint') };
        case 'logged-out':
          return { label: t('loggedOut'), detail: t('loggedOutHint') };
        case 'not-a-profile':
          return { label: t('notAProfile'), detail: t('notAProfileHint') };
        case 'rejected':
          return {
            label: state.message ? t('rejected', { message: state.message.slice(0, 120) }) : t('rejectedNoReason'),
            detail: t('rejectedHint'),
          };
        case 'refused':
          return { label: t('refused'), detail: t('tryAgainHint') };
        case 'error':
          return { label: t('error'), detail: t('tryAgainHint') };
        case 'not-found':
          return { label: t('profileNotFound'), detail: t('notAProfileHint') };
        case 'outbox-full':
          return { label: t('outboxFull'), detail: t('outboxFullHint') };
        case 'throttled':
          return { label: t('throttled'), detail: t('throttledHint') };
      }
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The Metrikia mark, drawn with DOM calls (no markup strings anywhere in the content script). */
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

export function createCaptureButton(doc: Document, handlers: CaptureButtonHandlers): CaptureButtonView {
  const host = doc.createElement(HOST_TAG);
  const shadow = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = STYLE;

  const panel = doc.createElement('div');
  panel.className = 'panel';
  panel.setAttribute('role', 'group');

  const row = doc.createElement('div');
  row.className = 'row';
  const main = doc.createElement('button');
  main.type = 'button';
  main.className = 'main';
  const mainLabel = doc.createElement('span');
  main.append(brandMark(doc), mainLabel);
  const again = doc.createElement('button');
  again.type = 'button';
  again.className = 'again';
  again.hidden = true;

  const detail = doc.createElement('p');
  detail.className = 'detail';
  detail.id = 'detail';
  detail.setAttribute('role', 'status');
  detail.setAttribute('aria-live', 'polite');
  main.setAttribute('aria-describedby', 'detail');

  row.append(again, main);
  panel.append(row, detail);
  shadow.append(style, panel);

  main.addEventListener('click', (event) => handlers.onActivate(event.isTrusted));
  again.addEventListener('click', (event) => handlers.onCaptureAgain(event.isTrusted));

  return {
    host,
    render(state, t, locale) {
      const { label, detail: sentence } = describeState(state, t, locale);
      panel.setAttribute('aria-label', t('widgetLabel'));
      main.dataset.kind = state.kind;
      mainLabel.textContent = label;
      main.title = label;
      main.setAttribute('aria-busy', String(state.kind === 'capturing'));
      detail.textContent = sentence;
      again.textContent = t('captureAgain');
      again.title = t('captureAgainHint');
      if (state.kind !== 'captured') again.hidden = true;
    },
    offerCaptureAgain() {
      again.hidden = false;
      again.focus();
    },
  };
}
