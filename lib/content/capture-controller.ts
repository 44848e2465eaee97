/**
 * What a content script does for its site's features (lib/content/feature.ts): follow the address
 * bar, show the Capture button on the pages a feature enables (unless the rep keeps Capture in the
 * toolbar), follow what the worker says of the page, and capture on the rep's own request.
 *
 * Before a request nothing is read from the page but its address (privacy policy §9.1). The page
 * is hostile (issues 11 and 21), so:
 * - the worker is asked about a page (`page-status`) only once it has been the current, visible
 *   one for STATUS_DELAY_MS, and at most once per STATUS_MIN_GAP_MS: a page flipping through
 *   `pushState` cannot flood the worker;
 * - what the worker says of the rep's history is drawn as a shape and an accessible name until the
 *   rep acts on this page (lib/content/capture-button.ts): no text a page can search or select;
 * - a click counts only if it is genuine and the button has shown the current page for SETTLE_MS;
 *   a request of the popup or the shortcut is refused when the address changed less than SETTLE_MS
 *   ago or the tab no longer shows the page the popup showed: a page cannot swap the person under
 *   the rep's click or keystroke;
 * - the page is read at the click and again SECOND_READING_MS later: the worker sends nothing when
 *   the two differ (a page rewriting the name during the click);
 * - the button comes back within a second when the page removes it, replaces its body or its
 *   document (`tick`), and steps aside while the page shows a modal of its own.
 *
 * The worker decides and words every state (lib/worker/page-answer.ts); its answers and pushes are
 * trusted (only our own extension can send them: lib/content/core.ts checks the sender). Everything
 * that touches the browser is injected, so the whole flow runs in unit tests.
 */
import { blockedByPage, createCaptureButton, type ButtonModel, type CaptureButtonView, type PageChecks } from './capture-button';
import type { ContentContext } from './context';
import type { PageFeature } from './feature';
import { activationOf } from '../shared/activate';
import { CAPTURE_FAILED_LABEL, CAPTURING_LABEL } from '../shared/i18n/button';
import { resolveLocale, type Locale } from '../shared/i18n/translate';
import type { ButtonState, ButtonWords, ContentRequest, EnteredDetails, PageAnswer, TabRequest, TabState } from '../shared/messages';
import type { Settings } from '../shared/storage';

/** A button must have shown the current page this long before a click on it counts; the same for a request of the popup or the shortcut after the address changed. */
export const SETTLE_MS = 500;
/** A page must stay the current, visible one this long before its state is asked for. */
export const STATUS_DELAY_MS = 400;
/** At most one `page-status` per this interval, whatever the page does. */
export const STATUS_MIN_GAP_MS = 300;
/** The page is read again this long after the click: a page that rewrote itself under the click shows it then. */
export const SECOND_READING_MS = 100;
/**
 * A button the page takes off comes back at the next look (issue 21: within a second), unless the
 * page took it off as soon as it appeared (a MutationObserver does, hostile-pages' host-removal):
 * then we do not fight it in a loop, and wait this long before coming back, twice as long each time
 * in a row, up to COMEBACK_MAX_MS. The popup and the shortcut capture meanwhile.
 */
export const COMEBACK_AFTER_REMOVAL_ON_SIGHT_MS = 1000;
export const COMEBACK_MAX_MS = 60_000;

/** The widget's name for assistive technology (the product's name: the same in both languages). */
const WIDGET_LABEL = 'Metrikia Companion';

export interface CaptureControllerDeps {
  /** This site's features, in order: the first whose predicate takes the address applies. */
  features: readonly PageFeature[];
  document: Document;
  /** The address bar, read fresh each time. */
  currentUrl(): string;
  /** Sends to our worker; resolves to its answer (undefined when none), rejects when it cannot be reached. */
  send(request: ContentRequest): Promise<unknown>;
  uiLanguage: string;
  now(): number;
  context: Pick<ContentContext, 'setTimeout' | 'requestIdleCallback'>;
  /** The tab is the one the rep looks at. */
  isVisible(): boolean;
  /** Layout checks of the button; tests without layout replace them. */
  checks?: PageChecks;
}

