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
  MAX_CARDS,
  MAX_DISPLAY_NAME_CANDIDATES,
  MAX_HEADLINE_CANDIDATES,
  MAX_SEARCH_RESULTS,
  MAX_SELF_LINKS,
  READ_HREF_LIMIT,
  READ_TEXT_LIMIT,
} from './read-limits';

const text = z.string().check(z.maxLength(READ_TEXT_LIMIT));
const href = z.string().check(z.maxLength(READ_HREF_LIMIT));
const bounded = <T extends z.ZodMiniType>(item: T, max: number) => z.array(item).check(z.maxLength(max));

const linkedInCardSchema = z.strictObject({
  /** The card's name heading, as displayed. */
  name: text,
  /** The card's headline element when one is marked, else the blocks after the name block. */
  headlines: bounded(text, MAX_HEADLINE_CANDIDATES),
  /** hrefs of the card's links to the profile itself (name link, contact info, about this profile). */
  selfLinks: bounded(href, MAX_SELF_LINKS),
});

export const linkedInReadingSchema = z.strictObject({
  site: z.literal('linkedin'),
  /** An authwall form is on the page. */
  authWall: z.boolean(),
  /** A sign-in form is on the page (a wall only when no top card is shown). */
  signInForm: z.boolean(),
  /** The site's own "Profile Not Found" page. */
  notFound: z.boolean(),
  cards: bounded(linkedInCardSchema, MAX_CARDS),
  /** The name's type style outside any recognised card (older layouts). */
  styledName: z.nullable(text),
  /** Self links found in the profile column when no card was recognised. */
  mainSelfLinks: bounded(href, MAX_SELF_LINKS),
  /** The page's own first/last split: public profile meta tags, or structured data tied to the slug. */
  stated: z.nullable(z.strictObject({ firstName: text, lastName: text, publicIdentifier: z.nullable(href) })),
  /** The current (or first) position of Experience: its title line and the line after it. */
  position: z.nullable(z.strictObject({ title: text, nextLine: z.nullable(text) })),
  /** The head's canonical link and og:url, as written. */
  headUrls: bounded(href, 2),
  title: text,
});
export type LinkedInReading = z.infer<typeof linkedInReadingSchema>;

/**
 * What the people-search sensor (lib/content/sites/linkedin-search.ts) reads of one result, raw:
 * the displayed name and its link, the photo's link and alt text (whose result it is), the line
 * after the name. Null where the result has none.
 */
const linkedInSearchResultSchema = z.strictObject({
  name: z.nullable(text),
  nameHref: z.nullable(href),
  imageHref: z.nullable(href),
  imageAlt: z.nullable(text),
  headline: z.nullable(text),
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
