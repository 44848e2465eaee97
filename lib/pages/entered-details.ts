/**
 * The popup's half of "Enter details": when the page's name could not be read with confidence,
 * the rep types (or corrects) the details and presses Capture. The fields are checked here against
 * the contract's limits, as the worker will check them after the same cleaning, so the rep reads
 * a clear message instead of a refused capture.
 */
import type { Source } from '../shared/contract';
import { DETAILS_LIMITS } from '../shared/limits';
import type { ButtonState, EnteredDetails } from '../shared/messages';
import { cleanText } from '../shared/text';

export type DetailsField = keyof EnteredDetails;
export type DetailsProblem = 'required' | 'too-long';

export type DetailsCheck =
  | { ok: true; details: EnteredDetails }
  | { ok: false; problems: Partial<Record<DetailsField, DetailsProblem>> };

/** What the tab's button found, when it offers "Enter details" (name unsure, or a stale page). */
export function enterDetailsPrefill(state: ButtonState | null | undefined): EnteredDetails | null {
  if (state?.kind !== 'failed') return null;
  if (state.reason !== 'name-not-found' && state.reason !== 'stale-page' && state.reason !== 'name-unconfirmed' && state.reason !== 'page-changed') return null;
  return state.found ?? null;
}

/** The typed fields, cleaned and checked; Instagram has no job title (the contract sends null). */
export function checkEnteredDetails(
  typed: { firstName: string; lastName: string; jobTitle: string },
  source: Source,
): DetailsCheck {
  const firstName = cleanText(typed.firstName);
  const lastName = cleanText(typed.lastName);
  const jobTitle = source === 'linkedin' ? cleanText(typed.jobTitle) : '';
  const problems: Partial<Record<DetailsField, DetailsProblem>> = {};
  if (firstName === '') problems.firstName = 'required';
  else if (firstName.length > DETAILS_LIMITS.firstName) problems.firstName = 'too-long';
  if (lastName.length > DETAILS_LIMITS.lastName) problems.lastName = 'too-long';
  if (jobTitle.length > DETAILS_LIMITS.jobTitle) problems.jobTitle = 'too-long';
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, details: { firstName, lastName, jobTitle: jobTitle === '' ? null : jobTitle } };
}
