/**
 * Reads a LinkedIn profile page: name, current job title, canonical profile URL.
 *
 * Pure over (document, address bar): nothing else is read, nothing is changed. Text is read with
 * `textContent` only, from a few elements found by selector, never by walking the whole document
 * (profile pages have 15,000+ elements).
 *
 * LinkedIn is a single-page app: after an in-app move from profile A to B, the head (title,
 * og:url, canonical link) and, for a moment, the top card can still describe A. We only use a
 * source we can tie to the address bar; when none is left we refuse with 'stale-page' rather than
 * send someone else. See `scrapeLinkedIn` for the order.
 */
import { splitName, type SplitName } from '../names';
import { canonicalLinkedInUrl } from '../profile-url';
import { LIMITS } from '../contract';
import { cleanText, truncate } from '../text';
import type { ScrapeResult, SiteScraper } from './types';
import { boundedText, first } from './dom';

/**
 * Every selector this scraper uses. One alternative per line, first match wins, each with the
 * layout it serves and a date by which to check it against the live site and drop it if dead.
 * `tests/fixtures/linkedin/*.html` holds one page per layout.
 */
const SELECTORS = {
  /** The top card: the profile's first card, holding name, headline and the profile's own links. */
  topCard: [
    'main section.pv-top-card', // named-class layout (2021–2023): old-layout.html. Review by 2026-12-31.
    'main section[data-member-id]', // artdeco card with the member id (2023–2025): grouped-roles.html. Review by 2027-06-30.
    'main section.top-card-layout', // public profile seen by a guest: guest-profile.html. Review by 2027-06-30.
    'main section', // hashed-class layout (2025–), structure only: the first section of main. Review by 2027-06-30.
  ],
  /** Inside the top card. */
  name: [
    'h1', // every layout since 2021: the name is the top card's only h1. Review by 2027-06-30.
  ],
  /** Outside a recognised top card: the name's type style, whatever the element. */
  nameAnywhere: [
    '.text-heading-xlarge', // 2021–2025 type scale class on the name. Review by 2027-06-30.
  ],
  /** Inside the top card; when none matches, the element after the name block is the headline. */
  headline: [
    '.text-body-medium.break-words', // named-class and artdeco layouts (2021–2025). Review by 2027-06-30.
    '.top-card-layout__headline', // public profile seen by a guest. Review by 2027-06-30.
  ],
  /**
   * Links in the top card to the profile's own overlays. They are rendered with the card, so the
   * slug in them says which profile the card shows, whatever the head says.
   */
  selfLink: [
    'a[href*="/overlay/about-this-profile"]', // 2024–: the name links to "About this profile". Review by 2027-06-30.
    'a[href*="/overlay/contact-info"]', // 2019–: "Contact info" under the headline. Review by 2027-06-30.
  ],
  /** Page-level addresses of the profile the head describes: they lag behind in-app moves. */
  headUrl: [
    'link[rel="canonical"]', // public pages and some logged-in ones. Review by 2027-06-30.
    'meta[property="og:url"]', // Open Graph, same. Review by 2027-06-30.
  ],
  /** Where the profile's own content lives, when no top card is recognised. */
  mainContent: [
    'main', // every layout: the profile column. Review by 2027-06-30.
  ],
  /** The Experience card is the section holding this anchor. */
  experienceAnchor: [
    '#experience', // 2021–2025, every layout: in-page anchor of the Experience card. Review by 2027-06-30.
  ],
  experienceEntry: [
    'li', // 2021–2025: positions are the list items of the card; the first is the latest. Review by 2027-06-30.
  ],
  /** A position; grouped roles at one company nest one per role inside the company's entity. */
  experienceEntity: [
    '[data-view-name="profile-component-entity"]', // 2023–2025, survives class hashing. Review by 2027-06-30.
  ],
  /** The title line of an entity. */
  experienceTitle: [
    '.t-bold span[aria-hidden="true"]', // named-class layouts: the bold line is the title. Review by 2027-06-30.
    'span[aria-hidden="true"]', // hashed layout: visible copies of the lines, title first. Review by 2027-06-30.
  ],
  /** All lines of an entity, in order: title, "Company · Full-time", dates, place. */
  experienceLines: [
    'span[aria-hidden="true"]', // 2021–2025: each line is shown once for eyes, once for screen readers. Review by 2027-06-30.
  ],
  /** The authwall replaces the profile outright: whatever else is on the page, nobody is shown. */
  authWall: [
    'form.authwall-join-form', // authwall served at /in/… to guests (2022–): authwall.html. Review by 2027-06-30.
    '.authwall-sign-in-form', // its "Sign in" variant (2022–). Review by 2027-06-30.
  ],
  /**
   * A sign-in form means a login wall only when no top card is shown: the public profile seen by a
   * guest carries a hidden sign-in modal next to a real top card.
   */
  signInForm: [
    'form[action*="/uas/login-submit"]', // sign-in form (2019–). Review by 2027-06-30.
    'input[name="session_key"]', // the sign-in form's e-mail field, whatever the form. Review by 2027-06-30.
  ],
} as const;

