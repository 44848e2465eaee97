/**
 * LinkedIn: "Capture people on this page" on a page of people search results (issue 13): one click
 * reads the page's own result list and captures each person.
 */
import { CAPTURE_PEOPLE_LABEL } from '../../shared/i18n/button';
import { isLinkedInPeopleSearch } from '../../shared/sites/people-search';
import type { PeopleSearchFeature } from '../feature';
import { readLinkedInSearch } from '../sites/linkedin-search';

export const linkedinPeopleSearch: PeopleSearchFeature = {
  id: 'linkedin-people-search',
  kind: 'people-search',
  source: 'linkedin',
  pageAt: (address) => (isLinkedInPeopleSearch(address) ? address : null),
  label: CAPTURE_PEOPLE_LABEL,
  read: readLinkedInSearch,
};
