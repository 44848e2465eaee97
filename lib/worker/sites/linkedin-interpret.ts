/**
 * Makes a lead of what the LinkedIn sensor read (lib/content/sites/linkedin.ts), in the worker. Pure and
 * DOM-free: (reading, the tab's address) → lead or refusal.
 *
 * A name is accepted the way a careful person accepts it (issue 19): the page names the person in
 * several independent places (the title and og:title; a heading or a link's text; the page's own
 * split; the card's photo text and its controls' accessible names; the address bar's slug), and a
 * name counts when
 * - it is tied to the address bar's profile on its own: inside a link to this /in/<slug>, the title
 *   of a page whose head names this profile, or the page's data about this profile; or
 * - at least two independent places agree on it (after the contract's normal form, emoji and
 *   credentials aside) and the page ties it to this profile (its card links here, or the slug spells it).
 * A place tied to another profile (its link, its card's links, a head naming another profile) never
 * counts: a page still showing the previous profile after an in-app move is refused ('stale-page'),
 * a person in a sidebar or a dialog is passed over. A name found but not confirmed is refused as
 * 'name-unconfirmed' with what was found, for "Enter details". Never another person than the one
 * the page ties to the address bar: a wrong person is worse than a refusal.
 *
 * A page is classified by what it shows: a person (the name above), else a sign-in form in sight with
 * nobody ('logged-out'), else LinkedIn's "Profile Not Found" ('not-found').
 */
import { LIMITS } from '../../shared/contract';
import { personName, slugSpells, splitName, type SplitName } from '../names';
import { canonicalLinkedInUrl } from '../../shared/profile-url';
import { cleanText, truncate } from '../../shared/text';
import type { LinkedInReading } from '../../shared/sites/reading';
import type { FoundDetails, ScrapeResult } from '../../shared/sites/types';
import { currentPosition, experienceOf } from './linkedin-experience';
import { NOT_FOUND_PARTS, canonicalHref, folded, headlineOf, holdsName, nameOf } from './linkedin-text';

/**
 * "(3) Jane Doe | LinkedIn"; the guest page adds the headline: "Jane Doe - Acme | LinkedIn".
 * The suffix is "LinkedIn" in every locale we know of but LinkedIn China's "领英".
 */
const TITLE_NOTIFICATION_COUNT = /^\(\d+\+?\)\s*/u;
const TITLE_SUFFIX = /\s+[|·–—-]\s+(?:LinkedIn|领英)\s*$/iu;
const TITLE_NAME_END = /\s+[|·–—-]\s+/u;

/** The name in "(3) Jane Doe | LinkedIn", or null when the title is not a profile's. */
function nameFromTitle(title: string): SplitName | null {
  const withoutCount = cleanText(title).replace(TITLE_NOTIFICATION_COUNT, '');
  if (!TITLE_SUFFIX.test(withoutCount)) return null;
  const [name = ''] = withoutCount.replace(TITLE_SUFFIX, '').split(TITLE_NAME_END, 1);
  return nameOf(name);
}

type Card = LinkedInReading['cards'][number];

/**
 * Whose profile a set of addresses names: this one (any of them does: a card that links here is
 * this person's, whatever else it links to, such as mutual connections), another one, or none.
 */
type Tie = 'this' | 'other' | 'none';

function tieOf(hrefs: readonly string[], profileUrl: string, url: string): Tie {
  let tie: Tie = 'none';
  for (const href of hrefs) {
    const named = canonicalHref(href, url);
    if (named === profileUrl) return 'this';
    if (named !== null) tie = 'other';
  }
  return tie;
}

/**
 * A name inside a link to a profile is that profile's name when the link is the profile itself (its
 * page, a locale of it, its "About this profile" overlay); a page under it (its Experience details,
 * its activity) is linked from other cards, around other text.
 */
function nameLinkTie(href: string, profileUrl: string, url: string): Tie {
  const tie = tieOf([href], profileUrl, url);
  if (tie !== 'this') return tie;
  const rest = new URL(href, url).pathname.split('/').filter((segment) => segment !== '').slice(2);
  const own = rest.length === 0 || (rest.length === 1 && rest[0]?.length === 2) || (rest[0] === 'overlay' && rest[1] === 'about-this-profile');
  return own ? 'this' : 'none';
}

/**
 * The head's own addresses: this profile only when every one names it; another when one names
 * another profile; none when it has none or they name no profile (the feed).
 */
