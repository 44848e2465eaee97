/**
 * The LinkedIn sensor: what the content script reads from a profile page on the click, as raw
 * strings (`LinkedInReading`). It decides nothing: the worker's interpreter
 * (lib/worker/sites/linkedin-interpret.ts) splits the name, checks the page against the address bar,
 * picks the job title and refuses. Kept small and import-free: it ships in the content script.
 *
 * Pure over (document, address bar): nothing is changed, text is read with `textContent` only,
 * from a few elements found by selector, never by walking the whole document (profile pages have
 * 15,000+ elements). Hidden text (dialogs, `[hidden]`, visually-hidden copies, `aria-hidden`) is
 * never read for a name or a headline.
 */
import type { LinkedInReading, SiteSensor } from '../../shared/sites/types';
import { MAX_CARDS, MAX_HEADLINE_CANDIDATES, READ_HREF_LIMIT, READ_TEXT_LIMIT } from '../../shared/sites/read-limits';
import {
  anyMatch,
  boundedAttribute,
  boundedText,
  boundedTitle,
  first,
  firstInPage,
  firstMatches,
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
    '.text-heading-xlarge', // 2021–2025 type scale class on the name: old-layout.html. Review by 2027-06-30.
  ],
  /** Inside the top card; when none matches, the blocks after the name block are candidates. */
  headline: [
    '.text-body-medium.break-words', // named-class and artdeco layouts (2021–2025): old-layout.html. Review by 2027-06-30.
    '.top-card-layout__headline', // public profile: guest-profile.html. Review by 2027-06-30.
  ],
  /** A block after the name holding one of these is a control, not the headline. */
  notHeadline: [
    'button, a, form, input', // every layout: "Join to view profile", "Contact info": public-no-headline.html. Review by 2027-06-30.
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
  /** JSON the logged-in layouts embed; it also describes the signed-in viewer, so only an entity whose publicIdentifier is the address bar's slug is read. */
  structuredData: [
    'body > code', // 2021–2025 logged-in layouts (voyager JSON in hidden <code> at the end of body): old-layout-viewer-code.html. Review by 2027-06-30.
  ],
  /** Where the profile's own content lives, when no top card is recognised. */
  mainContent: [
    'main', // every layout: the profile column: notification-count.html. Review by 2027-06-30.
    '[data-sdui-screen$=".Profile"]', // 2026 layout, its screen root, for a screen served without main: new-layout.html. Review by 2027-06-30.
  ],
  /** The Experience card itself. */
  experienceSection: [
    'section[data-section="currentPositions"]', // public profile, current roles only: public-multiword-first-name.html. Review by 2027-06-30.
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
    'li.experience-group-position', // public profile, roles grouped under a company: public-multiword-first-name.html. Review by 2027-06-30.
  ],
  /** Inside a role: an end date. A role without one is current. */
  roleEnded: [
    '.date-range time ~ time', // public profile: a range of two <time>s has ended, "<time> - Present" has not: public-ended-role-first.html. Review by 2027-06-30.
  ],
  /** The title line of a role. */
  positionTitle: [
    '.t-bold span[aria-hidden="true"]', // named-class layouts: the bold line is the title: old-layout.html. Review by 2027-06-30.
    '.experience-item__title', // public profile, 2024–: public-multiword-first-name.html. Review by 2027-06-30.
    '.profile-section-card__title', // public profile: guest-profile.html. Review by 2027-06-30.
  ],
  /** All lines of a role, in order: title, "Company · Full-time", dates, place. */
  positionLines: [
    'span[aria-hidden="true"]', // 2021–2025: each line shown once for eyes, once for screen readers: hashed-layout.html. Review by 2027-06-30.
    '.profile-section-card__title, .profile-section-card__subtitle', // public profile: guest-profile.html. Review by 2027-06-30.
    '.experience-item__title, .experience-item__subtitle', // public profile, 2024–: public-multiword-first-name.html. Review by 2027-06-30.
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
    '.authwall-sign-in-form', // its "Sign in" variant (2022–): authwall-sign-in.html. Review by 2027-06-30.
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
/** Experience entries looked through for a current role. */
const MAX_ENTRIES = 10;
/** Embedded JSON: body children looked at, characters read from each block, entities looked through. */
const MAX_STRUCTURED_BLOCKS = 200;
const STRUCTURED_READ_LIMIT = 200_000;
const MAX_STRUCTURED_ENTITIES = 500;

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
 * out from the name up to the card. Empty blocks and blocks holding a control are skipped; which
 * one is the headline (not the connection degree) is the interpreter's call.
 */
function blocksAfterName(card: Element, nameElement: Element): string[] {
  const found: string[] = [];
  let block: Element | null = nameElement;
  while (block !== null && block !== card && found.length < MAX_HEADLINE_CANDIDATES) {
    let sibling = block.nextElementSibling;
    for (let steps = 0; sibling !== null && steps < MAX_SIBLING_STEPS && found.length < MAX_HEADLINE_CANDIDATES; steps += 1) {
      const isBlock = sibling.tagName === 'DIV' || sibling.tagName === 'P';
      if (isBlock && !isHidden(sibling, SELECTORS.hidden) && first(sibling, SELECTORS.notHeadline) === null) {
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

/**
 * Candidate top cards, in page order: the first alternative that finds cards holding a visible name
 * element decides, with its first few matches (the top card leads the page; a card headed "People
 * you may know" is passed over by the interpreter). Later alternatives serve other layouts.
 */
function readCards(document: Document): Card[] {
  const cards: Card[] = [];
  for (const cardSelector of SELECTORS.topCard) {
    if (cards.length > 0) break;
    for (const card of firstMatches(document, cardSelector, MAX_CARDS_PER_SELECTOR)) {
      if (cards.length >= MAX_CARDS) break;
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

/** The Experience card: the first section any alternative names, in page order (an anchor names the section holding it). */
function experienceSection(scope: ParentNode): Element | null {
  const found = firstInPage(scope, [...SELECTORS.experienceSection, ...SELECTORS.experienceAnchor]);
  if (found === null) return null;
  const isSection = found.tagName === 'SECTION' && SELECTORS.experienceSection.some((selector) => found.matches(selector));
  return isSection ? found : found.closest('section');
}

/** The role an entry stands for: itself, or its first nested role when it groups several at one company. */
function roleOf(entry: Element): Element {
  const entity = first(entry, SELECTORS.experienceEntity);
  if (entity !== null) return first(entity, SELECTORS.experienceEntity) ?? entity;
  return first(entry, SELECTORS.nestedRole) ?? entry;
}

/**
 * The current position: the first role with no end date, else the first role. Where the page
 * does not mark dates (the logged-in layouts write them as text in the UI language), the first
 * entry is the latest. Grouped roles at one company: the first nested role, never the company.
 */
function currentRole(entry: Element): Element {
  const firstRole = roleOf(entry);
  if (first(firstRole, SELECTORS.roleEnded) === null) return firstRole;
  let sibling = entry.nextElementSibling;
  for (let steps = 0; sibling !== null && steps < MAX_ENTRIES; steps += 1, sibling = sibling.nextElementSibling) {
    const role = roleOf(sibling);
    if (!isHidden(role, SELECTORS.hidden) && first(role, SELECTORS.roleEnded) === null) return role;
  }
  return firstRole;
}

function readPosition(scope: ParentNode): LinkedInReading['position'] {
  const section = experienceSection(scope);
  const entry = section === null ? null : first(section, SELECTORS.experienceEntry);
  if (entry === null || isHidden(entry, SELECTORS.hidden)) return null;
  const role = currentRole(entry);
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

/** The address bar's /in/<slug>, decoded and lower-cased; null when it is no profile address. */
function addressSlug(address: string): string | null {
  try {
    const [section, slug] = new URL(address).pathname.split('/').filter((segment) => segment !== '');
    return section === 'in' && slug !== undefined ? decodeURIComponent(slug).toLowerCase() : null;
  } catch {
    return null;
  }
}

/**
 * The first/last name of the entity in the page's embedded JSON whose publicIdentifier is the
 * address bar's slug. Other entities (the signed-in viewer, people in the sidebar) are never read.
 */
function readStructuredName(document: Document, address: string): LinkedInReading['stated'] {
  const slug = addressSlug(address);
  if (slug === null) return null;
  // body's own children, from the end, where LinkedIn puts them: no walk through the whole page.
  const children = document.body?.children ?? [];
  for (let index = children.length - 1, seen = 0; index >= 0 && seen < MAX_STRUCTURED_BLOCKS; index -= 1, seen += 1) {
    const block = children[index];
    if (block === undefined || !block.matches(SELECTORS.structuredData[0])) continue;
    const text = boundedText(block, STRUCTURED_READ_LIMIT);
    if (!text.includes('"publicIdentifier"')) continue;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      continue;
    }
    if (typeof data !== 'object' || data === null || !('included' in data) || !Array.isArray(data.included)) continue;
    const entities: unknown[] = data.included.slice(0, MAX_STRUCTURED_ENTITIES);
    for (const entity of entities) {
      if (typeof entity !== 'object' || entity === null) continue;
      if (!('publicIdentifier' in entity) || !('firstName' in entity) || !('lastName' in entity)) continue;
      const { publicIdentifier, firstName, lastName } = entity;
      if (typeof publicIdentifier !== 'string' || typeof firstName !== 'string' || typeof lastName !== 'string') continue;
      if (publicIdentifier.toLowerCase() !== slug) continue;
      return {
        firstName: firstName.slice(0, READ_TEXT_LIMIT),
        lastName: lastName.slice(0, READ_TEXT_LIMIT),
        publicIdentifier: publicIdentifier.slice(0, READ_HREF_LIMIT),
      };
    }
  }
  return null;
}

/**
 * The page's own split of the name: the public profile's meta tags, else the embedded JSON. Only
 * worth reading beside a shown name: it is used only when it agrees with the name displayed.
 */
function readStated(document: Document, address: string, cards: readonly Card[]): LinkedInReading['stated'] {
  if (cards.length === 0) return null;
  const firstName = metaContent(document, SELECTORS.statedFirstName);
  const lastName = metaContent(document, SELECTORS.statedLastName);
  if (firstName !== null) return { firstName, lastName: lastName ?? '', publicIdentifier: null };
  return readStructuredName(document, address);
}

function readHeadUrls(document: Document): string[] {
  return SELECTORS.headUrl.flatMap((selector) => {
    // Head tags only: a link or meta in the body is the page's content, not its address.
    const element = (document.head ?? document).querySelector(selector);
    const value = boundedAttribute(element, element?.tagName === 'META' ? 'content' : 'href');
    return value === null ? [] : [value];
  });
}

function readLinkedIn(document: Document, address: string): LinkedInReading {
  const cards = readCards(document);
  const main = first(document, SELECTORS.mainContent);
  // The profile column holds the card, Experience and the not-found message; the rest is chrome.
  const content = main ?? document;
  return {
    site: 'linkedin',
    authWall: anyMatch(document, SELECTORS.authWall),
    signInForm: anyMatch(document, SELECTORS.signInForm),
    notFound: (main !== null && SELECTORS.notFound.some((selector) => main.matches(selector))) || anyMatch(content, SELECTORS.notFound),
    cards,
    // Used only when no card shows a name; a page of cards whose headings are no names is rare.
    styledName: cards.length === 0 ? textOf(visibleFirst(document, SELECTORS.nameAnywhere)) : null,
    mainSelfLinks: cards.length === 0 && main !== null ? selfLinksIn(main, null) : [],
    stated: readStated(document, address, cards),
    position: readPosition(content),
    headUrls: readHeadUrls(document),
    title: boundedTitle(document.title),
  };
}

export const linkedin: SiteSensor = {
  source: 'linkedin',
  read: readLinkedIn,
};
