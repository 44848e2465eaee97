/**
 * A page's running state, for the popup and the settings page alike: one state value, its redraw
 * after every change, and where the focus goes after it. `set` changes the state and redraws;
 * `follow` records what a field already shows as the rep types it, with no redraw under the rep's
 * fingers; `refreshStatus` asks the worker for its status and draws it.
 */
import type { AppStatus } from '../shared/messages';

export interface PageContext<S, D> {
  readonly deps: D;
  readonly state: S;
  /** Applies `change` and redraws; then focuses the first element of `focus` (ids) that is shown. */
  set(change: Partial<S>, ...focus: string[]): void;
  /** Applies `change` without a redraw. */
  follow(change: Partial<S>): void;
  refreshStatus(): Promise<void>;
}

interface PageDeps {
  document: Document;
  background: { status(): Promise<AppStatus> };
}

/**
 * A context that draws with `draw(state, actions)`; it draws nothing until `useActions` gives
 * the actions (they are made with the context, so they come after it).
 */
export function createPageContext<S extends { status: AppStatus | null }, A, D extends PageDeps>(
  deps: D,
  initial: S,
  options: {
    /** Draws `state` (patch() of the page's view). */
    draw(state: S, actions: A): void;
    /** What a change leaves behind that no longer has a place, removed before drawing. */
    settle?(next: S): S;
  },
): PageContext<S, D> & { useActions(actions: A): void } {
  let state = initial;
  let actions: A | null = null;
  const settle = options.settle ?? ((next: S) => next);

  function redraw(focus: readonly string[]): void {
    if (actions === null) return;
    options.draw(state, actions);
    const target = focus
      .map((id) => deps.document.getElementById(id))
      .find((element) => element !== null && !element.closest('[hidden]'));
    target?.focus();
  }

  const context = {
    deps,
    get state() {
      return state;
    },
    set(change: Partial<S>, ...focus: string[]) {
      state = settle({ ...state, ...change });
      redraw(focus);
    },
    follow(change: Partial<S>) {
      state = { ...state, ...change };
    },
    async refreshStatus() {
      context.set({ status: await deps.background.status() } as Partial<S>);
    },
    useActions(next: A) {
      actions = next;
      redraw([]);
    },
  };
  return context;
}
