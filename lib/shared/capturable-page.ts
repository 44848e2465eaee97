/**
 * The page a capture from an address is about: a profile's canonical URL, or a LinkedIn people
 * search page's address as it is; null for any other page. The popup names it when it asks for a
 * capture (`expectedPage`, issue 21), the shortcut names the one the rep saw, and the worker
 * compares the tab's address with it before asking the tab.
 */
import { canonicalProfileUrl } from './profile-url';
import { isLinkedInPeopleSearch } from './sites/people-search';

export function capturablePage(address: string): string | null {
  return canonicalProfileUrl(address)?.profileUrl ?? (isLinkedInPeopleSearch(address) ? address : null);
}
