/**
 * Makes a lead of what the Instagram sensor read (lib/content/sites/instagram.ts), in the worker: display
 * name split into first/last name, canonical profile URL; `jobTitle` is always null (the contract
 * keeps job titles to LinkedIn). Pure and DOM-free.
 *
 * Instagram is a single-page app: after an in-app move from @alice to @bob, the title, the Open
 * Graph tags and, for a moment, the header can still be Alice's. Every source names its user (the
 * header shows the username, the title "(@alice)"), and a source is used only when that user is the
 * one in the address bar.
 */
import { splitName, type SplitName } from '../names';
import { canonicalInstagramUrl, instagramUsername } from '../../shared/profile-url';
import { cleanText } from '../../shared/text';
import type { InstagramReading } from '../../shared/sites/reading';
import type { ScrapeResult } from '../../shared/sites/types';

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
function headerOwner(header: NonNullable<InstagramReading['header']>, url: string): string | null {
  const username = header.username === null ? '' : normalizedUsername(header.username);
  if (username !== '') return username;
  if (header.selfLink === null) return null;
  try {
    return instagramUsername(new URL(header.selfLink, url).href);
  } catch {
    return null;
  }
}

function displayNameIn(header: NonNullable<InstagramReading['header']>, owner: string): SplitName | null {
  for (const text of header.displayNames) {
    if (normalizedUsername(text) === owner) continue;
    const name = splitName(text);
    if (name !== null) return name;
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

/**
 * Name, in order: the header's display name, when the header is this user's; the title or og:title
 * "Name (@user)", when @user is this user; the username itself, when the header or the head shows
 * this is the user's page but gives no display name. A header or head naming someone else makes
 * the page stale; with neither, the name is not found.
 */
export function interpretInstagram(reading: InstagramReading, url: string): ScrapeResult {
  const username = instagramUsername(url);
  const profileUrl = canonicalInstagramUrl(url);
  if (username === null || profileUrl === null) return { ok: false, reason: 'not-a-profile', found: null };

  const { header } = reading;
  if (header === null && reading.loginForm) return { ok: false, reason: 'logged-out', found: null };

  const lead = (name: SplitName): ScrapeResult => ({ ok: true, lead: { ...name, jobTitle: null, profileUrl } });

  const owner = header === null ? null : headerOwner(header, url);
  const headerIsCurrent = owner === username;
  if (header !== null && headerIsCurrent) {
    const name = displayNameIn(header, username);
    if (name !== null) return lead(name);
  }

  const heads = reading.titles.flatMap((title) => {
    const parsed = parseHeadTitle(title);
    return parsed === null ? [] : [parsed];
  });
  const currentHead = heads.find((head) => head.username === username);
  if (currentHead?.name) return lead(currentHead.name);

  if (headerIsCurrent || currentHead !== undefined) {
    return lead({ firstName: username, lastName: '' });
  }
  const sawAnotherUser = (owner !== null && owner !== username) || heads.length > 0;
  return {
    ok: false,
    reason: sawAnotherUser ? 'stale-page' : 'name-not-found',
    found: { firstName: '', lastName: '', jobTitle: null },
  };
}
