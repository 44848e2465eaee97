/**
 * Makes a lead of what the LinkedIn sensor read (lib/content/sites/linkedin.ts), in the worker. Pure and
 * DOM-free: (reading, the tab's address) → lead or refusal.
 *
 * LinkedIn is a single-page app: after an in-app move from profile A to B, the head (title,
 * og:url, canonical link) and, for a moment, the top card can still describe A. Only a source tied
 * to the address bar is used; when the page shows another profile, the answer is 'stale-page'
 * rather than someone else. See `interpretLinkedIn` for the order.
 */
import { LIMITS } from '../../shared/contract';
import { splitName, type SplitName } from '../names';
import { canonicalLinkedInUrl } from '../../shared/profile-url';
import { cleanText, truncate } from '../../shared/text';
import type { LinkedInReading } from '../../shared/sites/reading';
import type { FoundDetails, ScrapeResult } from '../../shared/sites/types';

/** Headings that are never a person's name, compared lower-case with apostrophes folded. */
const NON_NAME_HEADINGS: ReadonlySet<string> = new Set([
  'linkedin', 'linkedin member', 'membre linkedin', 'użytkownik linkedin', 'people you may know',
  'personnes que vous pourriez connaître', 'people also viewed', 'autres profils consultés',
  'join linkedin', 'rejoindre linkedin', 'sign in', "s'identifier", 'identifiez-vous', 'sign up',
  "s'inscrire", 'welcome back', 'bon retour parmi nous', 'profile', 'profil', 'experience',
  'expérience', 'doświadczenie', 'about', 'infos', 'informacje', 'activity', 'activité', 'aktywność',
  'feed', "fil d'actualité", 'home', 'accueil', 'my network', 'mon réseau', 'messaging', 'messagerie',
  'notifications', 'page not found', "this page doesn't exist", "cette page n'existe pas",
  'profile not found', 'profil introuvable',
]);

/**
 * "(3) Jane Doe | LinkedIn"; the guest page adds the headline: "Jane Doe - Acme | LinkedIn".
 * The suffix is "LinkedIn" in every locale we know of but LinkedIn China's "领英".
 */
const TITLE_NOTIFICATION_COUNT = /^\(\d+\+?\)\s*/u;
const TITLE_SUFFIX = /\s+[|·–—-]\s+(?:LinkedIn|领英)\s*$/iu;
const TITLE_NAME_END = /\s+[|·–—-]\s+/u;

/**
 * Beside the name, never the headline: the connection degree ("1st", "· 2nd", "· 1.", "3e+"),
 * pronouns ("she/her").
 */
const NAME_BLOCK_EXTRAS = /^(?:·\s*)?(?:1st|2nd|3rd\+?|1er|2e|3e\+?|[1-3]\.?\+?)$|^·\s*\S{1,12}$|^\p{L}+\/\p{L}+$/iu;

/**
 * Words of LinkedIn's own controls and messages (the sign-in dialog and wall, error pages), in the
 * UI languages we know: a text holding one is the page talking, never a name or a job title,
 * whatever layout or element it came from. Compared lower-case with apostrophes folded.
 */
const UI_SENTENCE_PARTS: readonly string[] = [
  'sign in to view', 'join to view', 'email or phone', 'forgot password', 'welcome back', 'agree & join',
  'new to linkedin', 'something went wrong', 'try again later', 'page not found', 'profile not found',
  "this page doesn't exist", 'e-mail ou téléphone', 'mot de passe oublié', 'bon retour parmi nous',
  'identifiez-vous pour', "s'identifier pour", 'profil introuvable', "cette page n'existe pas",
  "une erreur s'est produite", 'nie pamiętasz hasła', 'zaloguj się, aby', 'nie znaleziono', 'coś poszło nie tak',
];

function folded(text: string): string {
  return cleanText(text).toLowerCase().replace(/’/gu, "'");
}

/** A heading of the page's own ("Sign in", "Experience") or a sentence of its UI: no name, no title. */
function isUiText(text: string): boolean {
  const words = folded(text);
  return NON_NAME_HEADINGS.has(words) || UI_SENTENCE_PARTS.some((part) => words.includes(part));
}

export function nameOf(text: string): SplitName | null {
  return isUiText(text) ? null : splitName(text);
}

/** A job title: page text that is no UI text, cut to the contract's limit; null when there is none. */
export function jobTitleOf(text: string): string | null {
  const title = truncate(cleanText(text), LIMITS.jobTitle);
  return title === '' || isUiText(text) ? null : title;
}

/** The canonical profile URL an href points to, resolved against the address bar. */
export function canonicalHref(href: string, base: string): string | null {
  try {
    return canonicalLinkedInUrl(new URL(href, base).href);
  } catch {
    return null;
  }
}

type Card = LinkedInReading['cards'][number];

/** The first card whose heading is a person's name ("People you may know" is passed over). */
function topCard(reading: LinkedInReading): { card: Card; name: SplitName } | null {
  for (const card of reading.cards) {
    const name = nameOf(card.name);
    if (name !== null) return { card, name };
  }
  return null;
}

/**
 * What the page says about whom it shows, from addresses it gives: every one this profile
 * ('current'); one naming another profile ('other-profile': the page has not caught up with an
 * in-app move); one naming no profile, such as the feed ('unverified': nothing ties what is shown
 * to either). No address at all contradicts nothing: 'current'.
 */
type Currency = 'current' | 'other-profile' | 'unverified';

