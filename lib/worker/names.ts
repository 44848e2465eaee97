/**
 * Splits the name a profile displays into the contract's `firstName` / `lastName`.
 *
 * Display names are decorated: emoji, credentials, pronouns, nicknames, honorifics, styled letters.
 * We strip decoration and keep the name as written otherwise. In particular we never re-case:
 * "McDONALD", "DE LA CRUZ" or "van der BERG" cannot be re-cased correctly by rule, and a wrong guess
 * in a CRM is worse than the owner's own capitals.
 *
 * `splitName` keeps display order: the first token is the first name, the rest the last name. We do
 * not guess name order from the script ("田中 太郎" gives firstName "田中"): a guess would be wrong for
 * every Chinese or Japanese profile written in Latin order. Only the page itself reorders it
 * (`personName`, issue 19): its own split where it states one, else the address bar's slug when it
 * shows the given name last in the display. A name without spaces ("王小明") stays whole in
 * `firstName`: splitting a CJK name needs a surname dictionary, and half a name is worse than an
 * unsplit one.
 */
import { LIMITS } from '../shared/contract';
import { cleanText, truncate } from '../shared/text';

export interface SplitName {
  firstName: string;
  lastName: string;
}

/**
 * Longest raw input we look at. Scrapers read at most 1000 characters; the bound keeps a hostile
 * 100 KB "name" from costing more than a short one, and no real name comes close.
 */
const MAX_RAW_LENGTH = 1000;

/**
 * Styled letters from "fancy text" generators (𝓙𝓪𝓷𝓮, 𝐉𝐚𝐧𝐞, Ⓙⓐⓝⓔ, ＪＡＮＥ, ℌ): Mathematical
 * Alphanumeric Symbols, circled letters, squared/parenthesised Latin, full-width ASCII letters and
 * digits, and the letter-like symbols that fill the holes of the mathematical alphabets. Each one is
 * NFKC-folded on its own, and only kept folded when that gives one plain letter or digit (see
 * `foldStyledLetter`). NFKC is not applied to the whole name: it would also rewrite characters that
 * people choose on purpose (half-width kana, Hangul compatibility jamo, superscripts, ligatures).
 */
const STYLED_LETTER =
  /[\u{1D400}-\u{1D7FF}\u24B6-\u24E9\u{1F110}-\u{1F149}\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\u2102\u210A-\u2113\u2115\u2119-\u211D\u2124\u2128\u212C\u212D\u212F-\u2131\u2133\u2134]/gu;
const PLAIN_LETTER_OR_DIGIT = /^[A-Za-z0-9\u0391-\u03A9\u03B1-\u03C9]$/;

// Keycap emoji: a digit, # or * with an optional VS16 and the combining keycap (1️⃣, #️⃣).
const KEYCAP = /[0-9#*]\uFE0F?\u20E3/gu;

/**
 * Decoration that is never part of a name: pictographs (🚀 ✨ ❤), their skin-tone modifiers,
 * other and math symbols (★ ™ © ♛ → |), variation selectors, tag characters (subdivision flags),
 * regional indicators (flags), stray combining keycaps, private-use icons and lone surrogates.
 * ZWJ and other invisibles are already gone (cleanText).
 */
const DECORATION =
  /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{So}\p{Sm}\p{Regional_Indicator}\p{Co}\p{Cs}\uFE00-\uFE0F\u{E0100}-\u{E01EF}\u{E0000}-\u{E007F}\u20E3]/gu;

// The first of these ends the name: "Jane Doe, MBA, PMP", "Jane Doe | Growth", "Jane Doe – Coach".
// A comma of any script: Latin, Arabic (،), full-width (，) and ideographic (、).
const NAME_END = /[,\u060C\uFF0C\u3001|]| [•·–—] /u;

const OPENERS = '([{（［｛';
const CLOSERS = ')]}）］｝';

// Nicknames in quotes: Robert "Bob" Smith, Jane “JJ” Doe.
const QUOTED_NICKNAME = /"[^"]*"|“[^”]*”/gu;

