/**
 * The LinkedIn people-search sensor (issue 13): what the content script reads from a page of
 * people search results on the rep's click, as raw strings (`LinkedInSearchReading`). It decides
 * nothing: the worker (lib/worker/sites/linkedin-search-interpret.ts) checks each result's links
 * against its name, skips member-id links and nameless results, dedupes and splits the names.
 *
 * Only the page's own result list is read (the first list of the search screen, or the list
 * holding the first result of the older layout), its direct items only, never one out of sight,
 * and at most MAX_SEARCH_RESULTS of them. Text is read with `textContent` within the bounds of
 * ./dom.ts; nothing is found by a hashed class or by a sentence in one UI language.
 */
import type { LinkedInSearchReading } from '../../shared/sites/types';
import { MAX_SEARCH_RESULTS } from '../../shared/sites/read-limits';
import { boundedAttribute, boundedText, first, isHidden, visible } from './dom';

/**
 * Every selector the sensor uses, one alternative per line with the layout it serves, the fixture
 * that exercises it (tests/fixtures/linkedin/) and a date by which to check it against the live
 * site. tests/unit/selector-coverage.test.ts fails when an alternative matches no fixture.
 */
export const SELECTORS = {
  /** The result list of the 2026 layout: the first list of the search screen. */
  resultList: [
    '[data-sdui-screen$=".SearchResultsPeople"] [role="list"]', // 2026 layout, hashed classes: search-new-layout.html. Review by 2027-06-30.
  ],
  /** A result, as a direct child of that list. */
  listItem: [
    '[role="listitem"]', // 2026 layout: search-new-layout.html. Review by 2027-06-30.
  ],
  /** A result of the older layout; the list holding the first one is the page's result list. */
  olderResult: [
    'ul[role="list"] > li > div[data-view-name="search-entity-result-universal-template"]', // 2023–2025 layout: search-old-layout.html. Review by 2027-06-30.
  ],
  /** Inside a result: the name as displayed, the first alternative that is in sight wins. */
  name: [
    'span[dir="ltr"] > span[aria-hidden="true"]', // older layout, the visible copy beside "View <name>’s profile": search-old-layout.html. Review by 2027-06-30.
    'p > a[href]', // 2026 layout, the name link in the first line: search-new-layout.html. Review by 2027-06-30.
  ],
  /** Inside a result: the photo; the link around it and its alt text say whose result it is. */
  image: [
    'figure img', // 2026 layout: search-new-layout.html. Review by 2027-06-30.
    'img', // older layout: search-old-layout.html. Review by 2027-06-30.
  ],
  /** A block after the name block holding one of these is a control, not the headline. */
  notHeadline: [
    'button, a, input', // every layout, "Connect", "Message", "Follow": search-new-layout.html. Review by 2027-06-30.
  ],
  /** Never read: a result, a name or a headline inside one of these. */
  hidden: [
    '[hidden]', // hidden attribute: search-new-layout.html. Review by 2027-06-30.
    '.visually-hidden', // screen-reader copies, older layout: search-old-layout.html. Review by 2027-06-30.
  ],
} as const;

type Result = LinkedInSearchReading['results'][number];

/** Steps up from the name while looking for the block after it; blocks looked at after each. */
const MAX_HEADLINE_STEPS = 6;

/** Out of sight: marked hidden (./dom.ts isHidden), or not rendered, transparent or invisible where the browser can tell. */
function outOfSight(element: Element): boolean {
  if (isHidden(element, SELECTORS.hidden)) return true;
  return typeof element.checkVisibility === 'function' && !element.checkVisibility({ opacityProperty: true, visibilityProperty: true });
}

/** The page's own result items, in page order: direct items of its result list only. */
function resultItems(document: Document): Element[] {
  const list = first(document, SELECTORS.resultList);
  if (list !== null) return [...list.children].filter((child) => SELECTORS.listItem.some((selector) => child.matches(selector)));
  const firstResult = first(document, SELECTORS.olderResult);
  const olderList = firstResult?.parentElement?.parentElement ?? null;
  if (firstResult === null || olderList === null) return [];
  return [...olderList.children].flatMap((item) => {
    const result = item.firstElementChild;
    return result !== null && result.matches(SELECTORS.olderResult[0]) ? [result] : [];
  });
}

/**
 * The headline: the first text block (p or div) after the block holding the name, walking out from
 * the name towards the result; blocks holding a control (the action buttons) are passed over.
 */
function headlineAfter(name: Element, result: Element): string | null {
  let block: Element | null = name.parentElement;
  for (let steps = 0; block !== null && block !== result && steps < MAX_HEADLINE_STEPS; steps += 1, block = block.parentElement) {
    if (block.tagName !== 'P' && block.tagName !== 'DIV') continue;
    const next = block.nextElementSibling;
    if (next === null || (next.tagName !== 'P' && next.tagName !== 'DIV')) continue;
    // Marked hidden only: the result itself was checked for sight as a whole.
    if (isHidden(next, SELECTORS.hidden) || first(next, SELECTORS.notHeadline) !== null) continue;
    const text = boundedText(next);
    if (text.trim() !== '') return text;
  }
  return null;
}

/** The first element in sight matching the first alternative that has one. */
function firstInSight(scope: Element, selectors: readonly string[]): Element | null {
  for (const selector of selectors) {
    const [found] = visible(scope, selector, SELECTORS.hidden, 1);
    if (found !== undefined) return found;
  }
  return null;
}

function readResult(result: Element): Result {
  const name = firstInSight(result, SELECTORS.name);
  const image = firstInSight(result, SELECTORS.image);
  const nameLink = name?.closest('a') ?? null;
  return {
    name: name === null ? null : boundedText(name),
    nameHref: nameLink !== null && result.contains(nameLink) ? boundedAttribute(nameLink, 'href') : null,
    imageHref: boundedAttribute(image?.closest('a'), 'href'),
    imageAlt: boundedAttribute(image, 'alt'),
    headline: name === null ? null : headlineAfter(name, result),
  };
}

export function readLinkedInSearch(document: Document): LinkedInSearchReading {
  const results: Result[] = [];
  for (const item of resultItems(document)) {
    if (results.length >= MAX_SEARCH_RESULTS) break;
    if (!outOfSight(item)) results.push(readResult(item));
  }
  return { results };
}
