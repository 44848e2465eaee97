/**
 * What the worker tells our open pages (the popup, the settings page) when something they show
 * changed (issue 20): a capture's state (lib/worker/capture-states.ts), or the queue. The pages
 * redraw from it instead of asking again and again; a page that is not open costs one refused
 * message per batch.
 *
 * Changes are gathered for BATCH_MS and told in one message, newest state per profile: a drain of
 * 1,000 captures tells the pages a few times a second, not 2,000 times. Sent with
 * runtime.sendMessage, which reaches the extension's own pages and never a content script.
 */
import type { AppEvent, CaptureState } from '../shared/messages';
import type { CaptureEvent } from './capture-states';

/** How long changes are gathered before the pages hear of them (a redraw within a second is the aim). */
export const BATCH_MS = 100;

export interface AppEventsDeps {
  /** runtime.sendMessage; rejects when no page of ours is open. */
  send(event: AppEvent): Promise<unknown>;
  setTimer(callback: () => void, ms: number): void;
}

export interface AppEvents {
  /** A capture-states event. */
  capture(event: CaptureEvent): void;
  /** The queue changed (delivery's onChange): the pages ask for their status again. */
  queueChanged(): void;
}

export function createAppEvents(deps: AppEventsDeps): AppEvents {
  let captures = new Map<string, CaptureState>();
  let erased = false;
  let scheduled = false;

  function flush(): void {
    scheduled = false;
    const event: AppEvent = { type: 'views-changed', captures: [...captures].map(([profileUrl, state]) => ({ profileUrl, state })), erased };
    captures = new Map();
    erased = false;
    // No page open: nobody to tell, nothing to do.
    void deps.send(event).catch(() => undefined);
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    deps.setTimer(flush, BATCH_MS);
  }

  return {
    capture(event) {
      if (event.kind === 'erased') {
        // What came before the erasure is gone with it.
        captures = new Map();
        erased = true;
      } else {
        captures.delete(event.profileUrl);
        captures.set(event.profileUrl, event.state);
      }
      schedule();
    },
    queueChanged: schedule,
  };
}
