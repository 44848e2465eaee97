/**
 * Which addresses are LinkedIn's people search (issue 13): `https://www.linkedin.com/search/results/people/?…`,
 * whatever the query. Shared by the content script (which page mode to offer) and the worker (which
 * tab may send a bulk capture). Plain code, no imports: the content script ships it.
 */
export function isLinkedInPeopleSearch(address: string): boolean {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.host === 'www.linkedin.com' && /^\/search\/results\/people\/?$/u.test(url.pathname);
}
