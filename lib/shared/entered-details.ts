/**
 * The one check of "Enter details", for the popup's form and the page's: the typed fields cleaned
 * as the contract cleans them and held to its limits, as the worker will hold them, so the rep reads
 * a clear message instead of a refused capture. No schema library: the content script uses it too.
 */
import type { Source } from './contract';
import { DETAILS_LIMITS } from './limits';
import type { EnteredDetails } from './messages';
import { cleanText } from './text';

export type DetailsField = keyof EnteredDetails;
export type DetailsProblem = 'required' | 'too-long';

export type DetailsCheck =
  | { ok: true; details: EnteredDetails }
  | { ok: false; problems: Partial<Record<DetailsField, DetailsProblem>> };

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
