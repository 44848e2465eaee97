/**
 * The LinkedIn sensor: what the content script reads from a profile page on the click, as raw
 * strings (`LinkedInReading`). It decides nothing: the worker's interpreter
 * (lib/worker/sites/linkedin-interpret.ts) asks which of the places that may name the person agree,
 * which are tied to the address bar's profile, what the job title is, and refuses.
 *
 * Read the way a person reads the page (issue 19): every place that may name the person, found by
 * what it is (a heading, a link to a profile, the card around them), not by one layout's classes:
 * the title and og:title, each heading or profile link that may be the name with its card (the
 * card's links to profiles, its controls' accessible names, its photo's text, the lines after the
 * name), the page's own first/last split, the sections that may be Experience, and whether a
 * sign-in form is in sight. Only text a person can see (./dom.ts), read from a bounded number of
 * elements found by selector, never by walking the whole document (profiles have 15,000+ elements).
 */
import type { LinkedInReading, SiteSensor } from '../../shared/sites/types';
import {
  MAX_CARD_LABELS,
  MAX_CARD_LINKS,
  MAX_CARD_PHOTOS,
  MAX_CARDS,
  MAX_EXPERIENCE_SECTIONS,
  MAX_HEADLINE_CANDIDATES,
  MAX_SECTION_LINES,
  READ_HREF_LIMIT,
  READ_TEXT_LIMIT,
} from '../../shared/sites/read-limits';
import {
  NOT_SHOWN,
  boundedAttribute,
  boundedText,
  boundedTitle,
  createSight,
  first,
  firstInPage,
  firstMatches,
  linesAfter,
  seenLines,
  type Sight,
} from './dom';

/**
 * Every selector the sensor uses. One alternative per line, each with the layout it serves, the
 * fixture that exercises it (tests/fixtures/linkedin/) and a date by which to check it against the
 * live site. tests/unit/selector-coverage.test.ts holds each to the fixtures it names, with counts.
 */