/**
 * Honorifics dropped from the front, compared lower-case with any trailing dot removed. Some only
 * count with their dot, because without it they are initials or given names: "M." is the French
 * Monsieur but "M Jane" keeps "M"; "Ing." is an engineer's title but Ing is a given name. The price:
 * "M. Night Shyamalan" loses his initial (rare, and a lead's name is editable in the CRM). Words
 * that are also given names (Don, Lady, Sister) are deliberately absent.
 */
const HONORIFICS: ReadonlySet<string> = new Set([
  'dr', 'mr', 'mrs', 'ms', 'mx', 'miss', 'mme', 'mlle', 'prof', 'pr', 'sir', 'dame', 'rev',
  'herr', 'frau', 'sra', 'srta',
]);
const HONORIFICS_WITH_DOT_ONLY: ReadonlySet<string> = new Set(['m.', 'ing.', 'dott.', 'dott.ssa']);

/**
 * Credentials written after the name without a comma ("Jane Doe PhD"). Case-sensitive, as they are
 * written, so the name "Md Rahman" or the surname "Mba" survive; dropped only from the end and only
 * while two name tokens remain. After a comma everything goes anyway (NAME_END).
 */
const TRAILING_CREDENTIALS: ReadonlySet<string> = new Set([
  'PhD', 'Ph.D.', 'Ph.D', 'MBA', 'M.B.A.', 'CPA', 'PMP', 'CFA', 'MD', 'M.D.', 'DDS', 'RN', 'Esq.',
  'CISSP', 'PharmD', 'MSc', 'BSc', 'MEng', 'DBA', 'CFP', 'SHRM-CP', 'SHRM-SCP', 'PHR', 'SPHR',
]);

/** Pronoun words seen in "she/her", "they/them", "il/lui", "elle/elle", "er/ihm", "él/él". */
const PRONOUNS: ReadonlySet<string> = new Set([
  'she', 'her', 'hers', 'he', 'him', 'his', 'they', 'them', 'theirs', 'xe', 'xem', 'ze', 'zir', 'hir',
  'il', 'lui', 'elle', 'iel', 'ielle', 'er', 'ihm', 'sie', 'ihr', 'él', 'ella', 'elu', 'ele', 'dela', 'dele',
]);

function foldStyledLetter(char: string): string {
  const folded = char.normalize('NFKC');
  return PLAIN_LETTER_OR_DIGIT.test(folded) ? folded : char;
}

/** Removes bracketed parts, nested or not; an unclosed bracket runs to the end (a cut-off "(she/"). */
function withoutBracketed(text: string): string {
  let depth = 0;
  let kept = '';
  for (const char of text) {
    if (OPENERS.includes(char)) depth += 1;
    else if (CLOSERS.includes(char)) depth = Math.max(0, depth - 1);
    else if (depth === 0) kept += char;
  }
  return kept;
}

function isHonorific(token: string): boolean {
  const lower = token.toLowerCase();
  return HONORIFICS.has(lower.replace(/\.$/, '')) || HONORIFICS_WITH_DOT_ONLY.has(lower);
}

/** "she/her", "They/Them", "il/lui", "she/they/her": every part a pronoun, at least two parts. */
function isPronounToken(token: string): boolean {
  const parts = token.toLowerCase().split('/');
  return parts.length >= 2 && parts.every((part) => PRONOUNS.has(part));
}

// A token is part of a name only if it has a letter: drops "-", "&", "2024" and similar leftovers.
const HAS_LETTER = /\p{L}/u;
// Combining marks orphaned by removing what they sat on (an emoji followed by an accent), and
// markdown-ish framing (*Jane*, _Doe_, -Jane-, a stray quote). Inner hyphens, apostrophes and a
// final initial's dot ("D.") are name.
const TOKEN_EDGE_NOISE = /^[\p{M}\-_*~"“”«»]+|[\-_*~"“”«»]+$/gu;