/** Headings that are never a person's name, compared lower-case with apostrophes folded. */
const NON_NAME_HEADINGS: ReadonlySet<string> = new Set([
  'linkedin', 'linkedin member', 'membre linkedin', 'people you may know',
  'personnes que vous pourriez connaître', 'people also viewed', 'autres profils consultés',
  'join linkedin', 'rejoindre linkedin', 'sign in', "s'identifier", 'identifiez-vous', 'sign up',
  "s'inscrire", 'welcome back', 'bon retour parmi nous', 'profile', 'profil', 'experience',
  'expérience', 'about', 'infos', 'activity', 'activité', 'feed', "fil d'actualité", 'home',
  'accueil', 'my network', 'mon réseau', 'messaging', 'messagerie', 'notifications',
  'page not found', "this page doesn't exist", "cette page n'existe pas",
]);

/** Longest name we read; see lib/names.ts. */
const NAME_READ_LIMIT = 1000;
/** Enough for a 200-character title with room for whitespace to be folded. */
const TITLE_READ_LIMIT = 1000;
/** Bounds on the few element lists we look through. */
const MAX_SIBLING_STEPS = 6;
const MAX_CARDS = 3;

/**
 * "(3) Jane Doe | LinkedIn"; the guest page adds the headline: "Jane Doe - Acme | LinkedIn".
 * The suffix is "LinkedIn" in every locale we know of but LinkedIn China's "领英".
 */
const TITLE_NOTIFICATION_COUNT = /^\(\d+\+?\)\s*/u;
const TITLE_SUFFIX = /\s+[|·–—-]\s+(?:LinkedIn|领英)\s*$/iu;
const TITLE_NAME_END = /\s+[|·–—-]\s+/u;

/** Pronouns and connection degree shown beside the name: never the headline. */
const NAME_BLOCK_EXTRAS = /^(?:·\s*)?(?:1st|2nd|3rd\+?|1er|2e|3e\+?)$|^\p{L}+\/\p{L}+$/iu;




function isNonNameHeading(text: string): boolean {
  return NON_NAME_HEADINGS.has(cleanText(text).toLowerCase().replace(/’/gu, "'"));
}

function nameOf(text: string): SplitName | null {
  return isNonNameHeading(text) ? null : splitName(text);
}

function jobTitleOf(text: string): string | null {
  const title = truncate(cleanText(text), LIMITS.jobTitle);
  return title === '' ? null : title;
}

/** The canonical profile URL an href points to, resolved against the address bar. */
function canonicalHref(href: string | null, base: string): string | null {
  if (href === null) return null;
  try {
    return canonicalLinkedInUrl(new URL(href, base).href);
  } catch {
    return null;
  }
}

interface TopCard {
  card: Element;
  nameElement: Element;
  name: SplitName;
}

/**
 * The first recognised top card whose h1 is a person's name. Only the first few cards per selector
 * are looked at: the top card leads the page, and a card whose h1 is a known non-name ("People you
 * may know", "LinkedIn") is passed over, not taken.
 */
function findTopCard(document: Document): TopCard | null {
  for (const cardSelector of SELECTORS.topCard) {
    const cards = document.querySelectorAll(cardSelector);
    for (let index = 0; index < cards.length && index < MAX_CARDS; index += 1) {
      const card = cards[index];
      const nameElement = card === undefined ? null : first(card, SELECTORS.name);
      if (card === undefined || nameElement === null) continue;
      const name = nameOf(boundedText(nameElement, NAME_READ_LIMIT));
      if (name !== null) return { card, nameElement, name };
    }
  }
  return null;
}

/**
 * Whether the page's own content (top card, Experience) can be trusted to show `profileUrl`:
 * - the top card's links to its own overlays name a profile: it must be this one;
 * - otherwise, a head address naming another page means the page may not have caught up: no;
 * - otherwise nothing contradicts the address bar: yes.
 */
function isContentCurrent(document: Document, card: Element | null, profileUrl: string, url: string): boolean {
  const scope = card ?? first(document, SELECTORS.mainContent);
  const selfLink = scope === null ? null : first(scope, SELECTORS.selfLink);
  if (selfLink !== null) return canonicalHref(selfLink.getAttribute('href'), url) === profileUrl;
  return headUrls(document, url).every((headUrl) => headUrl === profileUrl);
}

/** Canonical URLs named by the head's canonical link and og:url (null for a non-profile page). */
function headUrls(document: Document, url: string): Array<string | null> {
  return SELECTORS.headUrl.flatMap((selector) => {
    const element = document.querySelector(selector);
    if (element === null) return [];
    const href = element.getAttribute(element.tagName === 'META' ? 'content' : 'href');
    return [canonicalHref(href, url)];
  });
}

