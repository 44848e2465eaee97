/**
 * The LinkedIn people-search sensor (issue 13): what the content script reads from a page of
 * people search results on the rep's click, as raw strings (`LinkedInSearchReading`). It decides
 * nothing: the worker (lib/worker/sites/linkedin-search-interpret.ts) checks each result's links
 * against its name, skips member-id links and nameless results, dedupes and splits the names.
 *
 * The page's own result list is found by meaning (issue 19): the element whose children each hold
 * one person, a link to a profile with a name, whatever the wrapping, roles or classes. It is where
 * two results meet: of every two links in a row that name different profiles, the element that holds
 * both; the element that most such pairs meet in is the list (a person's own links meet inside her
 * result, mutual connections named in it too, once per result). Lists outside the page's results
 * (the sidebar's "People also viewed", navigation) are never looked at. Only results in sight, at
 * most MAX_SEARCH_RESULTS, text read as a person sees it (./dom.ts).
 */
import type { LinkedInSearchReading } from '../../shared/sites/types';
import { MAX_RESULT_LINES, MAX_SEARCH_RESULTS } from '../../shared/sites/read-limits';
import { NOT_SHOWN, boundedAttribute, createSight, first, firstMatches, linesAfter, type Sight } from './dom';

/**
 * Every selector the sensor uses, one alternative per line with the layout it serves, the fixture
 * that exercises it (tests/fixtures/linkedin/) and a date by which to check it against the live
 * site. tests/unit/selector-coverage.test.ts holds each to the fixtures it names, with counts.
 */
export const SELECTORS = {
  /** Where the results are: the page's main column. */
  results: [
    'main', // every layout: search-new-layout.html, search-old-layout.html. Review by 2027-06-30.
    '[data-sdui-screen$=".SearchResultsPeople"]', // 2026 layout, its screen root, for a screen served without main: search-new-layout.html, search-2026-wrapped.html. Review by 2027-06-30.
  ],
  /** Never the page's results: the sidebar, navigation, banners and footers. */
  notResults: [
    'aside, nav, header, footer', // every layout: "People also viewed", "Autres profils consultés": search-old-layout.html. Review by 2027-06-30.
  ],
  /** A link to a profile: a result holds its person's. */
  profileLink: [
    'a[href*="/in/"]', // every layout: search-new-layout.html. Review by 2027-06-30.
  ],
  /** Inside a result: the photo; the link around it and its alt text say whose result it is. */
  image: [
    'img', // every layout: search-new-layout.html. Review by 2027-06-30.
  ],
  /** Controls: their text is never the headline. */
  control: [
    'a, button, input', // every layout, "Connect", "Message", "Follow": search-new-layout.html. Review by 2027-06-30.
  ],
} as const;

type Result = LinkedInSearchReading['results'][number];

/** Profile links looked at, and how far up two of them are followed to where they meet. */
const MAX_LINKS = 150;
const MAX_DEPTH = 40;

/** The /in/<slug> an href names, as written (lower case): two links to one person agree on it. */
function profileOf(link: Element): string {
  const href = link.getAttribute('href') ?? '';
  const [, rest = ''] = href.split('/in/');
  return rest.split(/[/?#]/u)[0]?.toLowerCase() ?? '';
}

/** The nearest element holding both `a` and `b`. */
function meeting(a: Element, b: Element): Element | null {
  const around = new Set<Element>();
  for (let node: Element | null = a, steps = 0; node !== null && steps < MAX_DEPTH; node = node.parentElement, steps += 1) around.add(node);
  for (let node: Element | null = b, steps = 0; node !== null && steps < MAX_DEPTH; node = node.parentElement, steps += 1) {
    if (around.has(node)) return node;
  }
  return null;
}

/** The page's own result list: where most pairs of neighbouring results meet; the outermost of equals. */
function resultList(document: Document): Element | null {
  const scope = first(document, SELECTORS.results);
  if (scope === null) return null;
  const outside = (element: Element) => element.closest(SELECTORS.notResults[0]) !== null || element.closest(NOT_SHOWN) !== null;
  const links = firstMatches(scope, SELECTORS.profileLink[0], MAX_LINKS, (link) => !outside(link));
  const meetings = new Map<Element, number>();
  for (let index = 1; index < links.length; index += 1) {
    const [previous, link] = [links[index - 1], links[index]];
    if (previous === undefined || link === undefined || profileOf(previous) === profileOf(link)) continue;
    const list = meeting(previous, link);
    if (list !== null) meetings.set(list, (meetings.get(list) ?? 0) + 1);
  }
  let best: Element | null = null;
  for (const [list, count] of meetings) {
    const bestCount = best === null ? 0 : (meetings.get(best) ?? 0);
    if (count > bestCount || (count === bestCount && best !== null && list.contains(best))) best = list;
  }
  // One person on the page: her result is the list's only item.
  return best ?? links[0]?.closest('ul, ol, [role="list"]') ?? null;
}

function readResult(sight: Sight, result: Element): Result {
  const links = firstMatches(result, SELECTORS.profileLink[0], 6, (link) => !link.closest(NOT_SHOWN));
  const nameLink = links.find((link) => sight.text(link).trim() !== '') ?? null;
  const image = first(result, SELECTORS.image);
  return {
    name: nameLink === null ? null : sight.text(nameLink),
    nameHref: boundedAttribute(nameLink, 'href'),
    imageHref: boundedAttribute(image?.closest('a'), 'href'),
    imageAlt: boundedAttribute(image, 'alt'),
    after: nameLink === null ? [] : linesAfter(sight, nameLink, result, MAX_RESULT_LINES, SELECTORS.control[0]),
  };
}

export function readLinkedInSearch(document: Document): LinkedInSearchReading {
  const list = resultList(document);
  const sight = createSight();
  const results: Result[] = [];
  for (let item = list?.firstElementChild ?? null; item !== null && results.length < MAX_SEARCH_RESULTS; item = item.nextElementSibling) {
    if (sight.inSight(item)) results.push(readResult(sight, item));
  }
  return { results };
}
