/**
 * The LinkedIn sensor: what the content script reads from a profile page on the click, as raw
 * strings (`LinkedInReading`). It decides nothing: the worker's interpreter
 * (lib/sites/linkedin-interpret.ts) splits the name, checks the page against the address bar,
 * picks the job title and refuses. Kept small and import-free: it ships in the content script.
 *
 * Pure over (document, address bar): nothing is changed, text is read with `textContent` only,
 * from a few elements found by selector, never by walking the whole document (profile pages have
 * 15,000+ elements). Hidden text (dialogs, `[hidden]`, visually-hidden copies, `aria-hidden`) is
 * never read for a name or a headline.
 */
import type { LinkedInReading, SiteSensor } from './types';
import {
  MAX_CARDS,
  MAX_HEADLINE_CANDIDATES,
  READ_TEXT_LIMIT,
  boundedAttribute,
  boundedText,
  boundedTitle,
  first,
  isHidden,
  visible,
} from './dom';

/**
 * Every selector the sensor uses. One alternative per line, first match wins, each with the
 * layout it serves, the fixture that exercises it (tests/fixtures/linkedin/) and a date by which to
 * check it against the live site and drop it if dead. tests/unit/selector-coverage.test.ts fails
 * when an alternative matches no fixture.
 */
export const SELECTORS = {
  /** The top card: the profile's first card, holding name, headline and the profile's own links. */
  topCard: [
    'main section.pv-top-card', // named-class layout (2021–2023): old-layout.html. Review by 2026-12-31.
    'main section[data-member-id]', // artdeco card with the member id (2023–2025): grouped-roles.html. Review by 2027-06-30.
    'main section.top-card-layout', // public profile (signed out): guest-profile.html. Review by 2027-06-30.
    '[data-sdui-screen$=".Profile"] section', // 2026 layout, hashed classes, structure only: new-layout.html. Review by 2027-06-30.
    'main section', // hashed-class layout (2025), structure only: hashed-layout.html. Review by 2027-06-30.
  ],
  /** Inside the top card: the name. */
  name: [
    'h1', // 2021–2025 layouts and the public profile: the card's only h1: old-layout.html. Review by 2027-06-30.
    'a[href*="/in/"] h2', // 2026 layout: an h2 inside the card's link to the profile: new-layout.html. Review by 2027-06-30.
  ],
  /** Around the name: a link to the profile itself, which says whose card it is. */
  nameLink: [
    'a[href*="/in/"]', // 2025 "About this profile" link, 2026 profile link: hashed-layout.html, new-layout.html. Review by 2027-06-30.
  ],
  /** Outside a recognised top card: the name's type style, whatever the element. */
  nameAnywhere: [
    '.text-heading-xlarge', // 2021–2025 type scale class on the name: notification-count.html. Review by 2027-06-30.
  ],
  /** Inside the top card; when none matches, the blocks after the name block are candidates. */
  headline: [
    '.text-body-medium.break-words', // named-class and artdeco layouts (2021–2025): old-layout.html. Review by 2027-06-30.
    '.top-card-layout__headline', // public profile: guest-profile.html. Review by 2027-06-30.
  ],
  /**
   * Links in the top card to the profile's own overlays. They are rendered with the card, so the
   * slug in them says which profile the card shows, whatever the head says.
   */
  selfLink: [
    'a[href*="/overlay/about-this-profile"]', // 2024–: the name links to "About this profile": hashed-layout.html. Review by 2027-06-30.
    'a[href*="/overlay/contact-info"]', // 2019–: "Contact info" under the headline: old-layout.html, new-layout.html. Review by 2027-06-30.
  ],
  /** Page-level addresses of the profile the head describes: they lag behind in-app moves. */
  headUrl: [
    'link[rel="canonical"]', // public pages and some logged-in ones: guest-profile.html. Review by 2027-06-30.
    'meta[property="og:url"]', // Open Graph, same: guest-profile.html. Review by 2027-06-30.
  ],
  /** The page's own split of the name. */
  statedFirstName: [
    'meta[property="profile:first_name"]', // public profile (Open Graph profile): public-multiword-first-name.html. Review by 2027-06-30.
  ],
  statedLastName: [
    'meta[property="profile:last_name"]', // public profile (Open Graph profile): public-multiword-first-name.html. Review by 2027-06-30.
  ],
  /** Where the profile's own content lives, when no top card is recognised. */
  mainContent: [
    'main', // every layout but 2026's: the profile column: notification-count.html. Review by 2027-06-30.
    '[data-sdui-screen$=".Profile"]', // 2026 layout, screen root: new-layout-no-head-url.html. Review by 2027-06-30.
  ],
  /** The Experience card itself. */
  experienceSection: [
    'section[data-section="currentPositions"]', // public profile, current roles only: public-no-headline.html. Review by 2027-06-30.
    'section[data-section="experience"]', // public profile: guest-profile.html. Review by 2027-06-30.
    'section[componentkey$="ExperienceTopLevelSection"]', // 2026 layout: new-layout.html. Review by 2027-06-30.
  ],
  /** The Experience card is the section holding one of these anchors. */
  experienceAnchor: [
    '[componentkey^="profile_experience_top_anchor_"]', // 2026 layout: new-layout-polish.html. Review by 2027-06-30.
    '#experience', // 2021–2025, every layout: in-page anchor of the Experience card: old-layout.html. Review by 2027-06-30.
  ],
  /** A position entry; the first is the latest. */
  experienceEntry: [
    '[componentkey^="entity-collection-item"]', // 2026 layout: new-layout.html. Review by 2027-06-30.
    'li', // 2021–2025 and the public profile: the list items of the card: old-layout.html. Review by 2027-06-30.
  ],
  /** A position; grouped roles at one company nest one per role inside the company's entity. */
  experienceEntity: [
    '[data-view-name="profile-component-entity"]', // 2023–2025, survives class hashing: grouped-roles.html. Review by 2027-06-30.
  ],
  /** Inside an entry without entities: a nested role means the entry is a company with several roles. */
  nestedRole: [
    '[componentkey^="entity-collection-item"] li', // 2026 layout: roles in a nested list: new-layout-grouped.html. Review by 2027-06-30.
    'li.experience-group-position', // public profile, roles grouped under a company: public-grouped.html. Review by 2027-06-30.
  ],
  /** The title line of a role. */
  positionTitle: [
    '.t-bold span[aria-hidden="true"]', // named-class layouts: the bold line is the title: old-layout.html. Review by 2027-06-30.
    '.experience-item__title', // public profile, 2024–: public-no-headline.html. Review by 2027-06-30.
    '.profile-section-card__title', // public profile: guest-profile.html. Review by 2027-06-30.
  ],
  /** All lines of a role, in order: title, "Company · Full-time", dates, place. */
  positionLines: [
    'span[aria-hidden="true"]', // 2021–2025: each line shown once for eyes, once for screen readers: hashed-layout.html. Review by 2027-06-30.
    '.profile-section-card__title, .profile-section-card__subtitle', // public profile: guest-profile.html. Review by 2027-06-30.
    '.experience-item__title, .experience-item__subtitle', // public profile, 2024–: public-no-headline.html. Review by 2027-06-30.
    'p', // 2026 layout: one p per line: new-layout.html. Review by 2027-06-30.
  ],
  /** Never read for a name, a headline or a title line. */
  hidden: [
    '[hidden]', // hidden attribute: guest-profile.html (the sign-in modal). Review by 2027-06-30.
    '[role="dialog"]', // the public profile's sign-in dialog: public-no-headline.html. Review by 2027-06-30.
    'dialog', // a dialog element: public-no-headline.html. Review by 2027-06-30.
    '.visually-hidden', // screen-reader copies, logged-in layouts: old-layout.html. Review by 2027-06-30.
    '.sr-only', // screen-reader text, public profile: guest-profile.html. Review by 2027-06-30.
  ],
  /** The authwall replaces the profile outright: whatever else is on the page, nobody is shown. */
  authWall: [
    'form.authwall-join-form', // authwall served at /in/… to guests (2022–): authwall.html. Review by 2027-06-30.
    '.authwall-sign-in-form', // its "Sign in" variant (2022–): authwall.html. Review by 2027-06-30.
  ],
  /**
   * A sign-in form means a login wall only when no top card is shown: the public profile seen by a
   * guest carries a hidden sign-in modal next to a real top card.
   */
  signInForm: [
    'form[action*="/uas/login-submit"]', // sign-in form (2019–): login-wall.html. Review by 2027-06-30.
    'input[name="session_key"]', // the sign-in form's e-mail field, whatever the form: login-wall.html. Review by 2027-06-30.
  ],
  /** The public "Profile Not Found" page, served at the /in/ address of a profile that does not exist. */
  notFound: [
    'main.profile-not-found', // public 404 page for profiles (2023–): profile-not-found.html. Review by 2027-06-30.
    'section.not-found', // its message block: profile-not-found.html. Review by 2027-06-30.
  ],
} as const;