/** The name in "(3) Jane Doe | LinkedIn", or null when the title is not a profile's. */
function nameFromTitle(title: string): SplitName | null {
  const withoutCount = cleanText(title).replace(TITLE_NOTIFICATION_COUNT, '');
  if (!TITLE_SUFFIX.test(withoutCount)) return null;
  const [name = ''] = withoutCount.replace(TITLE_SUFFIX, '').split(TITLE_NAME_END, 1);
  return nameOf(name);
}

/**
 * The headline when no known class marks it: the first block (div or p) after the name block,
 * walking out from the h1 up to the card. Pronouns and the connection degree sit beside the h1 in
 * spans, so only block elements count, and short extras are skipped.
 */
function headlineAfterName(card: Element, nameElement: Element): Element | null {
  let block: Element | null = nameElement;
  while (block !== null && block !== card) {
    let sibling = block.nextElementSibling;
    for (let steps = 0; sibling !== null && steps < MAX_SIBLING_STEPS; steps += 1) {
      if (sibling.tagName === 'DIV' || sibling.tagName === 'P') {
        const text = cleanText(boundedText(sibling, TITLE_READ_LIMIT));
        if (text !== '' && !NAME_BLOCK_EXTRAS.test(text)) return sibling;
      }
      sibling = sibling.nextElementSibling;
    }
    block = block.parentElement;
  }
  return null;
}

function headlineOf(topCard: TopCard): string | null {
  const headline = first(topCard.card, SELECTORS.headline) ?? headlineAfterName(topCard.card, topCard.nameElement);
  return headline === null ? null : jobTitleOf(boundedText(headline, TITLE_READ_LIMIT));
}

/**
 * Title of the latest position: the first entry of the Experience card. When the entry groups
 * several roles at one company, its own first line is the company, so the first nested role's
 * title is taken instead. A line equal to the company ("Acme" over "Acme · Full-time") is refused:
 * a company is not a job title.
 */
function currentPositionTitle(document: Document): string | null {
  const section = first(document, SELECTORS.experienceAnchor)?.closest('section') ?? null;
  const entry = section === null ? null : first(section, SELECTORS.experienceEntry);
  if (entry === null) return null;
  const entity = first(entry, SELECTORS.experienceEntity);
  const role = (entity === null ? null : first(entity, SELECTORS.experienceEntity)) ?? entity ?? entry;
  const titleLine = first(role, SELECTORS.experienceTitle);
  if (titleLine === null) return null;
  const title = jobTitleOf(boundedText(titleLine, TITLE_READ_LIMIT));
  const secondLine = role.querySelectorAll(SELECTORS.experienceLines[0])[1];
  const company = secondLine === undefined ? null : cleanText(boundedText(secondLine, TITLE_READ_LIMIT)).split(' · ')[0];
  return title !== null && title === company ? null : title;
}

const STALE: ScrapeResult = { ok: false, reason: 'stale-page' };

/**
 * Name, in order: the top card's h1; the `.text-heading-xlarge` element; the title. The first two
 * are page content, used only when the content is current (`isContentCurrent`); the title is head,
 * used only when the head's own address is this profile. A source that exists but fails its check
 * ends the search with 'stale-page': a lower source is no fresher than the one that failed.
 * Job title: the current position, else the headline, else null; read only from current content.
 */
function scrapeLinkedIn(document: Document, url: string): ScrapeResult {
  const profileUrl = canonicalLinkedInUrl(url);
  if (profileUrl === null) return { ok: false, reason: 'not-a-profile' };
  if (first(document, SELECTORS.authWall) !== null) return { ok: false, reason: 'logged-out' };

  const topCard = findTopCard(document);
  if (topCard === null && first(document, SELECTORS.signInForm) !== null) return { ok: false, reason: 'logged-out' };

  const contentIsCurrent = isContentCurrent(document, topCard?.card ?? null, profileUrl, url);
  const lead = (name: SplitName, headline: string | null): ScrapeResult => {
    const jobTitle = contentIsCurrent ? (currentPositionTitle(document) ?? headline) : null;
    return { ok: true, lead: { ...name, jobTitle, profileUrl } };
  };

  if (topCard !== null) return contentIsCurrent ? lead(topCard.name, headlineOf(topCard)) : STALE;

  const styledName = first(document, SELECTORS.nameAnywhere);
  const nameFromStyle = styledName === null ? null : nameOf(boundedText(styledName, NAME_READ_LIMIT));
  if (nameFromStyle !== null) return contentIsCurrent ? lead(nameFromStyle, null) : STALE;

  const titleName = nameFromTitle(document.title);
  if (titleName === null) return { ok: false, reason: 'name-not-found' };
  const heads = headUrls(document, url);
  const headIsCurrent = heads.length > 0 && heads.every((headUrl) => headUrl === profileUrl);
  return headIsCurrent ? lead(titleName, null) : STALE;
}

export const linkedin: SiteScraper = {
  source: 'linkedin',
  scrape: scrapeLinkedIn,
};
