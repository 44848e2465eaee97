/**
 * Text normalisation required by the API contract for every string field: control, zero-width and
 * bidi-override characters removed, inner whitespace runs folded to one space, trimmed, Unicode NFC.
 */
import { FORBIDDEN_CHARS, LONE_SURROGATE, WHITESPACE_RUN } from './limits';

const FORBIDDEN_GLOBAL = new RegExp(FORBIDDEN_CHARS.source, 'g');
const LONE_SURROGATE_GLOBAL = new RegExp(LONE_SURROGATE.source, 'g');

export function cleanText(input: string): string {
  // NFC last: removing a zero-width joiner between "e" and a combining accent creates a new
  // composable pair, which must be composed after the removal, not before.
  return input
    .replace(FORBIDDEN_GLOBAL, '')
    .replace(LONE_SURROGATE_GLOBAL, '')
    .replace(WHITESPACE_RUN, ' ')
    .trim()
    .normalize('NFC');
}

/** Cuts to at most `max` UTF-16 code units without splitting a surrogate pair, then re-trims. */
export function truncate(input: string, max: number): string {
  if (input.length <= max) return input;
  let cut = input.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut.trim();
}
