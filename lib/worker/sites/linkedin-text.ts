/**
 * LinkedIn's own words and addresses, as the worker's interpreters (profile, Experience, people
 * search) tell them from a person's: headings and sentences of its UI that are never a name or a
 * job title, in the UI languages we know, and the canonical profile an href names. Pure.
 */
import { LIMITS } from '../../shared/contract';
import { splitName, type SplitName } from '../names';
import { canonicalLinkedInUrl } from '../../shared/profile-url';
import { cleanText, truncate } from '../../shared/text';

/** Headings that are never a person's name, compared lower-case with apostrophes folded. */
const NON_NAME_HEADINGS: ReadonlySet<string> = new Set([
  'linkedin', 'linkedin member', 'membre linkedin', 'użytkownik linkedin', 'people you may know',
  'personnes que vous pourriez connaître', 'people also viewed', 'autres profils consultés',
  'join linkedin', 'rejoindre linkedin', 'sign in', "s'identifier", 'identifiez-vous', 'sign up',
  "s'inscrire", 'welcome back', 'bon retour parmi nous', 'profile', 'profil', 'experience',
  'expérience', 'doświadczenie', 'about', 'infos', 'informacje', 'activity', 'activité', 'aktywność',
  'feed', "fil d'actualité", 'home', 'accueil', 'my network', 'mon réseau', 'messaging', 'messagerie',
  'notifications', 'page not found', "this page doesn't exist", "cette page n'existe pas",
  'profile not found', 'profil introuvable', 'contact info', 'coordonnées', 'dane kontaktowe', 'kontaktinfo',
]);

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

/** The sentences of LinkedIn's "Profile Not Found" page, in the UI languages we know. */
export const NOT_FOUND_PARTS: readonly string[] = [
  'profile not found', "this page doesn't exist", 'page not found', 'profil introuvable', "cette page n'existe pas",
  'nie znaleziono', 'profil nicht gefunden', 'perfil no encontrado', 'perfil não encontrado',
];

export function folded(text: string): string {
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

/**
 * Beside the name, never the headline: the connection degree ("1st", "· 2nd", "• 2e", "· 1.",
 * "3e et +", "· 2촌"), pronouns ("she/her", "(He/Him)"), a short line led by a bullet.
 */
const NAME_BLOCK_EXTRAS = /^[·•]?\s*(?:1st|2nd|3rd\+?|1er|2e|3e(?: et)?\s?\+?|\d\.?\s?\+?|\d\S{0,2}\+?)$|^[·•]\s*\S{1,12}(?:\s\S{1,4}){0,2}$|^\(?\p{L}+\/\p{L}+\)?$/iu;

/** The headline among the lines after a name: the first that is neither a degree, pronouns, the name again nor UI text. */
export function headlineOf(lines: readonly string[], name: string | null): string | null {
  for (const line of lines) {
    const text = cleanText(line);
    if (NAME_BLOCK_EXTRAS.test(text) || (name !== null && folded(text) === folded(name))) continue;
    const title = jobTitleOf(text);
    if (title !== null) return title;
  }
  return null;
}

/** Whether `text` starts with the name (photo texts: LinkedIn appends "open to work" words) or holds it (labels), as whole words. */
export function holdsName(text: string, key: string, at: 'start' | 'anywhere'): boolean {
  const haystack = folded(text);
  const index = at === 'start' ? (haystack.startsWith(key) ? 0 : -1) : haystack.indexOf(key);
  if (index < 0) return false;
  const before = haystack[index - 1];
  const after = haystack[index + key.length];
  return !(before !== undefined && /[\p{L}\p{N}]/u.test(before)) && !(after !== undefined && /[\p{L}\p{N}]/u.test(after));
}
