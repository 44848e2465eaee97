/**
 * The current position in a LinkedIn Experience section, in any UI language (issue 19 point 3), from
 * the lines the sensor read (lib/content/sites/dom.ts seenLines): pure, DOM-free.
 *
 * Experience is the section LinkedIn marks so, else the section titled so in the UI language. A role
 * is found by structure: its date line ("Jan 2024 - Present · 2 yrs", "2021年4月 - 現在",
 * "<time>Apr 2023</time> - Present") and the lines that share an element with it before it, the
 * first of which is the role's title. The current role is the first whose date range has one end:
 * a single date, or a range ending in the UI language's word for "present". A company with several
 * roles nests them: each role's own lines, so its first nested role is found the same way.
 */
import { cleanText } from '../../shared/text';
import type { LinkedInReading, SeenLine } from '../../shared/sites/reading';
import { jobTitleOf } from './linkedin-text';

/** "Experience" as LinkedIn titles the section, lower-case, in the UI languages we know. */
const EXPERIENCE_TITLES: ReadonlySet<string> = new Set([
  'experience', 'expérience', 'berufserfahrung', 'erfahrung', 'experiencia', 'experiência', 'esperienza',
  'ervaring', 'werkervaring', 'doświadczenie', 'deneyim', 'erfarenhet', '職歴', '経歴', '工作经历', '经历', '경력',
]);

/**
 * The end of a range that has not ended, in the UI languages we know: en, fr, de, es, pt, it, nl,
 * pl, tr, sv, ja, zh, ko.
 */
const PRESENT =
  /(?:present|aujourd['’]hui|heute|actualidad|presente|o momento|atual|oggi|heden|obecnie|halen|günümüz|şu an|nu|pågående|現在|至今|现在|目前|현재)\.?$/iu;
const YEARS = /(?:^|\D)((?:19|20)\d\d)(?=\D|$)/gu;
/** Between the two ends of a range: a dash, a tilde, "to"/"bis"/"à" spelled out is not needed (LinkedIn writes a dash). */
const RANGE = /\s[-–—~〜～]\s|[-–—~〜～]/u;

interface DateLine {
  /** The range has one end: the role is current. */
  open: boolean;
}

/** A role's date line, or null: a year and a range ("2019 - 2023") or the word for present. */
function dateLine(text: string): DateLine | null {
  // The duration after the dot ("· 2 yrs 3 mos") is no date.
  const [range = ''] = cleanText(text).split(/\s[·•]\s/u);
  const years = [...range.matchAll(YEARS)].length;
  if (years === 0) return null;
  const present = PRESENT.test(range);
  if (!present && !RANGE.test(range)) return null;
  return { open: present || years === 1 };
}

/** The Experience section: the one LinkedIn marks, else the first titled so; null when the page shows none. */
export function experienceOf(sections: LinkedInReading['experience']): SeenLine[] | null {
  const marked = sections.find((section) => section.marked);
  if (marked !== undefined) return marked.lines;
  const titled = sections.find((section) => EXPERIENCE_TITLES.has(cleanText(section.lines[0]?.text ?? '').toLowerCase()));
  return titled?.lines ?? null;
}

const within = (line: SeenLine, element: number) => line.path.includes(element);

/**
 * The lines of the role whose date line is `index`: those sharing the innermost element around it
 * that holds a line before it. At the section's own level, the lines since the previous date line.
 */
function roleLines(lines: readonly SeenLine[], index: number): SeenLine[] {
  const line = lines[index];
  if (line === undefined) return [];
  for (let depth = line.path.length - 1; depth >= 0; depth -= 1) {
    const element: number = line.path[depth] ?? -1;
    const role: SeenLine[] = lines.filter((other) => within(other, element));
    if (role[0] !== line) return role;
  }
  let start = index;
  while (start > 1 && dateLine(lines[start - 1]?.text ?? '') === null) start -= 1;
  return lines.slice(start, index + 1);
}

/**
 * The title of the current role; null when Experience is not shown, no role is current, or the
 * role's title line is its company ("Acme" over "Acme · Full-time").
 */
export function currentPosition(sections: LinkedInReading['experience']): string | null {
  const lines = experienceOf(sections);
  if (lines === null) return null;
  // Line 0 is the section's title. Where the page shows no date at all (the public profile's
  // current positions), the first role is the latest.
  if (!lines.some((line) => dateLine(line.text) !== null)) return titleOf(lines.slice(1, 3));
  for (let index = 1; index < lines.length; index += 1) {
    const date = dateLine(lines[index]?.text ?? '');
    if (date === null || !date.open) continue;
    const role = roleLines(lines, index);
    return role[0] === lines[index] ? null : titleOf(role.slice(0, role.indexOf(lines[index]!)));
  }
  return null;
}

/** A role's title: its first line, unless that line is its company ("Acme" over "Acme · Full-time"). */
function titleOf(lines: readonly SeenLine[]): string | null {
  const [titleLine, nextLine] = lines;
  if (titleLine === undefined) return null;
  const title = jobTitleOf(titleLine.text);
  const company = nextLine === undefined ? null : cleanText(nextLine.text).split(' · ')[0];
  return title !== null && title === company ? null : title;
}