export const SELECTORS = {
  /** Links to a profile: the card whose links name the address bar's profile is its card. */
  profileLink: [
    'a[href*="/in/"]', // every layout: the name link, "Contact info", "About this profile", people in the sidebar: new-layout.html. Review by 2027-06-30.
  ],
  /** Headings that may be a person's name (section titles too: no other place agrees with them). */
  heading: [
    'h1', // 2021–2025 layouts and the public profile: old-layout.html, guest-profile.html. Review by 2027-06-30.
    'h2', // 2026 layout: the name's h2 in the card's link: new-layout.html. Review by 2027-06-30.
  ],
  /** A name's card: the nearest of these around it. */
  card: [
    'section, article, aside, li', // every layout: the top card is a section, a sidebar person a list item: new-layout.html, aug-2026-layout.html. Review by 2027-06-30.
  ],
  /** Controls: their text is never a headline (their accessible names are read as labels). */
  control: [
    'a, button, form, input, label, select, textarea', // every layout: "Contact info", "Join to view profile": public-no-headline.html. Review by 2027-06-30.
  ],
  /** In a card: what names the person besides the heading. */
  label: [
    '[aria-label]', // every layout: "More actions for …", "View …’s verifications", "Message …": new-layout.html. Review by 2027-06-30.
  ],
  photo: [
    'img[alt]', // every layout: the profile photo's alt is the name: old-layout.html. Review by 2027-06-30.
  ],
  /** Page-level addresses of the profile the head describes: they lag behind in-app moves. */
  headUrl: [
    'link[rel="canonical"]', // public pages and some logged-in ones: guest-profile.html. Review by 2027-06-30.
    'meta[property="og:url"]', // Open Graph, same: guest-profile.html. Review by 2027-06-30.
  ],
  ogTitle: [
    'meta[property="og:title"]', // public pages: "Name - Company | LinkedIn": guest-profile.html. Review by 2027-06-30.
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
  /** Where the profile's own content lives. */
  mainContent: [
    'main', // every layout: the profile column: notification-count.html. Review by 2027-06-30.
    '[data-sdui-screen]', // 2026 layouts, the screen root, for a screen served without main: new-layout.html. Review by 2027-06-30.
  ],
  /** Experience, marked by LinkedIn's own attributes (without them, the sections that show dates are read). */
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
  /** Sections read when Experience is not marked: those that show dates. */
  section: [
    'section', // every layout: each card of the profile column is a section: hashed-layout.html, experience-sv.html. Review by 2027-06-30.
  ],
  /** A sign-in form in sight: a wall when nobody is shown (a public profile shows one beside the person). */
  password: [
    'input[type="password"]', // sign-in page, authwall, the public profile's sign-in card: login-wall.html. Review by 2027-06-30.
  ],
} as const;

const [CARD] = SELECTORS.card;
const [CONTROL] = SELECTORS.control;
/** Bounds on the elements looked through. */
const MAX_PROFILE_LINKS = 40;
const MAX_HEADINGS = 4;
/** A card without a heading: its first lines may be the name. */
const MAX_CARD_LINES = 3;
const MAX_CARD_ELEMENTS = 100;
const MAX_SECTIONS = 16;
const MAX_SECTION_ELEMENTS = 400;
/** Embedded JSON: body children looked at, characters read from each block, entities looked through. */
const MAX_STRUCTURED_BLOCKS = 200;
const STRUCTURED_READ_LIMIT = 200_000;
const MAX_STRUCTURED_ENTITIES = 500;
/** A line with a year in it ("Jan 2024 - Present", "2021年4月 - 現在"): a section showing one may be Experience. */
const YEAR = /(?:^|\D)(?:19|20)\d\d(?:\D|$)/u;

type Card = LinkedInReading['cards'][number];

/** The address bar's /in/<slug>, decoded and lower-cased; null when it is no profile address. */
function slugOf(address: string): string | null {
  try {
    const [section, slug] = new URL(address).pathname.split('/').filter((segment) => segment !== '');
    return section === 'in' && slug !== undefined ? decodeURIComponent(slug).toLowerCase() : null;
  } catch {
    return null;
  }
}

const notShown = (element: Element) => element.closest(NOT_SHOWN) !== null;
const attributes = (elements: Element[], name: string, limit: number) =>
  elements.flatMap((element) => {
    const value = boundedAttribute(element, name);
    return value === null || value.trim() === '' ? [] : [value.slice(0, limit)];
  });

/** The name element a link stands for: a heading inside it, else itself. */
function nameElementOf(link: Element): Element {
  return first(link, SELECTORS.heading) ?? link;
}

/**
 * Whether `href` is the address bar's profile or one of its own overlays ("Contact info", "About
 * this profile"), which LinkedIn draws in the person's own card; not a page under it (details,
 * activity), which other cards link to.
 */
function isOwnLink(href: string, base: string, slug: string): boolean {
  try {
    const [section, linked, ...rest] = new URL(href, base).pathname.split('/').filter((segment) => segment !== '');
    return section === 'in' && linked !== undefined && decodeURIComponent(linked).toLowerCase() === slug && (rest.length === 0 || rest[0] === 'overlay' || (rest.length === 1 && rest[0]?.length === 2));
  } catch {
    return false;
  }
}

/**
 * The elements that may show a person's name, in the order they matter: in a card with a link to
 * the address bar's profile, its heading, the name inside the link, and, where the card has no
 * heading, its first lines; then the page's first headings; then headings inside links to other
 * profiles (a card still showing the previous profile after an in-app move names it so).
 */
function nameElements(sight: Sight, document: Document, address: string, slug: string | null): Element[] {
  const links = firstMatches(document, SELECTORS.profileLink[0], MAX_PROFILE_LINKS, (link) => !notShown(link));
  const own = links.filter((link) => slug !== null && isOwnLink(link.getAttribute('href') ?? '', address, slug));
  const others = links.filter((link) => !own.includes(link) && first(link, SELECTORS.heading) !== null);
  const found: Element[] = [];
  const add = (element: Element | null | undefined) => {
    if (element != null && found.length < MAX_CARDS && !found.includes(element) && sight.text(element).trim() !== '') found.push(element);
  };
  for (const link of own) {
    const card = link.closest(CARD) ?? link;
    const heading = first(card, SELECTORS.heading);
    add(heading);
    add(nameElementOf(link));
    if (heading === null) for (const line of seenLines(sight, card, MAX_CARD_LINES, MAX_CARD_ELEMENTS, (element) => element.matches(CONTROL))) add(line.element);
  }
  for (const heading of firstMatches(document, SELECTORS.heading[0], MAX_HEADINGS, (element) => !notShown(element))) add(heading);
  for (const link of others) add(nameElementOf(link));
  return found;
}

function readCard(sight: Sight, element: Element, content: Element): Card {
  const card = element.closest(CARD) ?? content;
  const seen = (selector: string, max: number) => firstMatches(card, selector, max, (found) => !notShown(found));
  return {
    name: sight.text(element),
    nameLink: boundedAttribute(element.closest('a[href]'), 'href'),
    links: attributes(seen(SELECTORS.profileLink[0], MAX_CARD_LINKS), 'href', READ_HREF_LIMIT),
    labels: attributes(seen(SELECTORS.label[0], MAX_CARD_LABELS), 'aria-label', READ_TEXT_LIMIT),
    photos: attributes(seen(SELECTORS.photo[0], MAX_CARD_PHOTOS), 'alt', READ_TEXT_LIMIT),
    after: linesAfter(sight, element, card, MAX_HEADLINE_CANDIDATES, CONTROL),
  };
}

/**
 * The sections that may be Experience: the one LinkedIn marks so, else sections of the profile
 * column, those that show a date first, at most MAX_EXPERIENCE_SECTIONS (the worker knows
 * Experience by its title in each UI language). Sections holding others are passed over: their own
 * sections are read.
 */
function readExperience(sight: Sight, content: Element): LinkedInReading['experience'] {
  const marker = firstInPage(content, [...SELECTORS.experienceSection, ...SELECTORS.experienceAnchor]);
  const marked = marker?.closest('section') ?? null;
  const lines = (section: Element) => seenLines(sight, section, MAX_SECTION_LINES, MAX_SECTION_ELEMENTS).map(({ text, path }) => ({ text, path }));
  if (marked !== null && sight.inSight(marked)) return [{ marked: true, lines: lines(marked) }];
  const sections = firstMatches(content, SELECTORS.section[0], MAX_SECTIONS, (section) => !notShown(section) && section.querySelector('section') === null && sight.inSight(section));
  const read = sections.map((section) => ({ marked: false, lines: lines(section) }));
  const dated = read.filter((section) => section.lines.some((line) => YEAR.test(line.text)));
  return [...dated, ...read.filter((section) => !dated.includes(section))].slice(0, MAX_EXPERIENCE_SECTIONS);
}

function metaContent(document: Document, selectors: readonly string[]): string | null {
  const content = boundedAttribute(first(document.head ?? document, selectors), 'content');
  return content === null ? null : content.slice(0, READ_TEXT_LIMIT);
}

/**
 * The first/last name of the entity in the page's embedded JSON whose publicIdentifier is the
 * address bar's slug. Other entities (the signed-in viewer, people in the sidebar) are never read.
 */
function readStructuredName(document: Document, slug: string | null): LinkedInReading['stated'] {
  if (slug === null) return null;
  // body's own children, from the end, where LinkedIn puts them: no walk through the whole page.
  const children = document.body?.children ?? [];
  for (let index = children.length - 1, seen = 0; index >= 0 && seen < MAX_STRUCTURED_BLOCKS; index -= 1, seen += 1) {
    const block = children[index];
    if (block === undefined || !block.matches(SELECTORS.structuredData[0])) continue;
    // Hidden by design: read as data, not as text a person sees.
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

/** The page's own split of the name: the public profile's meta tags, else the embedded JSON. */
function readStated(document: Document, slug: string | null): LinkedInReading['stated'] {
  const firstName = metaContent(document, SELECTORS.statedFirstName);
  const lastName = metaContent(document, SELECTORS.statedLastName);
  if (firstName !== null) return { firstName, lastName: lastName ?? '', publicIdentifier: null };
  return readStructuredName(document, slug);
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
  const slug = slugOf(address);
  const content = first(document, SELECTORS.mainContent) ?? document.body ?? document.documentElement;
  const sight = createSight();
  const names = nameElements(sight, document, address, slug);
  const ogTitle = metaContent(document, SELECTORS.ogTitle);
  return {
    site: 'linkedin',
    signIn: firstMatches(document, SELECTORS.password[0], 3, sight.inSight).length > 0,
    cards: names.map((element) => readCard(sight, element, content)),
    stated: readStated(document, slug),
    experience: readExperience(sight, content),
    headUrls: readHeadUrls(document),
    titles: [boundedTitle(document.title), ...(ogTitle === null ? [] : [boundedTitle(ogTitle)])],
  };
}

export const linkedin: SiteSensor = {
  source: 'linkedin',
  read: readLinkedIn,
};
