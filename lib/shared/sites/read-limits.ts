/**
 * How much a sensor reads from a page, shared by the content script (lib/content/sites/dom.ts reads
 * within these bounds) and the worker (lib/shared/sites/reading.ts refuses a reading beyond them).
 * Constants only, no imports: the content script ships this file.
 */

/** At most this many nodes are visited for one piece of text. */
export const MAX_TEXT_NODES = 200;
/** Longest text a sensor returns for one element (names are cut to 100 later, titles to 200). */
export const READ_TEXT_LIMIT = 1000;
/** Longest address (href, og:url) a sensor returns: above the contract's 2048, so a cut one never passes. */
export const READ_HREF_LIMIT = 4096;
/** Top-card candidates returned, in page order (a card whose heading is no name is passed over). */
export const MAX_CARDS = 6;
/** Blocks after the name that may be the headline, in order. */
export const MAX_HEADLINE_CANDIDATES = 6;
export const MAX_SELF_LINKS = 4;
export const MAX_DISPLAY_NAME_CANDIDATES = 24;
/** People-search results read on one click: a page shows 10; never more than this at once (issue 13). */
export const MAX_SEARCH_RESULTS = 25;
