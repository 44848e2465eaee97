/**
 * What a content script does on LinkedIn or Instagram: follow the address bar, show the Capture
 * button on profile pages of an enabled platform (unless the rep keeps Capture in the toolbar),
 * and capture on the rep's own request.
 *
 * Before a request nothing is read from the page but its address (privacy policy §9.1). The page
 * is hostile (issue 11), so:
 * - the worker is asked about a profile (`page-status`) only once it has been the current, visible
 *   profile for STATUS_DELAY_MS, and at most once per STATUS_MIN_GAP_MS: a page flipping through
 *   `pushState` cannot read the rep's history or flood the worker;
 * - a click counts only if it is genuine (lib/content/capture-button.ts) and the button has shown the
 *   current profile for SETTLE_MS: a page cannot swap the profile under the pointer;
 * - at most CAPTURES_PER_MINUTE captures per minute leave this tab (the worker counts too).
 *
 * On a people search page (LinkedIn, issue 13) the same button, the same checks and the same
 * route (click, popup, shortcut) make one bulk capture: it reads "Capture people on this page"
 * until the click (nothing is read or counted before), then the summary of what became of them.
 *
 * Everything that touches the browser is injected, so the whole flow runs in unit tests; messages
 * from our own worker are trusted (checked by sender in lib/content/content-script.ts) and only shape-checked.
 */
import { createCaptureButton, type CaptureButtonView, type PageChecks } from './capture-button';
import type { ContentSite } from './content-site';
import { activationOf } from '../shared/activate';
import { bulkFailureWords, bulkSummary } from '../shared/bulk-summary';
import { buttonCatalogs, type ButtonMessageKey } from '../shared/i18n/button';
import { createTranslator, resolveLocale, type Translate } from '../shared/i18n/translate';
import type { BulkCounts, ButtonState, ContentRequest, EnteredDetails, PageStatus, TabState } from '../shared/messages';
import type { LanguagePreference } from '../shared/storage';

/** A button must have shown the current profile this long before a click on it counts. */
export const SETTLE_MS = 500;
/** A profile must stay the current, visible one this long before its state is asked for. */
export const STATUS_DELAY_MS = 400;
/** At most one `page-status` per this interval, whatever the page does. */
export const STATUS_MIN_GAP_MS = 300;
export const CAPTURES_PER_MINUTE = 10;

/** The one setting the content script reads (`storage.sync` `settings`), as it uses it. */
export interface ContentSettings {
  /** This site's capture is on. */
  enabled: boolean;
  language: LanguagePreference;
  placement: 'page' | 'toolbar';
}

/**
 * Reads the stored `settings` value for one site. Missing or unknown values mean the defaults
 * (lib/shared/storage.ts DEFAULT_SETTINGS: platforms on, language auto, placement on the page), so
 * settings stored before `placement` existed keep working.
 */
export function readContentSettings(stored: unknown, source: ContentSite['source']): ContentSettings {
  const value = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const language = value.language === 'en' || value.language === 'fr' ? value.language : 'auto';
  return {
    enabled: value[source] !== false,
    language,
    placement: value.placement === 'toolbar' ? 'toolbar' : 'page',
  };
}

export interface CaptureControllerDeps {
  site: ContentSite;
  document: Document;
  /** The address bar, read fresh each time. */
  currentUrl(): string;
  /** Sends to our worker; resolves to its answer (undefined when none), rejects when it cannot be reached. */
  send(request: ContentRequest): Promise<unknown>;
  uiLanguage: string;
  now(): number;
  /** Runs `callback` after `ms`; returns a cancel function. */
  setTimer(callback: () => void, ms: number): () => void;
  /** Runs `callback` when the main thread is idle (the button is inserted then, not during load). */
  whenIdle(callback: () => void): void;
  /** The tab is the one the rep looks at. */
  isVisible(): boolean;
  /** Layout checks of the button; tests without layout replace them. */
  checks?: PageChecks;
}

