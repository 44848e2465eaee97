/**
 * The pages the benchmarks load: the large LinkedIn profile (tests/fixtures/large-linkedin.ts) and
 * the fixture corpus (tests/fixtures/pages.ts), the same pages the tests use.
 *
 * Run by node: no TS-only syntax.
 */
import {
  largeLinkedInProfileExpected,
  largeLinkedInProfileHtml,
  largeLinkedInProfileUrl,
} from '../fixtures/large-linkedin.ts';
import {
  EXPERIENCE_DELAY_MS,
  largeLinkedIn2026Expected,
  largeLinkedIn2026Html,
  largeLinkedIn2026Url,
} from '../fixtures/large-linkedin-2026.ts';
import { fixturePages as fixtureTable, readFixture } from '../fixtures/pages.ts';

export interface BenchPage {
  name: string;
  url: string;
  html: string;
  /** What the scraper should return, when known: `ok` plus the name, or the failure reason. */
  expected: string | null;
  /** A selector the page's own script renders late: read it only once that is in the document. */
  renderedLate?: { selector: string; afterMs: number };
}

export interface LargePage extends BenchPage {
  source: string;
  /** The same page for another person: a different slug and display name, everything else equal. */
  variant(index: number): { url: string; html: string; profileUrl: string };
}

interface ScrapeResultLike {
  ok: boolean;
  reason?: string;
  lead?: { firstName: string; lastName: string; jobTitle: string | null; profileUrl: string };
}

export function describeResult(result: ScrapeResultLike): string {
  if (result.ok && result.lead) return `ok: ${result.lead.firstName} ${result.lead.lastName} / ${result.lead.jobTitle ?? '-'}`;
  return `failed: ${result.reason ?? '?'}`;
}

/** A large page whose `variant(i)` is the same page for another person (slug and name replaced). */
function withVariants(
  page: BenchPage & { source: string },
  lead: { firstName: string; lastName: string } | null,
): LargePage {
  const slug = /\/in\/([^/?#]+)/.exec(page.url)?.[1] ?? '';
  const displayName = lead ? `${lead.firstName} ${lead.lastName}` : null;
  return {
    ...page,
    variant(index) {
      const newSlug = `bench-capture-${index}`;
      let text = page.html.split(slug).join(newSlug);
      if (displayName) text = text.split(displayName).join(`Bench Person${index}`);
      return { url: page.url.replace(slug, newSlug), html: text, profileUrl: `https://www.linkedin.com/in/${newSlug}` };
    },
  };
}

/** Today's large profile (the artdeco layout still served to many reps). */
export async function largePage(): Promise<LargePage> {
  const expected: ScrapeResultLike = largeLinkedInProfileExpected;
  return withVariants(
    {
      name: 'large LinkedIn profile',
      source: 'tests/fixtures/large-linkedin.ts',
      url: largeLinkedInProfileUrl,
      html: largeLinkedInProfileHtml(),
      expected: describeResult(expected),
    },
    expected.lead ?? null,
  );
}

/** The large profile in the 2026 layout: no h1, hashed classes, Experience rendered 1 s late. */
export async function largePage2026(): Promise<LargePage> {
  return withVariants(
    {
      name: 'large LinkedIn profile, 2026 layout',
      source: 'tests/fixtures/large-linkedin-2026.ts',
      url: largeLinkedIn2026Url,
      html: largeLinkedIn2026Html(),
      expected: describeResult({ ok: true, lead: largeLinkedIn2026Expected }),
      renderedLate: { selector: '[componentkey$="ExperienceTopLevelSection"]', afterMs: EXPERIENCE_DELAY_MS },
    },
    largeLinkedIn2026Expected,
  );
}

/** Every fixture page with the address it is shown at. */
export async function fixturePages(): Promise<BenchPage[]> {
  return fixtureTable.map((page) => ({
    name: page.file,
    url: page.url,
    html: readFixture(page.file),
    expected: describeResult(page.expected),
  }));
}
