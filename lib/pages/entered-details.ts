/**
 * The popup's half of "Enter details": when the page's name could not be read with confidence,
 * the rep types (or corrects) the details and presses Capture. The fields are checked here against
 * the contract's limits (lib/shared/entered-details.ts), as the worker will check them after the
 * same cleaning, so the rep reads a clear message instead of a refused capture.
 */
import type { ButtonState, EnteredDetails } from '../shared/messages';

// The check itself is shared with the page's own form (lib/shared/entered-details.ts).
export { checkEnteredDetails, type DetailsCheck, type DetailsField, type DetailsProblem } from '../shared/entered-details';

/** What the tab's button found, when it offers "Enter details" (name unsure, or a stale page). */
export function enterDetailsPrefill(state: ButtonState | null | undefined): EnteredDetails | null {
  if (state?.kind !== 'failed') return null;
  if (state.reason !== 'name-not-found' && state.reason !== 'stale-page' && state.reason !== 'name-unconfirmed' && state.reason !== 'page-changed') return null;
  return state.found ?? null;
}