function nameTokens(raw: string): string[] {
  const bounded = truncate(raw, MAX_RAW_LENGTH);
  const styled = cleanText(bounded)
    .replace(STYLED_LETTER, foldStyledLetter)
    .replace(KEYCAP, ' ');
  // Cut before dropping symbols: '|' is one of them, and it ends the name.
  const [beforeEnd = ''] = styled.split(NAME_END, 1);
  const undecorated = withoutBracketed(beforeEnd.replace(QUOTED_NICKNAME, ' ')).replace(DECORATION, ' ');

  const tokens = cleanText(undecorated)
    .split(' ')
    .map((token) => token.replace(TOKEN_EDGE_NOISE, ''))
    .filter((token) => HAS_LETTER.test(token));

  while (tokens.length > 0 && isPronounToken(tokens[tokens.length - 1] ?? '')) tokens.pop();
  while (tokens.length > 2 && TRAILING_CREDENTIALS.has(tokens[tokens.length - 1] ?? '')) tokens.pop();
  // An honorific goes only when a name follows it: "Dr. Jane Doe" → Jane Doe, "Prof. Dr. Jane" → Jane.
  while (tokens.length > 1 && isHonorific(tokens[0] ?? '')) tokens.shift();
  return tokens;
}

/** First and last name of a displayed name, or null when nothing usable as a name remains. */
export function splitName(raw: string): SplitName | null {
  const [first, ...rest] = nameTokens(raw);
  if (first === undefined) return null;
  // cleanText again: removing decoration can leave a letter and a combining mark that NFC joins.
  const firstName = truncate(cleanText(first), LIMITS.firstName);
  const lastName = truncate(cleanText(rest.join(' ')), LIMITS.lastName);
  return firstName === '' ? null : { firstName, lastName };
}

// ---- Whose name comes first (issue 19) ---------------------------------------------------------
//
// LinkedIn shows some members family name first (Hungarian, Chinese, Japanese, Korean, Vietnamese
// members who ask for it): "Nagy Eszter", whose given name is Eszter. Display order alone would make
// "Nagy" the first name. The page often says which is which; where it does, its split wins.

/** The words of a split name, as displayed. */
function wordsOf(name: SplitName): string[] {
  return `${name.firstName} ${name.lastName}`.split(' ').filter((word) => word !== '');
}

/** The same words, the first `count` of them the first name (`givenLast`: the last `count`). */
function splitWords(words: readonly string[], count: number, givenLast: boolean): SplitName {
  const given = givenLast ? words.slice(words.length - count) : words.slice(0, count);
  const family = givenLast ? words.slice(0, words.length - count) : words.slice(count);
  return { firstName: truncate(given.join(' '), LIMITS.firstName), lastName: truncate(family.join(' '), LIMITS.lastName) };
}

// Letters that do not decompose into a base letter and a mark, as slugs spell them.
const UNDECOMPOSED: Readonly<Record<string, string>> = { ł: 'l', ø: 'o', đ: 'd', ð: 'd', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i', þ: 'th' };

/** A word as an address spells it: lower case, no accents, no hyphens, apostrophes or dots. */
export function foldedWord(word: string): string {
  return word
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[łøđðßæœıþ]/gu, (letter) => UNDECOMPOSED[letter] ?? letter)
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * How the address bar's slug spells the name: 0 when it spells the displayed words in order
 * ("jane-doe-4a7b91" for Jane Doe, "mariajose-fernandez-ruiz" for María José Fernández Ruiz); k when
 * it starts from the display's k-th word and wraps around ("eszter-nagy-b2a41" for "Nagy Eszter": 1),
 * as it does for a name shown family name first; null when it does not spell the name. The spelling
 * must start and end between two of the slug's words: "jane-doerr" spells no "Jane Doe".
 */
function slugRotation(name: SplitName, slug: string): number | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(slug);
  } catch {
    return null;
  }
  const words = wordsOf(name).map(foldedWord);
  if (words.length === 0 || words.some((word) => word === '')) return null;
  let joined = '';
  const boundaries = new Set<number>([0]);
  for (const word of decoded.split(/[-_.]+/u).map(foldedWord)) {
    joined += word;
    boundaries.add(joined.length);
  }
  for (let k = 0; k < words.length; k += 1) {
    const spelled = [...words.slice(k), ...words.slice(0, k)].join('');
    for (let at = joined.indexOf(spelled); at >= 0; at = joined.indexOf(spelled, at + 1)) {
      if (boundaries.has(at) && boundaries.has(at + spelled.length)) return k;
    }
  }
  return null;
}