/** Bounds on the few element lists we look through. */
const MAX_SIBLING_STEPS = 6;
const MAX_CARDS_PER_SELECTOR = 3;

type Card = LinkedInReading['cards'][number];

function textOf(element: Element | null): string | null {
  return element === null ? null : boundedText(element);
}

function visibleFirst(scope: ParentNode, selectors: readonly string[]): Element | null {
  for (const selector of selectors) {
    const [found] = visible(scope, selector, SELECTORS.hidden, 1);
    if (found !== undefined) return found;
  }
  return null;
}

/**
 * The headline when no known class marks it: the blocks (div or p) after the name block, walking
 * out from the name up to the card. Empty blocks are skipped; which one is the headline (not the
 * connection degree) is the interpreter's call.
 */
function blocksAfterName(card: Element, nameElement: Element): string[] {
  const found: string[] = [];
  let block: Element | null = nameElement;
  while (block !== null && block !== card && found.length < MAX_HEADLINE_CANDIDATES) {
    let sibling = block.nextElementSibling;
    for (let steps = 0; sibling !== null && steps < MAX_SIBLING_STEPS && found.length < MAX_HEADLINE_CANDIDATES; steps += 1) {
      if ((sibling.tagName === 'DIV' || sibling.tagName === 'P') && !isHidden(sibling, SELECTORS.hidden)) {
        const text = boundedText(sibling);
        if (text.trim() !== '') found.push(text);
      }
      sibling = sibling.nextElementSibling;
    }
    block = block.parentElement;
  }
  return found;
}

