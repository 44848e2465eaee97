/**
 * The pages the benchmarks load: the large LinkedIn profile (tests/fixtures/large-linkedin.ts when
 * it is there, else this folder's own generator) and the fixture corpus (tests/fixtures/pages.ts
 * when it is there, else every tests/fixtures/<site>/*.html at an address read from its head).
 *
 * Run by node: no TS-only syntax.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LARGE_PROFILE, largeLinkedInProfileHtml as ownLargeHtml, largeProfileUrl } from './large-page.ts';
import { PROJECT_ROOT } from './lib.ts';

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

const FIXTURES = join(PROJECT_ROOT, 'tests', 'fixtures');

export async function largePage(): Promise<LargePage> {
  const shared = join(FIXTURES, 'large-linkedin.ts');
  if (existsSync(shared)) {
    const module = (await import(shared)) as {
      largeLinkedInProfileHtml: () => string;
      largeLinkedInProfileUrl?: string;
      largeLinkedInProfileExpected?: ScrapeResultLike;
    };
    const html = module.largeLinkedInProfileHtml();
    const url = module.largeLinkedInProfileUrl ?? headUrl(html) ?? 'https://www.linkedin.com/in/large/';
    const expected = module.largeLinkedInProfileExpected;
    const slug = /\/in\/([^/?#]+)/.exec(url)?.[1] ?? '';
    const displayName = expected?.lead ? `${expected.lead.firstName} ${expected.lead.lastName}` : null;
    return {
      name: 'large LinkedIn profile',
      source: 'tests/fixtures/large-linkedin.ts',
      url,
      html,
      expected: expected ? describeResult(expected) : null,
      variant(index) {
        const newSlug = `bench-capture-${index}`;
        let text = html.split(slug).join(newSlug);
        if (displayName) text = text.split(displayName).join(`Bench Person${index}`);
        return { url: url.replace(slug, newSlug), html: text, profileUrl: `https://www.linkedin.com/in/${newSlug}` };
      },
    };
  }
  const profile = DEFAULT_LARGE_PROFILE;
  return {
    name: 'large LinkedIn profile',
    source: 'tests/bench/large-page.ts',
    url: largeProfileUrl(profile),
    html: ownLargeHtml(profile),
    expected: null,
    variant(index) {
      const other = { ...profile, slug: `bench-capture-${index}`, name: `Bench Person${index}` };
      return { url: largeProfileUrl(other), html: ownLargeHtml(other), profileUrl: `https://www.linkedin.com/in/${other.slug}` };
    },
  };
}

/** The page's own address from its head (canonical link, then og:url). */
function headUrl(html: string): string | null {
  return (
    /<link[^>]+rel="canonical"[^>]+href="([^"]+)"/.exec(html)?.[1] ??
    /<meta[^>]+property="og:url"[^>]+content="([^"]+)"/.exec(html)?.[1] ??
    null
  );
}

/** Every fixture page with the address it is shown at. */
export async function fixturePages(): Promise<BenchPage[]> {
  const table = join(FIXTURES, 'pages.ts');
  if (existsSync(table)) {
    const module = (await import(table)) as {
      fixturePages: Array<{ file: string; url: string; expected: ScrapeResultLike }>;
      readFixture: (file: string) => string;
    };
    return module.fixturePages
      .filter((page) => existsSync(join(FIXTURES, page.file)))
      .map((page) => ({ name: page.file, url: page.url, html: module.readFixture(page.file), expected: describeResult(page.expected) }));
  }
  const pages: BenchPage[] = [];
  for (const site of ['linkedin', 'instagram']) {
    const dir = join(FIXTURES, site);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.html')).sort()) {
      const html = readFileSync(join(dir, file), 'utf8');
      const url = headUrl(html) ?? `https://www.${site}.com/${site === 'linkedin' ? 'in/' : ''}${file.replace(/\.html$/, '')}/`;
      pages.push({ name: `${site}/${file}`, url, html, expected: null });
    }
  }
  return pages;
}