/** Whether the address bar's slug spells the name, in display order or from its given name ("jane-doe-4a7b91" for Jane Doe). */
export function slugSpells(name: SplitName, slug: string): boolean {
  return slugRotation(name, slug) !== null;
}

/**
 * How many of the name's last words are the given name, as the slug orders them: the slug puts the
 * given name first ("eszter-nagy" for "Nagy Eszter": 1); 0 when the slug follows the display order
 * or says nothing.
 */
function givenWordsLast(name: SplitName, slug: string): number {
  const k = slugRotation(name, slug);
  return k === null || k === 0 ? 0 : wordsOf(name).length - k;
}

const isLetter = (char: string | undefined) => char !== undefined && /[\p{L}\p{N}]/u.test(char);

/** Whether `phrase` stands in `text` as whole words, not preceded by `before` nor followed by `after`. */
function standsAlone(text: string, phrase: string, before: string | undefined, after: string | undefined): boolean {
  const haystack = text.toLowerCase();
  const needle = phrase.toLowerCase();
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    const end = at + needle.length;
    if (isLetter(haystack[at - 1]) || isLetter(haystack[end])) continue;
    if (before !== undefined && haystack.slice(0, at).trimEnd().endsWith(before.toLowerCase())) continue;
    if (after !== undefined && haystack.slice(end).trimStart().startsWith(after.toLowerCase())) continue;
    return true;
  }
  return false;
}

/**
 * The split the page's own controls state: LinkedIn names a person by the first name alone in some
 * of them ("Message Marc", "View Mary Ann’s verifications", "Nachricht an Eszter"), in every UI
 * language. The longest leading (or, for a name shown family name first, trailing) run of words that
 * a label holds on its own is the first name. Null when no label does.
 */
function labelledSplit(words: readonly string[], labels: readonly string[], givenLastAllowed: boolean): SplitName | null {
  for (let count = words.length - 1; count >= 1; count -= 1) {
    const leading = words.slice(0, count).join(' ');
    if (labels.some((label) => standsAlone(label, leading, undefined, words[count]))) return splitWords(words, count, false);
    const trailing = words.slice(words.length - count).join(' ');
    if (givenLastAllowed && labels.some((label) => standsAlone(label, trailing, words[words.length - count - 1], undefined))) {
      return splitWords(words, count, true);
    }
  }
  return null;
}

/** What the page says about the name besides how it displays it. */
export interface NameEvidence {
  /** The page's own first/last split (public profile meta tags, structured data tied to the profile). */
  stated: SplitName | null;
  /** The accessible names of the person's card's controls. */
  labels: readonly string[];
  /** The address bar's /in/<slug>, as written. */
  slug: string | null;
}

const sameWords = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join(' ') === [...b].sort().join(' ');

/**
 * The first and last name of a displayed name, in this order of trust: the page's own split, when it
 * is the same words as displayed; the split the card's controls state; the slug's order, when it
 * shows the given name last in the display (family name first); else display order.
 */
export function personName(displayed: SplitName, evidence: NameEvidence): SplitName {
  const words = wordsOf(displayed);
  const { stated } = evidence;
  if (stated !== null && stated.firstName !== '' && sameWords(wordsOf(stated), words)) return stated;
  if (words.length < 2) return displayed;
  const givenLast = evidence.slug === null ? 0 : givenWordsLast(displayed, evidence.slug);
  // A slug in display order ("jane-doe" for Jane Doe) rules out a family name first.
  const displayOrder = givenLast === 0 && evidence.slug !== null && slugSpells(displayed, evidence.slug);
  const labelled = labelledSplit(words, evidence.labels, !displayOrder);
  if (labelled !== null) return labelled;
  return givenLast > 0 ? splitWords(words, givenLast, true) : displayed;
}
