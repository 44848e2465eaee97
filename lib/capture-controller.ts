/**
 * What a content script does on LinkedIn or Instagram, for either site: follow the address bar,
 * show the Capture button on profile pages of an enabled platform, and capture on a trusted click.
 *
 * Before a click nothing is read from the page but its address (privacy policy §9.1): the button's
 * state comes from the background (is a key connected, was this profile captured lately?), and
 * the scraper runs only inside `capture()`.
 *
 * Everything that touches the browser is injected, so the whole flow runs in unit tests.
 */
import { createCaptureButton, type CaptureButtonView } from './capture-button';
import { buttonCatalogs } from './i18n/button';
import { createTranslator, resolveLocale } from './i18n/translate';
import {
  captureOutcomeSchema,
  pageStatusSchema,
  tabRequestSchema,
  type ButtonState,
  type CaptureOutcome,
  type ContentRequest,
  type PageStatus,
  type TabState,
} from './messages';
import { canonicalProfileUrl } from './profile-url';
import type { SiteScraper } from './sites/types';
import { DEFAULT_SETTINGS, type Settings } from './storage';

export interface CaptureControllerDeps {
  scraper: SiteScraper;
  document: Document;
  /** The address bar, read fresh each time. */
  currentUrl(): string;
  /** Sends to the background; rejects when the extension was reloaded under the page. */
  sendToBackground(request: ContentRequest): Promise<unknown>;
  loadSettings(): Promise<Settings>;
  watchSettings(callback: (settings: Settings) => void): void;
  uiLanguage: string;
  /** Runs `callback` when the main thread is idle (the button is inserted then, not during load). */
  whenIdle(callback: () => void): void;
}

export interface CaptureController {
  /** Re-reads the address; call on every in-app navigation. */
  onLocationChange(): void;
  /** The page became visible again: the key may have been connected meanwhile. */
  onVisible(): void;
  /** Handles a TabRequest from the extension (popup, keyboard shortcut); resolves to its answer. */
  onTabRequest(raw: unknown): Promise<TabState> | undefined;
  /** For tests. */
  readonly state: ButtonState | null;
}

function outcomeToState(outcome: CaptureOutcome): ButtonState {
  switch (outcome.state) {
    case 'captured':
      return { kind: 'captured', capturedAt: outcome.capturedAt };
    case 'queued':
      return { kind: 'queued', reason: outcome.reason };
    case 'rejected':
      return { kind: 'failed', reason: 'rejected', message: outcome.message };
    case 'not-connected':
      return { kind: 'not-connected' };
    case 'refused':
      return { kind: 'failed', reason: 'refused', message: null };
    case 'outbox-full':
      return { kind: 'failed', reason: 'outbox-full', message: null };
    case 'throttled':
      return { kind: 'failed', reason: 'throttled', message: null };
  }
}