export interface CaptureController {
  /** The stored settings changed (or were read at start). */
  applySettings(settings: Settings): void;
  /** Re-reads the address; call on every in-app navigation. */
  onLocationChange(): void;
  /** The tab became visible (a trusted event): the key may have been connected meanwhile. */
  onVisible(): void;
  /** A request of our extension (popup, shortcut, the worker's pushes); resolves to its answer, if it has one. */
  onTabRequest(request: TabRequest): Promise<TabState> | undefined;
  /** Called every second: puts the button back if the page took it away. Bounded: one look, at most one insertion. */
  tick(): void;
  /** The extension's context ended: remove everything, answer nothing more. */
  destroy(): void;
  /** For tests. */
  readonly state: ButtonState | null;
  readonly view: CaptureButtonView | null;
}

/** The page the address bar shows, for the feature that applies to it. */
interface Shown {
  feature: PageFeature;
  /** A canonical profile URL, or a people search page's address. */
  page: string;
}

export function startCaptureController(deps: CaptureControllerDeps): CaptureController {
  const { context } = deps;
  let settings: Settings | null = null;
  let destroyed = false;
  let current: Shown | null = null;
  let state: ButtonState = { kind: 'idle' };
  /** The worker's words for `state`; null until it answered about this page. */
  let words: ButtonWords | null = null;
  /** The rep acted on this page (a click, the popup's or the shortcut's capture): outcomes may be written out. */
  let acted = false;
  /** Bumped whenever the page changes, so answers about the previous one are dropped. */
  let generation = 0;
  let view: CaptureButtonView | null = null;
  let insertScheduled = false;
  /** When the button started showing the current page; null while it does not. */
  let shownSince: number | null = null;
  /** When we last put the button on the page. */
  let insertedAt = Number.NEGATIVE_INFINITY;
  /** How many times in a row the page took the button off as soon as we put it there. */
  let removedOnSight = 0;
  const comebackWait = (): number =>
    removedOnSight === 0 ? 0 : Math.min(COMEBACK_MAX_MS, COMEBACK_AFTER_REMOVAL_ON_SIGHT_MS * 2 ** (removedOnSight - 1));
  let lastAddress = deps.currentUrl();
  /** When the address last changed in the app (a page load is not counted: the rep opened it). */
  let addressChangedAt = Number.NEGATIVE_INFINITY;
  let cancelStatusTimer: (() => void) | null = null;
  let lastStatusAt = Number.NEGATIVE_INFINITY;

  const onPage = () => settings?.placement === 'page';
  const locale = (): Locale => resolveLocale(settings?.language ?? 'auto', deps.uiLanguage);
  const isCapturing = (): boolean => state.kind === 'capturing';

  function model(shown: Shown): ButtonModel {
    const lang = locale();
    // Before the rep acts, the text is the same in every state (issue 21); the state is a shape and words for assistive technology.
    const fallback = state.kind === 'capturing' ? CAPTURING_LABEL[lang] : state.kind === 'failed' && state.reason === 'error' ? CAPTURE_FAILED_LABEL[lang] : shown.feature.label[lang];
    const name = words?.label ?? fallback;
    const form = words?.form && state.kind === 'failed' && state.found && shown.feature.kind === 'profile'
      ? { words: words.form, found: state.found, jobTitle: shown.feature.jobTitle }
      : undefined;
    return {
      kind: state.kind,
      label: acted ? name : shown.feature.label[lang],
      name,
      description: words?.detail ?? '',
      detail: acted ? (words?.detail ?? '') : '',
      again: acted ? words?.again : undefined,
      form: acted ? form : undefined,
    };
  }

  function render(): void {
    if (view && current) view.render(model(current));
  }

  function apply(answer: PageAnswer): void {
    state = answer.state;
    words = answer.words;
    render();
  }

  function createView(): CaptureButtonView {
    return createCaptureButton(
      deps.document,
      {
        onActivate: () => void activate(),
        onCaptureAgain: () => void (settled() && capture()),
        onSubmitDetails: (details) => void (settled() && capture(details)),
      },
      deps.checks ? { checks: deps.checks, widgetLabel: WIDGET_LABEL } : { widgetLabel: WIDGET_LABEL },
    );
  }

  function show(): void {
    view ??= createView();
    render();
    if (view.shown()) {
      shownSince ??= deps.now();
      return;
    }
    if (insertScheduled) return;
    insertScheduled = true;
    // At idle time, not during the page's own load work.
    context.requestIdleCallback(() => {
      insertScheduled = false;
      insert();
    }, { timeout: 2000 });
  }

  /** Puts the button on the page; the 0.5 s a click must wait start again. */
  function insert(): void {
    // The page, the placement or the extension may have gone while we waited.
    if (destroyed || !view || !current || !onPage() || view.shown()) return;
    insertedAt = deps.now();
    shownSince = view.show(deps.document) ? insertedAt : null;
    if (shownSince === null) return;
    // The page's MutationObservers run before this timer: a host gone by then was removed on sight.
    const inserted = view.host;
    context.setTimeout(() => {
      removedOnSight = inserted.isConnected ? 0 : removedOnSight + 1;
    }, 0);
  }

  function hide(): void {
    view?.remove();
    shownSince = null;
  }

  function pick(address: string): Shown | null {
    if (!settings) return null;
    for (const feature of deps.features) {
      if (settings[feature.source] === false) continue;
      const page = feature.pageAt(address);
      if (page !== null) return { feature, page };
    }
    return null;
  }

  /** The button has shown the page in the address bar for SETTLE_MS. */
  function settled(): boolean {
    sync(); // the page may have moved without telling us: then the click was for another one
    return shownSince !== null && deps.now() - shownSince >= SETTLE_MS;
  }

  function sync(): void {
    if (destroyed || !settings) return;
    const address = deps.currentUrl();
    if (address !== lastAddress) {
      lastAddress = address;
      addressChangedAt = deps.now();
    }
    const next = pick(address);
    if (next?.page !== current?.page || next?.feature !== current?.feature) {
      current = next;
      generation += 1;
      state = { kind: 'idle' };
      words = null;
      acted = false;
      shownSince = null;
      view?.closeDetails();
    }
    if (!current || !onPage()) {
      hide();
      cancelStatus();
      return;
    }
    show();
    scheduleStatus();
  }

  function cancelStatus(): void {
    cancelStatusTimer?.();
    cancelStatusTimer = null;
  }

  /** Asks for the page's state once it has stayed the current, visible one; at most once per gap. */
  function scheduleStatus(): void {
    cancelStatus();
    if (!current || !onPage() || !deps.isVisible()) return;
    const wait = Math.max(STATUS_DELAY_MS, lastStatusAt + STATUS_MIN_GAP_MS - deps.now());
    const asked = generation;
    cancelStatusTimer = context.setTimeout(() => {
      cancelStatusTimer = null;
      if (asked === generation && deps.isVisible()) void refreshStatus();
    }, wait);
  }

  /** Asks the worker what the button shows on this tab's page (it reads the page from the tab). */
  async function askStatus(): Promise<PageAnswer | null> {
    lastStatusAt = deps.now();
    return ((await deps.send({ type: 'page-status' }).catch(() => undefined)) as PageAnswer | undefined) ?? null;
  }

  async function refreshStatus(): Promise<void> {
    if (!current || isCapturing() || destroyed) return;
    const asked = generation;
    const actedBefore = acted;
    const answer = await askStatus();
    // An answer asked before the rep acted on this page does not replace the outcome of that act.
    if (asked !== generation || isCapturing() || (acted && !actedBefore) || !answer) return;
    apply(answer);
  }

  async function activate(): Promise<void> {
    if (!settled()) return;
    switch (activationOf(state)) {
      case 'open-settings':
        acted = true;
        render();
        await deps.send({ type: 'open-options' }).catch(() => undefined);
        return;
      case 'offer-capture-again':
        acted = true;
        render();
        view?.offerCaptureAgain();
        return;
      case 'capture':
        await capture();
        return;
      case 'none':
        return;
    }
  }

  /** Resolves after `ms` (the context's timer: nothing outlives the context). */
  const wait = (ms: number) => new Promise<void>((resolve) => void context.setTimeout(resolve, ms));

  /** What the page shows, read now (on the rep's request only), as the message to send. */
  async function readPage(shown: Shown, details: EnteredDetails | undefined, asked: number): Promise<ContentRequest | null> {
    const { feature } = shown;
    if (feature.kind === 'people-search') return { type: 'bulk-capture', reading: feature.read(deps.document) };
    const address = deps.currentUrl();
    const reading = feature.read(deps.document, address);
    if (details) return { type: 'capture', reading, details };
    await wait(SECOND_READING_MS);
    if (asked !== generation || destroyed) return null;
    return { type: 'capture', reading, readingAfter: feature.read(deps.document, address) };
  }

  /** Reads the page (only now), sends the capture and shows what became of it. */
  async function capture(details?: EnteredDetails): Promise<void> {
    const shown = current;
    if (!shown || isCapturing() || destroyed) return;
    const asked = generation;
    acted = true;
    cancelStatus();
    state = { kind: 'capturing' };
    words = null;
    render();
    const request = await readPage(shown, details, asked);
    if (!request) return; // the rep moved to another page meanwhile
    const answer = (await deps.send(request).catch(() => undefined)) as PageAnswer | undefined;
    if (asked !== generation) return;
    if (answer) return apply(answer);
    // No answer: the worker may have stopped after saving the capture. Ask what it holds now,
    // so a saved capture reads "Queued" and is not captured a second time by a worried rep.
    const status = await askStatus();
    if (asked !== generation) return;
    if (status && status.state.kind !== 'idle') return apply(status);
    state = { kind: 'failed', reason: 'error', message: null };
    words = null;
    render();
  }

  const tabState = (): TabState => {
    if (current?.feature.kind === 'people-search') return { profileUrl: null, state, peopleSearch: true };
    return { profileUrl: current?.page ?? null, state: current ? state : null };
  };

  /** A request of the popup or the shortcut: refused when the page is not the one the rep saw. */
  async function captureRequested(request: Extract<TabRequest, { type: 'capture-request' }>): Promise<TabState> {
    sync(); // the address may have changed since the last navigation event
    const moved = deps.now() - addressChangedAt < SETTLE_MS;
    const elsewhere = request.expectedPage !== undefined && request.expectedPage !== current?.page;
    if (current && (moved || elsewhere)) {
      acted = true;
      // As a capture does: the state asked for on the page's arrival would replace this refusal.
      cancelStatus();
      state = { kind: 'failed', reason: 'page-changed', message: null };
      words = null;
      const asked = generation;
      const described = (await deps.send({ type: 'describe', state }).catch(() => undefined)) as ButtonWords | undefined;
      if (asked === generation && described) words = described;
      render();
      return tabState();
    }
    await capture(request.details);
    return tabState();
  }

  return {
    applySettings(next) {
      if (destroyed) return;
      const before = settings;
      settings = next;
      if (before !== null && before.placement !== next.placement) shownSince = null;
      sync();
      if (before !== null && before.language !== next.language && words && current) {
        // The worker words every state: ask it again in the new language.
        const asked = generation;
        const described = state;
        void deps.send({ type: 'describe', state: described }).then(
          (answer) => {
            if (asked === generation && state === described && answer) apply({ state, words: answer as ButtonWords });
          },
          () => undefined,
        );
      }
      render();
    },
    onLocationChange: sync,
    onVisible() {
      if (current && onPage()) scheduleStatus();
    },
    onTabRequest(request) {
      if (destroyed) return undefined;
      switch (request.type) {
        case 'get-state':
          return Promise.resolve(tabState());
        case 'capture-request':
          return captureRequested(request);
        case 'capture-state':
          // The worker's push (issue 20): this page's capture changed state.
          if (current && request.profileUrl === current.page) apply(request.answer);
          return undefined;
      }
    },
    tick() {
      if (destroyed || !view || !current || !onPage()) return;
      if (view.shown()) {
        if (blockedByPage(deps.document)) hide();
        return;
      }
      if (!view.host.isConnected) {
        if (deps.now() - insertedAt < comebackWait()) return;
        if (!blockedByPage(deps.document)) {
          // Taken off the page: built anew, since document.open() also removes our own controls' listeners.
          view.remove();
          view = createView();
          render();
        }
      }
      insert();
    },
    destroy() {
      destroyed = true;
      cancelStatus();
      view?.remove();
      view = null;
      current = null;
    },
    get state() {
      return current ? state : null;
    },
    get view() {
      return view;
    },
  };
}
