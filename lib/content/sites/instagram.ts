/**
 * The Instagram sensor: what the content script reads from a profile page on the click, as raw
 * strings (`InstagramReading`). The worker's interpreter (lib/worker/sites/instagram-interpret.ts) decides
 * whose page it is, splits the name and refuses. Kept small and import-free: it ships in the
 * content script. `textContent` only, a handful of selector lookups.
 */
import type { InstagramReading, SiteSensor } from '../../shared/sites/types';
import { MAX_DISPLAY_NAME_CANDIDATES } from '../../shared/sites/read-limits';
import { anyMatch, boundedAttribute, boundedTitle, createSight, first, type Sight } from './dom';

/**
 * Every selector the sensor uses. One alternative per line, first match wins, each with the
 * layout it serves, the fixture that exercises it (tests/fixtures/instagram/) and a date by which
 * to check it against the live site and drop it if dead. tests/unit/selector-coverage.test.ts
 * fails when an alternative matches no fixture.
 */
export const SELECTORS = {
  /** The profile header: avatar, username, counts, display name, bio. */
  profileHeader: [
    'main header', // every layout since 2019: profile.html, classic-header.html. Review by 2027-06-30.
  ],
  /** Inside the header: the username, which says whose header this is. */
  headerUsername: [
    'h2', // 2022–2025: the username is the header's h2 (sometimes around a span): profile.html. Review by 2027-06-30.
  ],
  /** Inside the header: links to the user's own lists, a second witness of whose header it is. */
  headerSelfLink: [
    'a[href$="/followers/"]', // 2019–2025 counts row: profile.html. Review by 2027-06-30.
    'a[href$="/following/"]', // same row, when followers are hidden: no-display-name.html. Review by 2027-06-30.
  ],
  /**
   * Inside the header: the display name. Instagram marks it only by weight: it is the semibold
   * line, the bio is regular. Candidates inside the username's h2, a link or the counts are skipped.
   */
  displayName: [
    'span[dir="auto"].x1s688f', // 2024–2025 atomic classes, `x1s688f` = font-weight 600: profile.html. Review by 2027-06-30.
    'span._aacw', // 2022–2024 classes, `_aacw` = semibold, bio is `_aacu`: classic-header.html. Review by 2026-12-31.
  ],
  /** Around a candidate display name, these mean it is something else: username, link, counts, button. */
  notDisplayName: [
    'h2, a, ul, button, [role="button"]', // every layout since 2022: profile.html. Review by 2027-06-30.
  ],
  /** Head sources: "Jane Doe (@jane) • Instagram photos and videos". They lag behind moves. */
  headTitle: [
    'meta[property="og:title"]', // Open Graph title: profile.html. Review by 2027-06-30.
  ],
  /** The logged-out wall: a login form and no profile header. */
  loginForm: [
    'form#loginForm', // 2019–2025 login page and wall: login-wall.html. Review by 2027-06-30.
    'input[name="username"]', // its username field, whatever the form: login-wall.html. Review by 2027-06-30.
  ],
} as const;

/** Display-name candidates looked at per selector: the name comes before the bio and its links. */
const MAX_CANDIDATES = 12;
const USERNAME_READ_LIMIT = 64;

function displayNames(sight: Sight, header: Element): string[] {
  const names: string[] = [];
  for (const selector of SELECTORS.displayName) {
    const candidates = header.querySelectorAll(selector);
    for (let index = 0; index < candidates.length && index < MAX_CANDIDATES; index += 1) {
      const candidate = candidates[index];
      if (candidate === undefined || candidate.closest(SELECTORS.notDisplayName[0]) !== null) continue;
      // Out of sight reads as '': never a display name.
      const text = sight.text(candidate);
      if (text !== '' && names.length < MAX_DISPLAY_NAME_CANDIDATES) names.push(text);
    }
  }
  return names;
}

function readHeader(sight: Sight, header: Element | null): InstagramReading['header'] {
  if (header === null) return null;
  const username = first(header, SELECTORS.headerUsername);
  return {
    username: username === null ? null : sight.text(username, USERNAME_READ_LIMIT),
    selfLink: boundedAttribute(first(header, SELECTORS.headerSelfLink), 'href'),
    displayNames: displayNames(sight, header),
  };
}

function readInstagram(document: Document, _address: string): InstagramReading {
  const titles = [boundedTitle(document.title)];
  const ogTitle = boundedAttribute(first(document, SELECTORS.headTitle), 'content');
  if (ogTitle !== null) titles.push(boundedTitle(ogTitle));
  return {
    site: 'instagram',
    loginForm: anyMatch(document, SELECTORS.loginForm),
    header: readHeader(createSight(), first(document, SELECTORS.profileHeader)),
    titles,
  };
}

export const instagram: SiteSensor = {
  source: 'instagram',
  read: readInstagram,
};
