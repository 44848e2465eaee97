/**
 * Canonical profile URLs, per "Canonical profile URLs" in ../shared/api-contract.md. The CRM dedupes
 * leads on `profileUrl` as a plain string, so every address of one profile must map to one string,
 * and mapping must be idempotent: canonical(canonical(x)) === canonical(x).
 *
 * Pure: no DOM, no `location`; the caller passes the address bar.
 */
import type { Source } from './contract';
import { PROFILE_URL_MAX } from './limits';

export interface CanonicalProfile {
  source: Source;
  profileUrl: string;
}

const LINKEDIN_ORIGIN = 'https://www.linkedin.com';
const INSTAGRAM_ORIGIN = 'https://www.instagram.com';

/**
 * First path segments that Instagram reserves for its own pages: none of them is a user. Instagram
 * refuses these as usernames, so a path starting with one is never a profile. Not exhaustive:
 * Instagram adds routes; an unknown route that looks like a username only costs a failed scrape
 * ('name-not-found'), never a wrong lead, because the scraper also checks the page header.
 */
const INSTAGRAM_RESERVED_PATHS: ReadonlySet<string> = new Set([
  // content pages
  'p', 'reel', 'reels', 'tv', 'stories', 'explore', 'direct', 'ar',
  // account, login and security flows
  'accounts', 'challenge', 'session', 'oauth', 'emails', 'your_activity', 'nametag',
  // company and legal pages
  'about', 'legal', 'privacy', 'terms', 'developer', 'directory',
  // API and app plumbing
  'api', 'graphql', 'web', 'ajax', 'static',
  // app deep-link redirects (`/_u/jane`, `/_n/…`): the page shown next has the real address
  '_u', '_n',
]);

/**
 * `/jane/p/<code>/`, `/jane/reel/<code>/`: posts addressed under their author. They show a post,
 * not the profile header, so they are not profile pages even though they name a user.
 */
const INSTAGRAM_POST_SUBPATHS: ReadonlySet<string> = new Set(['p', 'reel', 'tv']);

// Instagram's own rule for usernames (after lower-casing): letters, digits, '.', '_', at most 30.
const INSTAGRAM_USERNAME = /^[a-z0-9._]{1,30}$/;

// A slug that decodes to these would not survive a round trip: `/in/..` is a dot segment that the
// URL parser resolves away; whitespace and controls are never part of a LinkedIn vanity name.
const UNUSABLE_LINKEDIN_SLUG = /^\.{1,2}$|[\s\p{Cc}]/u;

function parseHttpsUrl(url: string): URL | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  // A port is not how anyone reaches a profile; refusing it keeps "LinkedIn host" exact.
  if (parsed.protocol !== 'https:' || parsed.port !== '') return null;
  return parsed;
}

function pathSegments(pathname: string): string[] {
  return pathname.split('/').filter((segment) => segment !== '');
}

/** linkedin.com and every subdomain: www, m, and country hosts such as fr. or uk. */
function isLinkedInHost(hostname: string): boolean {
  return hostname === 'linkedin.com' || hostname.endsWith('.linkedin.com');
}

/** Only the hosts that serve profiles; help., about. and business.instagram.com never do. */
function isInstagramHost(hostname: string): boolean {
  return hostname === 'instagram.com' || hostname === 'www.instagram.com' || hostname === 'm.instagram.com';
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null; // malformed percent-encoding or bytes that are not UTF-8
  }
}

/**
 * The slug is lower-cased while decoded, then re-encoded with `encodeURIComponent`, which always
 * writes upper-case hex: `/in/J%c3%a9r%C3%B4me` and `/in/Jérôme` both become `/in/j%C3%A9r%C3%B4me`.
 * Lower-casing after re-encoding would give `%c3%a9` instead: equivalent for RFC 3986 but a
 * different string for a CRM that compares strings, and not what browsers or LinkedIn write.
 * The decoded slug is also put in NFC, so `é` typed as `e` + U+0301 names the same profile.
 */
function canonicalLinkedInSlug(rawSegment: string): string | null {
  const decoded = decodeSegment(rawSegment);
  if (decoded === null) return null;
  // toLowerCase can leave a decomposed sequence (`İ` → `i̇`), hence NFC again afterwards.
  const slug = decoded.normalize('NFC').toLowerCase().normalize('NFC');
  if (slug === '' || UNUSABLE_LINKEDIN_SLUG.test(slug)) return null;
  return encodeURIComponent(slug);
}

export function canonicalLinkedInUrl(url: string): string | null {
  const parsed = parseHttpsUrl(url);
  if (parsed === null || !isLinkedInHost(parsed.hostname)) return null;
  // Everything after the slug (a locale like `/fr/`, `/details/experience/`, `/overlay/…`) is a
  // view of the same profile: only the slug names it.
  const [section, rawSlug] = pathSegments(parsed.pathname);
  if (section !== 'in' || rawSlug === undefined) return null;
  const slug = canonicalLinkedInSlug(rawSlug);
  if (slug === null) return null;
  const canonical = `${LINKEDIN_ORIGIN}/in/${slug}`;
  return canonical.length <= PROFILE_URL_MAX ? canonical : null;
}

/** The lower-cased username of an Instagram profile address, or null when the path is not one. */
export function instagramUsername(url: string): string | null {
  const parsed = parseHttpsUrl(url);
  if (parsed === null || !isInstagramHost(parsed.hostname)) return null;
  const [first, second] = pathSegments(parsed.pathname);
  if (first === undefined) return null; // the home feed
  const username = first.toLowerCase();
  if (!INSTAGRAM_USERNAME.test(username) || INSTAGRAM_RESERVED_PATHS.has(username)) return null;
  if (second !== undefined && INSTAGRAM_POST_SUBPATHS.has(second.toLowerCase())) return null;
  // Any other sub-page (`reels`, `tagged`, `saved`, `followers`…) is a tab of the profile.
  return username;
}

export function canonicalInstagramUrl(url: string): string | null {
  const username = instagramUsername(url);
  return username === null ? null : `${INSTAGRAM_ORIGIN}/${username}`;
}

/** The site and canonical profile URL of an address, or null when it is no profile we capture. */
export function canonicalProfileUrl(url: string): CanonicalProfile | null {
  const parsed = parseHttpsUrl(url);
  if (parsed === null) return null;
  if (isLinkedInHost(parsed.hostname)) {
    const profileUrl = canonicalLinkedInUrl(url);
    return profileUrl === null ? null : { source: 'linkedin', profileUrl };
  }
  if (isInstagramHost(parsed.hostname)) {
    const profileUrl = canonicalInstagramUrl(url);
    return profileUrl === null ? null : { source: 'instagram', profileUrl };
  }
  return null;
}