function currencyOf(hrefs: readonly string[], profileUrl: string, url: string): Currency {
  let currency: Currency = 'current';
  for (const href of hrefs) {
    const named = canonicalHref(href, url);
    if (named === profileUrl) continue;
    if (named !== null) return 'other-profile';
    currency = 'unverified';
  }
  return currency;
}

/**
 * Whether the page's own content (top card, Experience) shows `profileUrl`: the card's links to
 * the profile itself decide when there are any (they render with the card); else the head's.
 */
function contentCurrency(reading: LinkedInReading, selfLinks: readonly string[], profileUrl: string, url: string): Currency {
  return currencyOf(selfLinks.length > 0 ? selfLinks : reading.headUrls, profileUrl, url);
}

/** The name in "(3) Jane Doe | LinkedIn", or null when the title is not a profile's. */
function nameFromTitle(title: string): SplitName | null {
  const withoutCount = cleanText(title).replace(TITLE_NOTIFICATION_COUNT, '');
  if (!TITLE_SUFFIX.test(withoutCount)) return null;
  const [name = ''] = withoutCount.replace(TITLE_SUFFIX, '').split(TITLE_NAME_END, 1);
  return nameOf(name);
}

function headlineOf(card: Card): string | null {
  for (const candidate of card.headlines) {
    const text = cleanText(candidate);
    const title = NAME_BLOCK_EXTRAS.test(text) ? null : jobTitleOf(text);
    if (title !== null) return title;
  }
  return null;
}

/** The current position's title; a line equal to the company ("Acme" over "Acme · Full-time") is none. */
function positionTitle(reading: LinkedInReading): string | null {
  if (reading.position === null) return null;
  const title = jobTitleOf(reading.position.title);
  const company = reading.position.nextLine === null ? null : cleanText(reading.position.nextLine).split(' · ')[0];
  return title !== null && title === company ? null : title;
}

/**
 * The page's own first/last split, used only when it is the same name as the one displayed (the
 * head can lag behind an in-app move) and, for structured data, tied to this profile.
 */
function statedSplit(reading: LinkedInReading, displayed: SplitName, profileUrl: string, url: string): SplitName {
  const { stated } = reading;
  if (stated === null) return displayed;
  if (stated.publicIdentifier !== null && canonicalHref(`/in/${stated.publicIdentifier}`, url) !== profileUrl) return displayed;
  const firstName = truncate(cleanText(stated.firstName), LIMITS.firstName);
  const lastName = truncate(cleanText(stated.lastName), LIMITS.lastName);
  const same = `${firstName} ${lastName}`.trim() === `${displayed.firstName} ${displayed.lastName}`.trim();
  return same && firstName !== '' ? { firstName, lastName } : displayed;
}

const nothingFound: FoundDetails = { firstName: '', lastName: '', jobTitle: null };

/**
 * Refusals first: not a profile address; the authwall; "Profile Not Found"; a sign-in form with no
 * top card. Then the name, in order: the top card's name; the `.text-heading-xlarge` element; the
 * title. The first two are page content, used only when the content is current
 * (`contentCurrency`); the title is head, used only when the head's own address is this profile.
 * A source that exists but fails its check ends the search: a lower source is no fresher than the
 * one that failed. It ends in 'stale-page' when the page names another profile, else in
 * 'name-not-found' (nothing ties the name to the address bar). Job title: the current position, else the headline, else null;
 * read only from current content.
 */
export function interpretLinkedIn(reading: LinkedInReading, url: string): ScrapeResult {
  const profileUrl = canonicalLinkedInUrl(url);
  if (profileUrl === null) return { ok: false, reason: 'not-a-profile', found: null };
  if (reading.authWall) return { ok: false, reason: 'logged-out', found: null };
  if (reading.notFound) return { ok: false, reason: 'not-found', found: null };

  const card = topCard(reading);
  if (card === null && reading.signInForm) return { ok: false, reason: 'logged-out', found: null };

  const selfLinks = card?.card.selfLinks ?? reading.mainSelfLinks;
  const content = contentCurrency(reading, selfLinks, profileUrl, url);
  const contentIsCurrent = content === 'current';
  // Truthful refusals: 'stale-page' only when the page names another profile; content that
  // nothing ties to this profile (nor to another) is a name we cannot trust: 'name-not-found'.
  const untrusted = (currency: Currency): ScrapeResult =>
    currency === 'other-profile'
      ? { ok: false, reason: 'stale-page', found: nothingFound }
      : { ok: false, reason: 'name-not-found', found: nothingFound };
  const jobTitle = (headline: string | null) => (contentIsCurrent ? (positionTitle(reading) ?? headline) : null);
  const lead = (name: SplitName, headline: string | null): ScrapeResult => ({
    ok: true,
    lead: { ...statedSplit(reading, name, profileUrl, url), jobTitle: jobTitle(headline), profileUrl },
  });

  if (card !== null) return contentIsCurrent ? lead(card.name, headlineOf(card.card)) : untrusted(content);

  const styledName = reading.styledName === null ? null : nameOf(reading.styledName);
  if (styledName !== null) return contentIsCurrent ? lead(styledName, null) : untrusted(content);

  const titleName = nameFromTitle(reading.title);
  if (titleName === null) {
    const anyHeadline = reading.cards.map(headlineOf).find((headline) => headline !== null) ?? null;
    return { ok: false, reason: 'name-not-found', found: { ...nothingFound, jobTitle: jobTitle(anyHeadline) } };
  }
  // The title is head: only the head's own address can vouch for it, and it must be there.
  if (reading.headUrls.length === 0) return untrusted('unverified');
  const head = currencyOf(reading.headUrls, profileUrl, url);
  return head === 'current' ? lead(titleName, null) : untrusted(head);
}
