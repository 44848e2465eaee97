/**
 * What a site's sensor hands the worker: raw strings read from the page on the click, nothing
 * decided yet. The worker parses it here as untrusted input (a page can tamper with the content
 * script's world, and the message can be forged by a compromised renderer): every string and list
 * is bounded, no other field is accepted. `lib/worker/sites/interpret.ts` then makes a lead of it.
 *
 * The sensors never import this module (it pulls in zod); they produce the type only.
 */
import * as z from 'zod/mini';
import {
  MAX_CARD_LABELS,
  MAX_CARD_LINKS,
  MAX_CARD_PHOTOS,
  MAX_CARDS,
  MAX_DISPLAY_NAME_CANDIDATES,
  MAX_EXPERIENCE_SECTIONS,
  MAX_HEADLINE_CANDIDATES,
  MAX_LINE_DEPTH,
  MAX_RESULT_LINES,
  MAX_SEARCH_RESULTS,
  MAX_SECTION_LINES,
  READ_HREF_LIMIT,
  READ_TEXT_LIMIT,
} from './read-limits';

const text = z.string().check(z.maxLength(READ_TEXT_LIMIT));
const href = z.string().check(z.maxLength(READ_HREF_LIMIT));
const bounded = <T extends z.ZodMiniType>(item: T, max: number) => z.array(item).check(z.maxLength(max));

/**
 * One line a person reads (lib/content/sites/dom.ts seenLines): its text, and the elements around
 * it, numbered, outermost first, which say what belongs together (a role, a result).
 */
const lineSchema = z.strictObject({
  text,
  path: bounded(z.number().check(z.int(), z.nonnegative()), MAX_LINE_DEPTH),
});
export type SeenLine = z.infer<typeof lineSchema>;

/**
 * An element that may show a person's name, with the card around it (the nearest section, article,
 * aside or list item): every place on the page that may name the person, raw.
 */
const linkedInCardSchema = z.strictObject({
  /** The element's text, as a person reads it. */
  name: text,
  /** The link the name sits in, if any. */
  nameLink: z.nullable(href),
  /** The card's links to profiles (/in/…), in page order. */
  links: bounded(href, MAX_CARD_LINKS),
  /** The accessible names of the card's controls ("More actions for Jane Doe", "Message Jane"). */
  labels: bounded(text, MAX_CARD_LABELS),
  /** The card's photo texts (alt). */
  photos: bounded(text, MAX_CARD_PHOTOS),
  /** The lines after the name in the card, controls left out: the headline is one of them. */
  after: bounded(text, MAX_HEADLINE_CANDIDATES),
});

/** A section that may be Experience: marked so by LinkedIn's own attributes, or one that shows dates. */
const experienceSectionSchema = z.strictObject({
  marked: z.boolean(),
  lines: bounded(lineSchema, MAX_SECTION_LINES),
});

export const linkedInReadingSchema = z.strictObject({
  site: z.literal('linkedin'),
  /** A password field is in sight (a sign-in wall, or a sign-in card beside a profile). */
  signIn: z.boolean(),
  cards: bounded(linkedInCardSchema, MAX_CARDS),
  /** The page's own first/last split: public profile meta tags, or structured data tied to a slug. */
  stated: z.nullable(z.strictObject({ firstName: text, lastName: text, publicIdentifier: z.nullable(href) })),
  experience: bounded(experienceSectionSchema, MAX_EXPERIENCE_SECTIONS),
  /** The head's canonical link and og:url, as written. */
  headUrls: bounded(href, 2),
  /** document.title, then og:title when there is one. */
  titles: bounded(text, 2),
});
export type LinkedInReading = z.infer<typeof linkedInReadingSchema>;

/**
 * What the people-search sensor (lib/content/sites/linkedin-search.ts) reads of one result, raw:
 * the displayed name and its link, the photo's link and alt text (whose result it is), the lines
 * after the name (the headline is one of them). Null where the result has none.
 */
const linkedInSearchResultSchema = z.strictObject({
  name: z.nullable(text),
  nameHref: z.nullable(href),
  imageHref: z.nullable(href),
  imageAlt: z.nullable(text),
  after: bounded(text, MAX_RESULT_LINES),
});

/** A page of LinkedIn people search results (issue 13): the page's own result list, at most MAX_SEARCH_RESULTS. */
export const linkedInSearchReadingSchema = z.strictObject({
  results: bounded(linkedInSearchResultSchema, MAX_SEARCH_RESULTS),
});
export type LinkedInSearchReading = z.infer<typeof linkedInSearchReadingSchema>;

export const instagramReadingSchema = z.strictObject({
  site: z.literal('instagram'),
  /** A login form is on the page. */
  loginForm: z.boolean(),
  header: z.nullable(
    z.strictObject({
      /** The header's username heading, as displayed ('' when empty). */
      username: z.nullable(text),
      /** href of the header's followers/following link. */
      selfLink: z.nullable(href),
      /** Semibold lines that may be the display name, in order, those inside links, counts or buttons left out. */
      displayNames: bounded(text, MAX_DISPLAY_NAME_CANDIDATES),
    }),
  ),
  /** document.title and og:title. */
  titles: bounded(text, 2),
});
export type InstagramReading = z.infer<typeof instagramReadingSchema>;

/**
 * Why a page could not be read. The button turns each into a sentence ("Could not read this
 * profile", …); the codes are stable so tests and translations can rely on them.
 * - not-a-profile: the address is not a profile page (feed, post, search…)
 * - logged-out: a login wall stands where the profile should be
 * - not-found: the site says this profile does not exist ("Profile Not Found")
 * - name-not-found: the page is a profile but no trustworthy name was found
 * - stale-page: the page shows another profile than the address bar (in-app navigation lag)
 * - name-unconfirmed: a name was found, but nothing on the page confirms it belongs to the address
 *   bar's profile (issue 19): "Enter details" opens prefilled with it, saying so
 * - page-changed: what the page showed changed during the rep's click (issue 21): nothing was sent,
 *   "Enter details" opens with what was shown at the click
 */
export const readFailureSchema = z.enum([
  'not-a-profile', 'logged-out', 'not-found', 'name-not-found', 'stale-page', 'name-unconfirmed', 'page-changed',
]);
export type ReadFailure = z.infer<typeof readFailureSchema>;

/** What was read though it was not enough for a capture: prefills "Enter details". */
export const foundDetailsSchema = z.object({
  firstName: z.string(),
  lastName: z.string(),
  jobTitle: z.nullable(z.string()),
});
export type FoundDetails = z.infer<typeof foundDetailsSchema>;

export const pageReadingSchema = z.discriminatedUnion('site', [linkedInReadingSchema, instagramReadingSchema]);
export type PageReading = z.infer<typeof pageReadingSchema>;
