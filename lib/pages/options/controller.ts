/**
 * The settings page: connect or disconnect the API key, turn each platform on or off, choose where
 * Capture appears, pick the language, and see, export or clear what the extension keeps on this
 * device. It holds one OptionsState (context.ts), redraws it with optionsView on every change, and
 * carries out what the rep does (connection-actions.ts, data-actions.ts). The browser is injected
 * (OptionsDeps), so it runs in unit tests.
 */
import { coalesce } from '../../shared/coalesce';
import { isWelcome } from '../../shared/welcome';
import { connectionActions } from './connection-actions';
import { createOptionsContext, type OptionsDeps } from './context';
import { dataActions } from './data-actions';
import type { OptionsState } from './state';

export type { OptionsDeps } from './context';

export function startOptions(deps: OptionsDeps): { readonly state: OptionsState } {
  const context = createOptionsContext(deps);
  context.useActions({ ...connectionActions(context), ...dataActions(context) });
  if (isWelcome(deps.document.location.search)) context.set({ welcome: true }, 'api-key');

  deps.settings.watch((settings) => context.set({ settings }));
  // Captures, the cache and the connection change in the background; keep the counts current.
  // A drain writes storage many times a second; redraw a few times a second at most.
  const refreshOnStorageChange = coalesce(() => context.refreshStatus(), { now: () => Date.now(), minIntervalMs: 250 });
  deps.onStaleStatus(() => void refreshOnStorageChange().catch(() => undefined));

  void deps.settings.get().then((settings) => context.set({ settings }));
  void context.refreshStatus();
  return {
    get state() {
      return context.state;
    },
  };
}