export function startCaptureController(deps: CaptureControllerDeps): CaptureController {
  const { scraper } = deps;
  let settings: Settings | null = null;
  /** Canonical URL of the profile the button is for; null when no button is shown. */
  let profileUrl: string | null = null;
  let state: ButtonState = { kind: 'idle' };
  /** Bumped whenever the profile changes, so answers about the previous profile are dropped. */
  let generation = 0;
  let view: CaptureButtonView | null = null;
  let insertScheduled = false;

  const translator = () => {
    const locale = resolveLocale(settings?.language ?? DEFAULT_SETTINGS.language, deps.uiLanguage);
    return { locale, t: createTranslator(buttonCatalogs, locale) };
  };

  function render(): void {
    if (!view) return;
    const { locale, t } = translator();
    view.render(state, t, locale);
  }

  function show(): void {
    if (!view) {
      view = createCaptureButton(deps.document, {
        onActivate: (trusted) => {
          if (trusted) void activate();
        },
        onCaptureAgain: (trusted) => {
          if (trusted) void capture();
        },
      });
    }
    render();
    if (view.host.isConnected || insertScheduled) return;
    insertScheduled = true;
    deps.whenIdle(() => {
      insertScheduled = false;
      // The profile may have gone while we waited for idle time.
      if (view && profileUrl && !view.host.isConnected) {
        (deps.document.body ?? deps.document.documentElement).append(view.host);
      }
    });
  }

  function hide(): void {
    view?.host.remove();
  }

  /** The profile in the address bar, if this site's capture is on. */
  function profileInAddressBar(): string | null {
    if (!settings || !settings[scraper.source]) return null;
    const profile = canonicalProfileUrl(deps.currentUrl());
    return profile && profile.source === scraper.source ? profile.profileUrl : null;
  }

  function sync(): void {
    const next = profileInAddressBar();
    if (next === profileUrl) {
      if (profileUrl) show();
      return;
    }
    profileUrl = next;
    generation += 1;
    state = { kind: 'idle' };
    if (!profileUrl) {
      hide();
      return;
    }
    show();
    void refreshStatus();
  }

  // A function, not an inline test: `state` changes while we await, which TypeScript cannot see.
  const isCapturing = (): boolean => state.kind === 'capturing';

  /** Asks the background what it knows of this profile; null when it did not answer. */
  async function askStatus(): Promise<PageStatus | null> {
    if (!profileUrl) return null;
    const answer = pageStatusSchema.safeParse(
      await deps.sendToBackground({ type: 'page-status' }).catch(() => null),
    );
    return answer.success ? answer.data : null;
  }

  function stateFromStatus(status: PageStatus): ButtonState | null {
    if (!status.connected) return { kind: 'not-connected' };
    if (status.captured) return { kind: 'captured', capturedAt: status.captured.capturedAt };
    if (status.queued) return { kind: 'queued', reason: 'server' };
    return null;
  }

  async function refreshStatus(): Promise<void> {
    if (!profileUrl || isCapturing()) return;
    const asked = generation;
    const status = await askStatus();
    if (asked !== generation || isCapturing() || !status) return;
    state = stateFromStatus(status) ?? (state.kind === 'not-connected' ? { kind: 'idle' } : state);
    render();
  }

  async function activate(): Promise<void> {
    if (state.kind === 'not-connected') {
      await deps.sendToBackground({ type: 'open-options' }).catch(() => undefined);
    } else if (state.kind === 'captured') {
      view?.offerCaptureAgain();
    } else {
      await capture();
    }
  }

  /** Reads the page (only now), sends the capture and shows what became of it. */
  async function capture(): Promise<void> {
    if (!profileUrl || isCapturing()) return;
    const asked = generation;
    state = { kind: 'capturing' };
    render();
    const scraped = scraper.scrape(deps.document, deps.currentUrl());
    if (!scraped.ok) {
      state = { kind: 'failed', reason: scraped.reason, message: null };
    } else if (scraped.lead.profileUrl !== profileUrl) {
      // The address changed between the button's last sync and the click.
      state = { kind: 'failed', reason: 'stale-page', message: null };
    } else {
      const answer = captureOutcomeSchema.safeParse(
        await deps.sendToBackground({ type: 'capture', lead: scraped.lead }).catch(() => null),
      );
      if (asked !== generation) return; // the rep moved to another profile meanwhile
      if (answer.success) {
        state = outcomeToState(answer.data);
      } else {
        // No answer: the worker may have stopped after saving the capture. Ask what it holds now,
        // so a saved capture reads "Queued" and is not captured a second time by a worried rep.
        const status = await askStatus();
        if (asked !== generation) return;
        state = (status && stateFromStatus(status)) ?? { kind: 'failed', reason: 'error', message: null };
      }
    }
    render();
  }

  const tabState = (): TabState => ({ profileUrl, state: profileUrl ? state : null });

  void deps.loadSettings().then((loaded) => {
    settings = loaded;
    sync();
  });
  deps.watchSettings((changed) => {
    settings = changed;
    sync();
    render(); // a language change applies at once
  });

  return {
    onLocationChange: sync,
    onVisible: () => void refreshStatus(),
    onTabRequest(raw) {
      const request = tabRequestSchema.safeParse(raw);
      if (!request.success) return undefined;
      if (request.data.type === 'get-state') return Promise.resolve(tabState());
      return capture().then(tabState);
    },
    get state() {
      return profileUrl ? state : null;
    },
  };
}