function selfLinksIn(scope: Element, nameElement: Element | null): string[] {
  const links: string[] = [];
  const nameLink = nameElement === null ? null : nameElement.closest(SELECTORS.nameLink[0]);
  const nameHref = boundedAttribute(nameLink !== null && scope.contains(nameLink) ? nameLink : null, 'href');
  if (nameHref !== null) links.push(nameHref);
  for (const selector of SELECTORS.selfLink) {
    const href = boundedAttribute(scope.querySelector(selector), 'href');
    if (href !== null) links.push(href);
  }
  return links;
}

/** Candidate top cards in page order: the first few per selector that hold a visible name element. */
function readCards(document: Document): Card[] {
  const cards: Card[] = [];
  const seen = new Set<Element>();
  for (const cardSelector of SELECTORS.topCard) {
    // The top card leads the page: once a few candidates are in hand, later alternatives add nothing.
    if (cards.length >= MAX_CARDS_PER_SELECTOR) break;
    const found = document.querySelectorAll(cardSelector);
    for (let index = 0; index < found.length && index < MAX_CARDS_PER_SELECTOR && cards.length < MAX_CARDS; index += 1) {
      const card = found[index];
      if (card === undefined || seen.has(card)) continue;
      seen.add(card);
      const nameElement = visibleFirst(card, SELECTORS.name);
      if (nameElement === null) continue;
      const marked = visibleFirst(card, SELECTORS.headline);
      cards.push({
        name: boundedText(nameElement),
        headlines: marked !== null ? [boundedText(marked)] : blocksAfterName(card, nameElement),
        selfLinks: selfLinksIn(card, nameElement),
      });
    }
  }
  return cards;
}

function experienceSection(document: Document): Element | null {
  const section = first(document, SELECTORS.experienceSection);
  if (section !== null) return section;
  return first(document, SELECTORS.experienceAnchor)?.closest('section') ?? null;
}

/**
 * The latest position: the first entry of the Experience card. When the entry groups several
 * roles at one company, its own first line is the company, so the first nested role is read.
 */
function readPosition(document: Document): LinkedInReading['position'] {
  const section = experienceSection(document);
  const entry = section === null ? null : first(section, SELECTORS.experienceEntry);
  if (entry === null || isHidden(entry, SELECTORS.hidden)) return null;
  const entity = first(entry, SELECTORS.experienceEntity);
  const role =
    entity !== null ? (first(entity, SELECTORS.experienceEntity) ?? entity) : (first(entry, SELECTORS.nestedRole) ?? entry);
  for (const selector of SELECTORS.positionLines) {
    const lines = visible(role, selector, SELECTORS.hidden, 2);
    if (lines.length === 0) continue;
    const titleLine = visibleFirst(role, SELECTORS.positionTitle) ?? lines[0] ?? null;
    const nextLine = lines.find((line) => line !== titleLine) ?? null;
    const title = textOf(titleLine);
    return title === null ? null : { title, nextLine: textOf(nextLine) };
  }
  return null;
}

function metaContent(document: Document, selectors: readonly string[]): string | null {
  const content = boundedAttribute(first(document.head ?? document, selectors), 'content');
  return content === null ? null : content.slice(0, READ_TEXT_LIMIT);
}

function readStated(document: Document): LinkedInReading['stated'] {
  const firstName = metaContent(document, SELECTORS.statedFirstName);
  const lastName = metaContent(document, SELECTORS.statedLastName);
  return firstName === null ? null : { firstName, lastName: lastName ?? '', publicIdentifier: null };
}

function readHeadUrls(document: Document): string[] {
  return SELECTORS.headUrl.flatMap((selector) => {
    // Head tags only: a link or meta in the body is the page's content, not its address.
    const element = (document.head ?? document).querySelector(selector);
    const value = boundedAttribute(element, element?.tagName === 'META' ? 'content' : 'href');
    return value === null ? [] : [value];
  });
}

function readLinkedIn(document: Document, _address: string): LinkedInReading {
  const cards = readCards(document);
  const main = first(document, SELECTORS.mainContent);
  return {
    site: 'linkedin',
    authWall: first(document, SELECTORS.authWall) !== null,
    signInForm: first(document, SELECTORS.signInForm) !== null,
    notFound: first(document, SELECTORS.notFound) !== null,
    cards,
    styledName: textOf(visibleFirst(document, SELECTORS.nameAnywhere)),
    mainSelfLinks: main === null ? [] : selfLinksIn(main, null),
    stated: readStated(document),
    position: readPosition(document),
    headUrls: readHeadUrls(document),
    title: boundedTitle(document.title),
  };
}

export const linkedin: SiteSensor = {
  source: 'linkedin',
  read: readLinkedIn,
};