function headTieOf(headUrls: readonly string[], profileUrl: string, url: string): Tie {
  const ties = headUrls.map((href) => tieOf([href], profileUrl, url));
  if (ties.includes('other')) return 'other';
  return ties.length > 0 && ties.every((tie) => tie === 'this') ? 'this' : 'none';
}

/** The independent places a name comes from. Title and og:title, and the meta split, are one: the head. */
type Place = 'card' | 'head' | 'data' | 'photo' | 'label' | 'slug';

interface Candidate {
  name: SplitName;
  place: 'card' | 'head' | 'data';
  /** Tied on its own: inside a link to a profile, a head naming one, data about one. */
  tie: Tie;
  /** Its card's links (card candidates only). */
  card: Card | null;
  cardTie: Tie;
  /** Another person's: tied to another profile by itself or by its card. Never this person. */
  other: boolean;
  /** The page's own first/last split (meta tags, structured data), not a displayed name. */
  split?: true;
}

const keyOf = (name: SplitName) => folded(`${name.firstName} ${name.lastName}`);

/** Whether an href is one of a profile's own overlays ("Contact info", "About this profile"), drawn only in that person's card. */
function isOverlay(href: string, url: string): boolean {
  try {
    return new URL(href, url).pathname.split('/').filter((segment) => segment !== '')[2] === 'overlay';
  } catch {
    return false;
  }
}

/**
 * Whether a card's name belongs to another profile than the address bar's: its link names another
 * profile; or its card links elsewhere and never here, by that profile's own overlays, or by plain
 * links while the slug does not spell the name (a plain link may be a mutual connection's).
 */
function isOtherCard(name: SplitName, card: Card, tie: Tie, profileUrl: string, url: string, slug: string | null): boolean {
  if (tie !== 'none') return tie === 'other';
  if (tieOf(card.links, profileUrl, url) !== 'other') return false;
  const overlays = card.links.filter((href) => isOverlay(href, url));
  return tieOf(overlays, profileUrl, url) === 'other' || slug === null || !slugSpells(name, slug);
}

function candidatesOf(reading: LinkedInReading, profileUrl: string, url: string, slug: string | null): Candidate[] {
  const headTie = headTieOf(reading.headUrls, profileUrl, url);
  const found: Candidate[] = [];
  for (const card of reading.cards) {
    const name = nameOf(card.name);
    const tie = card.nameLink === null ? 'none' : nameLinkTie(card.nameLink, profileUrl, url);
    if (name === null) continue;
    const other = isOtherCard(name, card, tie, profileUrl, url, slug);
    found.push({ name, place: 'card', tie, card, cardTie: tieOf(card.links, profileUrl, url), other });
  }
  for (const title of reading.titles) {
    const name = nameFromTitle(title);
    if (name !== null) found.push({ name, place: 'head', tie: headTie, card: null, cardTie: 'none', other: headTie === 'other' });
  }
  const { stated } = reading;
  const firstName = stated === null ? '' : truncate(cleanText(stated.firstName), LIMITS.firstName);
  if (stated !== null && firstName !== '') {
    const name = { firstName, lastName: truncate(cleanText(stated.lastName), LIMITS.lastName) };
    const tie = stated.publicIdentifier === null ? headTie : tieOf([`/in/${stated.publicIdentifier}`], profileUrl, url);
    const place = stated.publicIdentifier === null ? 'head' : 'data';
    found.push({ name, place, tie, card: null, cardTie: 'none', other: tie === 'other', split: true });
  }
  return found;
}

interface Group {
  key: string;
  members: Candidate[];
  places: Set<Place>;
  /** Some member is tied to this profile on its own. */
  strong: boolean;
  accepted: boolean;
}

function groupsOf(candidates: readonly Candidate[], slug: string | null): Group[] {
  const groups = new Map<string, Group>();
  const mine = candidates.filter((candidate) => !candidate.other);
  // Photos and labels of cards that are not another person's confirm a name found elsewhere.
  const cards = mine.flatMap((candidate) => (candidate.card === null ? [] : [candidate.card]));
  for (const candidate of mine) {
    const key = keyOf(candidate.name);
    const group = groups.get(key) ?? { key, members: [], places: new Set<Place>(), strong: false, accepted: false };
    group.members.push(candidate);
    group.places.add(candidate.place);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    const [representative] = group.members;
    if (cards.some((card) => card.photos.some((photo) => holdsName(photo, group.key, 'start')))) group.places.add('photo');
    if (cards.some((card) => card.labels.some((label) => holdsName(label, group.key, 'anywhere')))) group.places.add('label');
    if (slug !== null && representative !== undefined && slugSpells(representative.name, slug)) group.places.add('slug');
    group.strong = group.members.some((member) => member.tie === 'this');
    const tied = group.strong || group.places.has('slug') || group.members.some((member) => member.cardTie === 'this');
    group.accepted = group.strong || (group.places.size >= 2 && tied);
  }
  return [...groups.values()];
}

