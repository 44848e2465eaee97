/**
 * Reads an Instagram profile page: display name split into first/last name, canonical profile URL.
 * `jobTitle` is always null (the contract keeps job titles to LinkedIn).
 *
 * Pure over (document, address bar), `textContent` only, a handful of selector lookups.
 *
 * Instagram is a single-page app: after an in-app move from @alice to @bob, the title, the Open
 * Graph tags and, for a moment, the header can still be Alice's. Every source names its user (the
 * header shows the username, the title "(@alice)"), and a source is used only when that user is the
 * one in the address bar.
 */
import { splitName, type SplitName } from '../names';
import { canonicalInstagramUrl, instagramUsername } from '../profile-url';
import { cleanText } from '../text';
import type { ScrapeResult, SiteScraper } from './types';
import { boundedText, first } from './dom';

/**
 * Every selector this scraper uses. One alternative per line, first match wins, each with the
 * layout it serves and a date by which to check it against the live site and drop it if dead.
 * `tests/fixtures/instagram/*.html` holds one page per layout.
 */
const SELECTORS = {
  /** The profile header: avatar, username, counts, display name, bio. */
  profileHeader: [
    'main header', // every layout since 2019: profile.html, classic-header.html. Review by 2027-06-30.
  ],
  /** Inside the header: the username, which says whose header this is. */
  headerUsername: [
    'h2', // 2022–2025: the username is the header's h2 (sometimes around a span). Review by 2027-06-30.
  ],
  /** Inside the header: links to the user's own lists, a second witness of whose header it is. */
  headerSelfLink: [
    'a[href$="/followers/"]', // 2019–2025 counts row. Review by 2027-06-30.
    'a[href$="/following/"]', // same row, when followers are hidden. Review by 2027-06-30.
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
    'h2, a, ul, button, [role="button"]', // every layout since 2022. Review by 2027-06-30.
  ],
  /** Head sources: "Jane Doe (@jane) • Instagram photos and videos". They lag behind moves. */
  headTitle: [
    'meta[property="og:title"]', // Open Graph title. Review by 2027-06-30.
  ],
  /** The logged-out wall: a login form and no profile header. */
  loginForm: [
    'form#loginForm', // 2019–2025 login page and wall. Review by 2027-06-30.
    'input[name="username"]', // its username field, whatever the form. Review by 2027-06-30.
  ],
} as const;

const NAME_READ_LIMIT = 1000;
const USERNAME_READ_LIMIT = 64;
/** Display-name candidates looked at per selector: the name comes before the bio and its links. */
const MAX_CANDIDATES = 12;

/**
 * "Jane Doe (@jane.doe) • Instagram photos and videos", "Jane Doe(@jane.doe) · Photos et vidéos
 * Instagram", "@jane.doe • Instagram photos and videos" (no display name). The suffix is localized
 * and ignored: what matters is the separator after the "(@user)" that names whose title it is.
 */
const TITLE_WITH_NAME = /^(.*?)\s*\(@([\p{L}\p{N}._]{1,30})\)\s*[•·]/u;
const TITLE_USERNAME_ONLY = /^@([\p{L}\p{N}._]{1,30})\s*[•·]/u;


function normalizedUsername(text: string): string {
  return cleanText(text).replace(/^@/u, '').toLowerCase();
}

/** Whose header this is: its username, else the user its followers/following links point to. */
function headerOwner(header: Element, url: string): string | null {
  const usernameElement = first(header, SELECTORS.headerUsername);
  if (usernameElement !== null) {
    const username = normalizedUsername(boundedText(usernameElement, USERNAME_READ_LIMIT));
    if (username !== '') return username;
  }
  const selfLink = first(header, SELECTORS.headerSelfLink);
  const href = selfLink?.getAttribute('href') ?? null;
  if (href === null) return null;
  try {
    return instagramUsername(new URL(href, url).href);
  } catch {
    return null;
  }
}

function displayNameIn(header: Element, owner: string): SplitName | null {
  for (const selector of SELECTORS.displayName) {
    const candidates = header.querySelectorAll(selector);
    for (let index = 0; index < candidates.length && index < MAX_CANDIDATES; index += 1) {
      const candidate = candidates[index];
      if (candidate === undefined || candidate.closest(SELECTORS.notDisplayName[0]) !== null) continue;
      const text = boundedText(candidate, NAME_READ_LIMIT);
      if (normalizedUsername(text) === owner) continue;
      const name = splitName(text);
      if (name !== null) return name;
    }
  }
  return null;
}

interface HeadName {
  username: string;
  /** Null when the title carries no display name ("@jane • Instagram…"). */
  name: SplitName | null;
}

function parseHeadTitle(title: string): HeadName | null {
  const text = cleanText(title);
  const withName = TITLE_WITH_NAME.exec(text);
  if (withName !== null) {
    return { username: (withName[2] ?? '').toLowerCase(), name: splitName(withName[1] ?? '') };
  }
  const usernameOnly = TITLE_USERNAME_ONLY.exec(text);
  return usernameOnly === null ? null : { username: (usernameOnly[1] ?? '').toLowerCase(), name: null };
}

/** The document title and og:title, parsed; those that are not a profile's title are left out. */
function headNames(document: Document): HeadName[] {
  const titles = [document.title];
  for (const selector of SELECTORS.headTitle) {
    const content = document.querySelector(selector)?.getAttribute('content');
    if (content !== null && content !== undefined) titles.push(content);
  }
  return titles.flatMap((title) => {
    const parsed = parseHeadTitle(title);
    return parsed === null ? [] : [parsed];
  });
}

/**
 * Name, in order: the header's display name, when the header is this user's; the title or og:title
 * "Name (@user)", when @user is this user; the username itself, when the header or the head shows
 * this is the user's page but gives no display name. A header or head naming someone else makes
 * the page stale; with neither, the name is not found.
 */
function scrapeInstagram(document: Document, url: string): ScrapeResult {
  const username = instagramUsername(url);
  const profileUrl = canonicalInstagramUrl(url);
  if (username === null || profileUrl === null) return { ok: false, reason: 'not-a-profile' };

  const header = first(document, SELECTORS.profileHeader);
  if (header === null && first(document, SELECTORS.loginForm) !== null) return { ok: false, reason: 'logged-out' };

  const lead = (name: SplitName): ScrapeResult => ({ ok: true, lead: { ...name, jobTitle: null, profileUrl } });

  const owner = header === null ? null : headerOwner(header, url);
  const headerIsCurrent = owner === username;
  if (header !== null && headerIsCurrent) {
    const name = displayNameIn(header, username);
    if (name !== null) return lead(name);
  }

  const heads = headNames(document);
  const currentHead = heads.find((head) => head.username === username);
  if (currentHead?.name) return lead(currentHead.name);

  if (headerIsCurrent || currentHead !== undefined) {
    return lead({ firstName: username, lastName: '' });
  }
  const sawAnotherUser = (owner !== null && owner !== username) || heads.length > 0;
  return { ok: false, reason: sawAnotherUser ? 'stale-page' : 'name-not-found' };
}

export const instagram: SiteScraper = {
  source: 'instagram',
  scrape: scrapeInstagram,
};
