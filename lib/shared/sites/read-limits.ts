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
/** Elements that may show a person's name, each read with the card around it. */
export const MAX_CARDS = 9;
/** Lines after a name that may be the headline, in order. */
export const MAX_HEADLINE_CANDIDATES = 6;
/** Per card: links to profiles, accessible names of its controls, photo texts. */
export const MAX_CARD_LINKS = 6;
export const MAX_CARD_LABELS = 12;
export const MAX_CARD_PHOTOS = 3;
/** Sections that may be Experience, and the lines read of each. */
export const MAX_EXPERIENCE_SECTIONS = 3;
export const MAX_SECTION_LINES = 80;
/** How many of the elements around a line its `path` names, the innermost (lib/content/sites/dom.ts seenLines). */
export const MAX_LINE_DEPTH = 16;
export const MAX_DISPLAY_NAME_CANDIDATES = 24;
/** People-search results read on one click: a page shows 10; never more than this at once (issue 13). */
export const MAX_SEARCH_RESULTS = 25;
/** Per search result: the lines after the name that may be the headline. */
export const MAX_RESULT_LINES = 4;