/** The most places first, then a tie of its own. */
function rank(group: Group): number[] {
  return [group.places.size, group.strong ? 1 : 0];
}

function compareRanks(a: number[], b: number[]): number {
  for (let index = 0; index < a.length; index += 1) if ((a[index] ?? 0) !== (b[index] ?? 0)) return (b[index] ?? 0) - (a[index] ?? 0);
  return 0;
}

/** The address bar's /in/<slug>, as written. */
function slugOf(url: string): string | null {
  try {
    const [section, slug] = new URL(url).pathname.split('/').filter((segment) => segment !== '');
    return section === 'in' && slug !== undefined ? slug : null;
  } catch {
    return null;
  }
}

const nothingFound: FoundDetails = { firstName: '', lastName: '', jobTitle: null };

/**
 * Refusals for an address that is no profile; then the name (above); then what the page shows when
 * no name is accepted: "Profile Not Found" or a sign-in form, with nobody in a card; a previous
 * profile still shown; a name that nothing confirms; nothing. Job title: the current position of
 * Experience, else the headline of the person's card, else null.
 */
export function interpretLinkedIn(reading: LinkedInReading, url: string): ScrapeResult {
  const profileUrl = canonicalLinkedInUrl(url);
  if (profileUrl === null) return { ok: false, reason: 'not-a-profile', found: null };
  const slug = slugOf(url);

  const candidates = candidatesOf(reading, profileUrl, url, slug);
  const groups = groupsOf(candidates, slug).sort((a, b) => compareRanks(rank(a), rank(b)));
  const position = currentPosition(reading.experience);
  // The person's card: the name's own, else the first card that links to this profile.
  const cardOf = (group: Group | undefined): Card | null =>
    group?.members.find((member) => member.card !== null)?.card ??
    candidates.find((candidate) => candidate.cardTie === 'this' && !candidate.other)?.card ??
    null;
  const jobTitle = (card: Card | null) => position ?? (card === null ? null : headlineOf(card.after, card.name));

  const [chosen, runnerUp] = groups.filter((group) => group.accepted);
  // Two names accepted alike (the card and the title disagree, both tied here): no guess.
  if (chosen !== undefined && (runnerUp === undefined || compareRanks(rank(chosen), rank(runnerUp)) !== 0)) {
    const card = cardOf(chosen);
    const stated = candidates.find((candidate) => candidate.split === true && !candidate.other)?.name ?? null;
    const displayed = (chosen.members.find((member) => member.split !== true) ?? chosen.members[0])?.name ?? nothingFound;
    const name = personName(displayed, { stated, labels: card?.labels ?? [], slug });
    return { ok: true, lead: { ...name, jobTitle: jobTitle(card), profileUrl } };
  }

  const says = (part: string) => [...reading.titles, ...reading.cards.map((card) => card.name)].some((text) => folded(text).includes(part));
  if (NOT_FOUND_PARTS.some(says)) return { ok: false, reason: 'not-found', found: null };
  if (!candidates.some((candidate) => candidate.place === 'card' && !candidate.other)) {
    // A wall shows a sign-in form and nobody: a page that shows a career is a profile, read or not.
    if (reading.signIn && experienceOf(reading.experience) === null) return { ok: false, reason: 'logged-out', found: null };
    // Nobody shown here, and a card or head naming another profile: the page has not caught up.
    if (candidates.some((candidate) => candidate.other)) return { ok: false, reason: 'stale-page', found: nothingFound };
  }
  const best = groups.find((group) => group.members.some((member) => member.place === 'card')) ?? groups[0];
  if (best !== undefined) {
    const card = cardOf(best);
    const [member] = best.members;
    return { ok: false, reason: 'name-unconfirmed', found: { ...(member?.name ?? nothingFound), jobTitle: jobTitle(card) } };
  }
  return { ok: false, reason: 'name-not-found', found: { ...nothingFound, jobTitle: jobTitle(reading.cards[0] ?? null) } };
}
