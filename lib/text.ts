/**
 * Text normalisation required by the API contract for every string field: Unicode NFC, control,
 * zero-width and bidi-override characters removed, inner whitespace runs folded to one space, trimmed.
 */

// C0/C1 controls, zero-width characters, bidi embeddings/overrides/isolates, the BOM, and the
// interlinear annotation and object-replacement characters that pages use to smuggle content.
const INVISIBLE_OR_CONTROL =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFC]/g;
const WHITESPACE_RUN = /[\s\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+/g;

export function cleanText(input: string): string {
  return input
    .normalize('NFC')
    .replace(INVISIBLE_OR_CONTROL, '')
    .replace(WHITESPACE_RUN, ' ')
    .trim();
}

/** Cuts to at most `max` UTF-16 code units without splitting a surrogate pair, then re-trims. */
export function truncate(input: string, max: number): string {
  if (input.length <= max) return input;
  let cut = input.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut.trim();
}