export interface CaptureController {
  /** The stored settings changed (or were read at start). */
  applySettings(settings: ContentSettings): void;
  /** Re-reads the address; call on every in-app navigation. */
  onLocationChange(): void;
  /** The tab became visible (a trusted event): the key may have been connected meanwhile. */
  onVisible(): void;
  /** Handles a request from our extension (popup, shortcut); resolves to its answer. */
  onTabRequest(message: unknown): Promise<TabState> | undefined;
  /** The extension's context ended: remove everything, answer nothing more. */
  destroy(): void;
  /** For tests. */
  readonly state: ButtonState | null;
  readonly view: CaptureButtonView | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isString = (value: unknown): value is string => typeof value === 'string';
const isFound = (value: unknown): value is EnteredDetails =>
  isRecord(value) && isString(value.firstName) && isString(value.lastName) && (value.jobTitle === null || isString(value.jobTitle));

/** Our worker's answer to `capture`, as a state of the button; null when it is not an answer. */
function stateFromOutcome(answer: unknown): ButtonState | null {
  if (!isRecord(answer)) return null;
  const outcome = answer;
  switch (outcome.state) {
    case 'captured':
      return isString(outcome.capturedAt) ? { kind: 'captured', capturedAt: outcome.capturedAt } : null;
    case 'queued':
      return outcome.reason === 'offline' || outcome.reason === 'server' || outcome.reason === 'rate-limited' || outcome.reason === 'key-rejected'
        ? { kind: 'queued', reason: outcome.reason }
        : null;
    case 'rejected':
      return { kind: 'failed', reason: 'rejected', message: isString(outcome.message) ? outcome.message : null };
    case 'not-connected':
      return { kind: 'not-connected' };
    case 'refused':
      return { kind: 'failed', reason: 'refused', message: null };
    case 'unreadable': {
      const reason = outcome.reason;
      if (
        reason !== 'not-a-profile' && reason !== 'logged-out' && reason !== 'not-found' && reason !== 'name-not-found' &&
        reason !== 'stale-page' && reason !== 'name-unconfirmed' && reason !== 'page-changed'
      ) return null;
      const found = isFound(outcome.found) ? outcome.found : null;
      return found ? { kind: 'failed', reason, message: null, found } : { kind: 'failed', reason, message: null };
    }
    case 'outbox-full':
      return { kind: 'failed', reason: 'outbox-full', message: null };
    case 'throttled':
      return { kind: 'failed', reason: 'throttled', message: null };
    default:
      return null;
  }
}

const COUNT_FIELDS = ['captured', 'alreadyCaptured', 'queued', 'refused', 'notSaved', 'fromProfile'] as const;

/** Our worker's answer to `bulk-capture`: the button's state and the summary's numbers; null when it is not an answer. */
function bulkFrom(answer: unknown): { state: ButtonState; counts: BulkCounts | null } | null {
  if (!isRecord(answer)) return null;
  switch (answer.state) {
    case 'done': {
      const counts = answer.counts;
      if (!isRecord(counts) || !COUNT_FIELDS.every((field) => typeof counts[field] === 'number')) return null;
      return { state: { kind: 'idle' }, counts: counts as unknown as BulkCounts };
    }
    case 'not-connected':
      return { state: { kind: 'not-connected' }, counts: null };
    case 'throttled':
      return { state: { kind: 'failed', reason: 'throttled', message: null }, counts: null };
    case 'refused':
      return { state: { kind: 'failed', reason: 'refused', message: null }, counts: null };
    default:
      return null;
  }
}

function pageStatusFrom(answer: unknown): PageStatus | null {
  if (!isRecord(answer) || typeof answer.connected !== 'boolean' || typeof answer.queued !== 'boolean') return null;
  const captured = answer.captured;
  if (captured !== null && !(isRecord(captured) && isString(captured.capturedAt))) return null;
  return { connected: answer.connected, queued: answer.queued, captured: captured === null ? null : { capturedAt: captured.capturedAt as string } };
}

/** A request from our extension: `get-state`, or `capture-request` with the popup's optional details. */
function tabRequestFrom(message: unknown): { type: 'get-state' } | { type: 'capture-request'; details?: EnteredDetails } | null {
  if (!isRecord(message)) return null;
  if (message.type === 'get-state') return { type: 'get-state' };
  if (message.type !== 'capture-request') return null;
  if (message.details === undefined) return { type: 'capture-request' };
  return isFound(message.details) ? { type: 'capture-request', details: message.details } : null;
}

export function startCaptureController(deps: CaptureControllerDeps): CaptureController {
  const { site } = deps;
  let settings: ContentSettings | null = null;
  let destroyed = false;
  /**
   * What the address bar shows (if this site is on): the canonical URL of a profile, or the address
   * of a people search page; null elsewhere.
   */
  let profileUrl: string | null = null;
  /** `profileUrl` is a people search page's address. */
  let peopleSearch = false;
  /** The numbers of this search page's last bulk capture, for the summary. */
  let bulkCounts: BulkCounts | null = null;
  let state: ButtonState = { kind: 'idle' };
  /** Bumped whenever the profile changes, so answers about the previous profile are dropped. */
  let generation = 0;
  let view: CaptureButtonView | null = null;
  let insertScheduled = false;
  /** When the button started showing the current profile; null while it does not. */
  let shownSince: number | null = null;
  let cancelStatusTimer: (() => void) | null = null;
  let lastStatusAt = Number.NEGATIVE_INFINITY;
  const captureTimes: number[] = [];

  const onPage = () => settings?.placement === 'page';

  const translator = () => {
    const locale = resolveLocale(settings?.language ?? 'auto', deps.uiLanguage);
    return { locale, t: createTranslator(buttonCatalogs, locale) };
  };

  /** A people search page's own words for the states a bulk capture shows differently. */
  function searchWords(t: Translate<ButtonMessageKey>): { label: string; detail: string } | undefined {
    if (state.kind === 'idle') return { label: t('capturePeople'), detail: bulkCounts === null ? '' : bulkSummary(bulkCounts, t) };
    return bulkFailureWords(state, t);
  }

  function render(): void {
    if (!view) return;
    const { locale, t } = translator();
    view.render(state, t, locale, peopleSearch ? searchWords(t) : undefined);
  }

  function show(): void {
    if (!view) {
      view = createCaptureButton(
        deps.document,
        {
          onActivate: () => void activate(),
          onCaptureAgain: () => void (settled() && capture()),
          onSubmitDetails: (details) => void (settled() && capture(details)),
        },
        deps.checks ? { checks: deps.checks } : {},
      );
    }
    render();
    if (view.host.isConnected) {
      shownSince ??= deps.now();
      return;
    }
    if (insertScheduled) return;
    insertScheduled = true;
    deps.whenIdle(() => {
      insertScheduled = false;
      // The profile, the placement or the extension may have gone while we waited for idle time.
      if (destroyed || !view || !profileUrl || !onPage() || view.host.isConnected) return;
      (deps.document.body ?? deps.document.documentElement).append(view.host);
      shownSince = deps.now();
    });
  }

  function hide(): void {
    view?.closeDetails();
    view?.host.remove();
    shownSince = null;
  }

  /** The profile (canonical URL) or people search page (address) an address shows; null for any other page. */
  function pageAt(address: string): string | null {
    return site.profileAt(address) ?? (site.peopleSearch?.at(address) ? address : null);
  }

  /** The button has shown the page in the address bar for SETTLE_MS. */
  function settled(): boolean {
    if (pageAt(deps.currentUrl()) !== profileUrl) {
      sync(); // the page moved without telling us: the click was for another profile
      return false;
    }
    return shownSince !== null && deps.now() - shownSince >= SETTLE_MS;
  }

  function profileInAddressBar(): string | null {
    return settings?.enabled ? pageAt(deps.currentUrl()) : null;
  }

  function sync(): void {
    if (destroyed || !settings) return;
    const next = profileInAddressBar();
    if (next !== profileUrl) {
      profileUrl = next;
      peopleSearch = next !== null && site.peopleSearch?.at(next) === true;
      bulkCounts = null;
      generation += 1;
      state = { kind: 'idle' };
      shownSince = null;
      view?.closeDetails();
    }
    if (!profileUrl || !onPage()) {
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

  /** Asks for the profile's state once it has stayed the current, visible one; at most once per gap. */
  function scheduleStatus(): void {
    cancelStatus();
    if (!profileUrl || !onPage() || !deps.isVisible()) return;
    const wait = Math.max(STATUS_DELAY_MS, lastStatusAt + STATUS_MIN_GAP_MS - deps.now());
    const asked = generation;
    cancelStatusTimer = deps.setTimer(() => {
      cancelStatusTimer = null;
      if (asked === generation && deps.isVisible()) void refreshStatus();
    }, wait);
  }

  // A function, not an inline test: `state` changes while we await, which TypeScript cannot see.
  const isCapturing = (): boolean => state.kind === 'capturing';

  /** Asks the worker what it knows of this tab's profile (it reads the profile from the tab). */
  async function askStatus(): Promise<PageStatus | null> {
    lastStatusAt = deps.now();
    return pageStatusFrom(await deps.send({ type: 'page-status' }).catch(() => null));
  }

  function stateFromStatus(status: PageStatus): ButtonState | null {
    if (!status.connected) return { kind: 'not-connected' };
    if (status.captured) return { kind: 'captured', capturedAt: status.captured.capturedAt };
    if (status.queued) return { kind: 'queued', reason: 'server' };
    return null;
  }

  async function refreshStatus(): Promise<void> {
    if (!profileUrl || isCapturing() || destroyed) return;
    const asked = generation;
    const status = await askStatus();
    if (asked !== generation || isCapturing() || !status) return;
    state = stateFromStatus(status) ?? (state.kind === 'not-connected' ? { kind: 'idle' } : state);
    render();
  }

  async function activate(): Promise<void> {
    if (!settled()) return;
    switch (activationOf(state)) {
      case 'open-settings':
        await deps.send({ type: 'open-options' }).catch(() => undefined);
        return;
      case 'offer-capture-again':
        view?.offerCaptureAgain();
        return;
      case 'capture':
        await capture();
        return;
      case 'none':
        return;
    }
  }

  /** Within CAPTURES_PER_MINUTE for this tab; counts this capture when it is. */
  function withinRate(): boolean {
    const now = deps.now();
    while (captureTimes.length > 0 && now - (captureTimes[0] ?? now) >= 60_000) captureTimes.shift();
    if (captureTimes.length >= CAPTURES_PER_MINUTE) return false;
    captureTimes.push(now);
    return true;
  }

  /** Reads the page's results (only now), sends one bulk capture and shows its summary. */
  async function captureAll(request: () => ContentRequest): Promise<void> {
    const asked = generation;
    cancelStatus();
    state = { kind: 'capturing' };
    render();
    const answer = bulkFrom(await deps.send(request()).catch(() => null));
    if (asked !== generation) return; // the rep moved to another page meanwhile
    // No answer: the worker may have stopped midway; what it saved is skipped by the next click.
    state = answer?.state ?? { kind: 'failed', reason: 'error', message: null };
    if (answer?.counts) bulkCounts = answer.counts;
    render();
  }

  /** Reads the page (only now), sends the capture and shows what became of it. */
  async function capture(details?: EnteredDetails): Promise<void> {
    if (!profileUrl || isCapturing() || destroyed) return;
    const search = site.peopleSearch;
    if (peopleSearch && search) return captureAll(() => search.captureRequest(deps.document));
    if (!withinRate()) {
      state = { kind: 'failed', reason: 'throttled', message: null };
      render();
      return;
    }
    const asked = generation;
    cancelStatus();
    state = { kind: 'capturing' };
    render();
    const answer = stateFromOutcome(await deps.send(site.captureRequest(deps.document, deps.currentUrl(), details)).catch(() => null));
    if (asked !== generation) return; // the rep moved to another profile meanwhile
    if (answer) {
      state = answer;
    } else {
      // No answer: the worker may have stopped after saving the capture. Ask what it holds now,
      // so a saved capture reads "Queued" and is not captured a second time by a worried rep.
      const status = await askStatus();
      if (asked !== generation) return;
      state = (status && stateFromStatus(status)) ?? { kind: 'failed', reason: 'error', message: null };
    }
    render();
  }

  const tabState = (): TabState =>
    peopleSearch ? { profileUrl: null, state, peopleSearch: true } : { profileUrl, state: profileUrl ? state : null };

  return {
    applySettings(next) {
      if (destroyed) return;
      const placementChanged = settings !== null && settings.placement !== next.placement;
      settings = next;
      if (placementChanged) shownSince = null;
      sync();
      render(); // a language change applies at once
    },
    onLocationChange: sync,
    onVisible() {
      if (profileUrl && onPage()) scheduleStatus();
    },
    onTabRequest(message) {
      if (destroyed) return undefined;
      const request = tabRequestFrom(message);
      if (!request) return undefined;
      if (request.type === 'get-state') return Promise.resolve(tabState());
      sync(); // the address may have changed since the last navigation event
      return capture(request.details).then(tabState);
    },
    destroy() {
      destroyed = true;
      cancelStatus();
      view?.host.remove();
      view = null;
      profileUrl = null;
    },
    get state() {
      return profileUrl ? state : null;
    },
    get view() {
      return view;
    },
  };
}
