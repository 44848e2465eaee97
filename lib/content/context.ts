/**
 * A content script's context, with the face of WXT's `ContentScriptContext` (`isValid`,
 * `onInvalidated`, `addEventListener`, `setTimeout`, `setInterval`, `requestIdleCallback`) but none
 * of its announcements: WXT 0.21.4's context posts `<extension id>:…:wxt:content-script-started` to
 * the page and stops when the page dispatches that event (issue 11), so ours is written here.
 *
 * Nothing tells a content script that its extension was disabled, updated or removed under the
 * page: the context looks every CONTEXT_CHECK_MS, and at every event it relays, and then ends
 * everything it started (listeners, timers) and calls back.
 */

/** How often we look whether our extension is still there. */
export const CONTEXT_CHECK_MS = 1000;

/** The timers a context uses: the page's globals, or fakes in tests. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(id: unknown): void;
  requestIdleCallback(callback: () => void, options: { timeout: number }): unknown;
  cancelIdleCallback(id: unknown): void;
}

export interface ContentContext {
  /** The extension is still there and the context has not ended. */
  readonly isValid: boolean;
  /** Called once, when the context ends. */
  onInvalidated(callback: () => void): void;
  /** A listener that ends with the context, and ends the context when it fires after the extension went. */
  addEventListener(target: EventTarget, type: string, listener: (event: Event) => void): void;
  /**
   * Adds again every listener still wanted: after `document.open()`, which removes every listener
   * of the document (a page can call it), they are lost. A listener still in place is not doubled.
   */
  rebind(): void;
  /** Each returns a cancel function. */
  setTimeout(callback: () => void, ms: number): () => void;
  setInterval(callback: () => void, ms: number): () => void;
  requestIdleCallback(callback: () => void, options: { timeout: number }): () => void;
  /** Ends the context now. */
  end(): void;
}

export function createContentContext(alive: () => boolean, timers: Timers): ContentContext {
  let ended = false;
  const onEnd: (() => void)[] = [];
  const cancels = new Set<() => void>();
  const listeners: [EventTarget, string, (event: Event) => void][] = [];

  const valid = (): boolean => {
    if (ended) return false;
    let ok: boolean;
    try {
      ok = alive();
    } catch {
      ok = false;
    }
    if (!ok) end();
    return ok;
  };

  function end(): void {
    if (ended) return;
    ended = true;
    for (const cancel of [...cancels]) cancel();
    for (const [target, type, handler] of listeners.splice(0)) target.removeEventListener(type, handler);
    for (const callback of onEnd.splice(0)) {
      try {
        callback();
      } catch {
        // the extension API may already be gone with the context
      }
    }
  }

  const track = (cancel: () => void): (() => void) => {
    const once = () => {
      cancels.delete(once);
      cancel();
    };
    cancels.add(once);
    return once;
  };

  /** A one-shot timer that ends with the context and runs only while it is valid. */
  const once = (start: (fire: () => void) => unknown, clear: (id: unknown) => void, callback: () => void): (() => void) => {
    if (ended) return () => undefined;
    let cancel: () => void = () => undefined;
    const id = start(() => {
      cancel();
      if (valid()) callback();
    });
    cancel = track(() => clear(id));
    return cancel;
  };

  const ticking = timers.setInterval(() => void valid(), CONTEXT_CHECK_MS);
  cancels.add(() => timers.clearInterval(ticking));

  return {
    get isValid() {
      return !ended && valid();
    },
    onInvalidated(callback) {
      if (ended) callback();
      else onEnd.push(callback);
    },
    addEventListener(target, type, listener) {
      if (ended) return;
      const handler = (event: Event) => void (valid() && listener(event));
      target.addEventListener(type, handler);
      listeners.push([target, type, handler]);
    },
    rebind() {
      for (const [target, type, handler] of listeners) target.addEventListener(type, handler);
    },
    setTimeout: (callback, ms) => once((fire) => timers.setTimeout(fire, ms), (id) => timers.clearTimeout(id), callback),
    setInterval(callback, ms) {
      if (ended) return () => undefined;
      const id = timers.setInterval(() => void (valid() && callback()), ms);
      return track(() => timers.clearInterval(id));
    },
    requestIdleCallback: (callback, options) =>
      once((fire) => timers.requestIdleCallback(fire, options), (id) => timers.cancelIdleCallback(id), callback),
    end,
  };
}
