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
import { fixturePages as fixtureTable, readFixture } from '../fixtures/pages.ts';

export interface BenchPage {
  name: string;
  url: string;
  html: string;
  /** What the scraper should return, when known: `ok` plus the name, or the failure reason. */
  expected: string | null;
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

export async function largePage(): Promise<LargePage> {
  const html = largeLinkedInProfileHtml();
  const url = largeLinkedInProfileUrl;
  const expected: ScrapeResultLike = largeLinkedInProfileExpected;
  const slug = /\/in\/([^/?#]+)/.exec(url)?.[1] ?? '';
  const displayName = expected.lead ? `${expected.lead.firstName} ${expected.lead.lastName}` : null;
  return {
    name: 'large LinkedIn profile',
    source: 'tests/fixtures/large-linkedin.ts',
    url,
    html,
    expected: describeResult(expected),
    variant(index) {
      const newSlug = `bench-capture-${index}`;
      let text = html.split(slug).join(newSlug);
      if (displayName) text = text.split(displayName).join(`Bench Person${index}`);
      return { url: url.replace(slug, newSlug), html: text, profileUrl: `https://www.linkedin.com/in/${newSlug}` };
    },
  };
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
