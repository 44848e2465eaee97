/**
 * Splits the name a profile displays into the contract's `firstName` / `lastName`.
 *
 * Display names are decorated: emoji, credentials, pronouns, nicknames, honorifics, styled letters.
 * We strip decoration and keep the name as written otherwise. In particular we never re-case:
 * "McDONALD", "DE LA CRUZ" or "van der BERG" cannot be re-cased correctly by rule, and a wrong guess
 * in a CRM is worse than the owner's own capitals.
 *
 * Order is display order: the first token is the first name, the rest the last name. We do not guess
 * name order from the script ("田中 太郎" gives firstName "田中"): the CRM shows what the profile
 * shows, and a guess would be wrong for every Chinese or Japanese profile written in Latin order.
 * A name without spaces ("王小明") stays whole in `firstName`: splitting a CJK name needs a
 * surname dictionary, and half a name is worse than an unsplit one.
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
