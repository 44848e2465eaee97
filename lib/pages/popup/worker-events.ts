/**
 * What the popup does with what the worker tells our pages (issue 20): it redraws from the new
 * capture states (this page's, and each person's of a bulk) and asks for the queue's numbers
 * again. Nothing is polled: the worker tells, the popup follows, within a second of a delivery.
 */
import type { AppEvent, CaptureState } from '../../shared/messages';
import { onlyThePageKnows } from '../current-tab';
import type { PopupContext } from './context';

const NOTHING: CaptureState = { status: { state: 'none' }, person: null };

export function followWorker(context: PopupContext, event: AppEvent): void {
  const { captures, tabState, bulk } = context.state;
  // Erased: nothing is kept of any capture, this page's and the bulk's people's included.
  const known = [...(tabState?.profileUrl ? [tabState.profileUrl] : []), ...(bulk?.people.map((person) => person.profileUrl) ?? [])];
  const next: Record<string, CaptureState> = event.erased ? Object.fromEntries(known.map((url) => [url, NOTHING])) : { ...captures };
  for (const { profileUrl, state } of event.captures) {
    // A worker that restarted knows the capture's state but no longer its names (they are kept in
    // its memory only): the names the popup heard for it still say whom it sent.
    const before = next[profileUrl]?.person ?? null;
    next[profileUrl] = state.person === null && state.status.state !== 'none' && before ? { ...state, person: before } : state;
  }
  // The worker's word on this profile is newer than what the page last said of its own click.
  const told = tabState?.profileUrl ? next[tabState.profileUrl] !== captures[tabState.profileUrl] : false;
  const stale = told && tabState?.state && onlyThePageKnows(tabState.state);
  context.set({ captures: next, ...(stale && tabState ? { tabState: { ...tabState, state: { kind: 'idle' } } } : {}) });
}
