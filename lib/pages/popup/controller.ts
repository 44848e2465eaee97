/**
 * The popup: who is connected, the Capture action for the profile in the current tab (the same
 * states as the page's button), what waits to be sent, and what needs the rep's attention.
 *
 * It holds one PopupState (context.ts), redraws it with popupView on every change, and carries
 * out what the rep does (tab-actions.ts, queue-actions.ts). The browser is injected (PopupDeps),
 * so the whole popup runs in unit tests; the entry point only wires Chrome's APIs in.
 */
import { coalesce } from '../../shared/coalesce';
import { createPopupContext, type PopupDeps } from './context';
import { queueActions } from './queue-actions';
import type { PopupState } from './state';
import { askTabState, tabActions } from './tab-actions';
import { followWorker } from './worker-events';

export type { PopupDeps } from './context';

export interface Popup {
  readonly state: PopupState;
  /** Settles once the first full render is done. */
  readonly ready: Promise<void>;
}

export function startPopup(deps: PopupDeps): Popup {
  const context = createPopupContext(deps);
  context.useActions({
    openSettings: () => deps.openOptions(),
    setShortcut: () => deps.openShortcuts(),
    ...tabActions(context),
    ...queueActions(context),
  });
  deps.onFirstFrame?.();

  deps.settings.watch((settings) => context.set({ settings }));
  // A drain writes storage and tells of changes many times a second; ask a few times a second at most.
  const refreshStatus = coalesce(() => context.refreshStatus(), { now: () => Date.now(), minIntervalMs: 250 });
  deps.onLocalStorageChange(() => void refreshStatus().catch(() => undefined));
  deps.onAppEvent((event) => {
    followWorker(context, event);
    void refreshStatus().catch(() => undefined);
  });

  const ready = Promise.all([
    deps.settings.get().then((settings) => context.set({ settings })),
    deps.shortcut().then((shortcut) => context.set({ shortcut })),
    context.refreshStatus(),
    deps.activeTab().then((tab) => {
      context.follow({ tab });
      return askTabState(context);
    }),
  ]).then(() => deps.onReady?.());

  return {
    get state() {
      return context.state;
    },
    ready,
  };
}
