import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { leadPayloadSchema, type Source } from '../../lib/shared/contract';
import { instagram } from '../../lib/content/sites/instagram';
import { linkedin } from '../../lib/content/sites/linkedin';
import { interpretLinkedIn } from '../../lib/worker/sites/linkedin-interpret';
import type { LinkedInReading, ScrapeResult } from '../../lib/shared/sites/types';
import {
  largeLinkedInProfileExpected,
  largeLinkedInProfileHtml,
  largeLinkedInProfileUrl,
} from '../fixtures/large-linkedin';
import {
  fixturePages,
  instagramPages,
  instagramSpaNavigation,
  linkedinPages,
  readFixture,
  spaNavigation,
  type FixturePage,
  type SpaNavigation,
} from '../fixtures/pages';
import { parseHtml } from '../support/dom';
import { scrape } from '../support/scrape';

function sourceOf(page: FixturePage): Source {
  return page.file.startsWith('linkedin/') ? 'linkedin' : 'instagram';
}

function scrapeFixture(page: FixturePage): ScrapeResult {
  return scrape(sourceOf(page), parseHtml(readFixture(page.file)), page.url);
}

describe('scrapers over the fixture corpus', () => {
  it.each(fixturePages.map((page) => [page.file, page] as const))('%s', (_file, page) => {
    expect(scrapeFixture(page)).toEqual(page.expected);
  });

  it.each(fixturePages.filter((page) => page.expected.ok).map((page) => [page.file, page] as const))(
    '%s: the lead is a valid API payload',
    (_file, page) => {
      const result = scrapeFixture(page);
      if (!result.ok) throw new Error(`expected a lead, got ${result.reason}`);
      const payload = { source: sourceOf(page), ...result.lead, capturedAt: '2026-11-23T09:41:07.512Z' };
      expect(leadPayloadSchema.safeParse(payload).success).toBe(true);
    },
  );

  it.each(fixturePages.map((page) => [page.file, page] as const))('%s: the page is left untouched', (_file, page) => {
    const document = parseHtml(readFixture(page.file));
    const before = document.documentElement.outerHTML;
    scrape(sourceOf(page), document, page.url);
    expect(document.documentElement.outerHTML).toBe(before);
  });
});

describe('the fixture corpus itself', () => {
  const fixturesDir = new URL('../fixtures/', import.meta.url);

  it.each(['linkedin', 'instagram'])('lists every %s page on disk, and only those', (site) => {
    const onDisk = readdirSync(new URL(`${site}/`, fixturesDir)).filter((name) => name.endsWith('.html'));
    const listed = fixturePages.filter((page) => page.file.startsWith(`${site}/`)).map((page) => page.file);
    expect(listed.toSorted()).toEqual(onDisk.map((name) => `${site}/${name}`).toSorted());
  });

  it('has the breadth the scrapers are held to', () => {
    expect(linkedinPages.length).toBeGreaterThanOrEqual(12);
    expect(instagramPages.length).toBeGreaterThanOrEqual(8);
    const reasons = new Set(fixturePages.map((page) => (page.expected.ok ? 'ok' : page.expected.reason)));
    expect([...reasons].toSorted()).toEqual(['logged-out', 'not-a-profile', 'not-found', 'ok', 'stale-page']);
  });

  // The pages are served by end-to-end tests at the real addresses: a remote resource would be
  // fetched from the live site (or fail), and a script would run on it.
  it.each(fixturePages.map((page) => [page.file] as const))('%s loads nothing from outside', (file) => {
    const html = readFixture(file);
    expect(html).not.toMatch(/<script\b/iu);
    expect(html).not.toMatch(/<(?:img|iframe|video|audio|source|embed)\b[^>]*\bsrc="(?!data:)/iu);
    expect(html).not.toMatch(/<link\b[^>]*\brel="(?:stylesheet|preload|icon|prefetch|modulepreload)"/iu);
    expect(html).not.toMatch(/url\((?!["']?data:)|@import/iu);
  });
});

describe('selector tables', () => {
  // refined-github's habit: every alternative says which layout it serves and when to re-check it.
  it.each(['lib/content/sites/linkedin.ts', 'lib/content/sites/instagram.ts'])('%s: every selector line has a layout and a review date', (path) => {
    const source = readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
    const table = source.slice(source.indexOf('const SELECTORS = {'), source.indexOf('} as const;'));
    const selectorLines = table.split('\n').filter((line) => /^\s+'[^']+',/u.test(line));
    expect(selectorLines.length).toBeGreaterThan(5);
    for (const line of selectorLines) expect(line).toMatch(/\/\/ .+\. Review by \d{4}-\d{2}-\d{2}\.$/u);
  });
});

function runInPage(navigation: SpaNavigation, document: Document): void {
  // The script is written for a browser page; here it gets the parsed document and a history that
  // only records where it was sent.
  const pushed: string[] = [];
  const history = { pushState: (_state: unknown, _title: string, path: string) => void pushed.push(path) };
  new Function('document', 'history', navigation.script)(document, history);
  expect(pushed).toEqual([navigation.nextPath]);
}

describe.each([
  ['LinkedIn', spaNavigation, 'linkedin'],
  ['Instagram', instagramSpaNavigation, 'instagram'],
] as const)('%s in-app navigation', (_site, navigation, source) => {
  it('reads the start profile', () => {
    const start = fixturePages.find((page) => page.file === navigation.startFile);
    const document = parseHtml(readFixture(navigation.startFile));
    expect(scrape(source, document, navigation.startUrl)).toEqual(start?.expected);
  });

  it('refuses while the page still shows the start profile under the new address', () => {
    const document = parseHtml(readFixture(navigation.startFile));
    expect(scrape(source, document, navigation.nextUrl)).toEqual({ ok: false, reason: 'stale-page', found: { firstName: '', lastName: '', jobTitle: null } });
  });

  it('reads the new profile once it is rendered, though the head still names the start profile', () => {
    const document = parseHtml(readFixture(navigation.startFile));
    const headBefore = document.head.outerHTML;
    runInPage(navigation, document);
    expect(document.head.outerHTML).toBe(headBefore);
    const result = scrape(source, document, navigation.nextUrl);
    expect(result).toEqual(navigation.expectedAfter);
    if (result.ok) {
      expect(`${result.lead.firstName} ${result.lead.lastName}`).toBe(navigation.nextName);
      expect(result.lead.jobTitle).toBe(navigation.nextHeadline);
    }
  });
});

describe('a large LinkedIn profile', () => {
  const html = largeLinkedInProfileHtml();

  it('is as big as the benchmarks need, and the same on every call', { timeout: 30_000 }, () => {
    expect(new TextEncoder().encode(html).length).toBeGreaterThanOrEqual(1_000_000);
    expect(parseHtml(html).querySelectorAll('*').length).toBeGreaterThanOrEqual(15_000);
    expect(largeLinkedInProfileHtml()).toBe(html);
  });

  // happy-dom takes seconds to parse and query 28,000 elements on a shared machine; the speed
  // that matters is measured in Chromium by the bench (tests/bench/scrape.ts).
  it('scrapes to the expected lead', { timeout: 30_000 }, () => {
    expect(scrape('linkedin', parseHtml(html), largeLinkedInProfileUrl)).toEqual(largeLinkedInProfileExpected);
  });
});

/** A minimal page around `body`, with an optional head. */
function page(body: string, head = ''): Document {
  return parseHtml(`<!DOCTYPE html><html><head>${head}</head><body>${body}</body></html>`);
}

describe('LinkedIn edge cases', () => {
  const url = 'https://www.linkedin.com/in/jane-doe/';
  const topCard = (name: string, extra = '') =>
    `<main><section><h1>${name}</h1><div>Head of Growth</div>${extra}</section></main>`;

  it.each<[string, Document, ScrapeResult]>([
    ['an empty page', page(''), { ok: false, reason: 'name-not-found', found: { firstName: '', lastName: '', jobTitle: null } }],
    // What was read prefills "Enter details": the headline is there, the name is not.
    ['"LinkedIn Member", the hidden name', page(topCard('LinkedIn Member')), { ok: false, reason: 'name-not-found', found: { firstName: '', lastName: '', jobTitle: 'Head of Growth' } }],
    ['an emoji-only name', page(topCard('🚀✨')), { ok: false, reason: 'name-not-found', found: { firstName: '', lastName: '', jobTitle: 'Head of Growth' } }],
    [
      // Nothing ties the title's name to this address, but no other profile is named either (issue 14.5).
      'a title that names a profile, with no head address to vouch for it',
      page('<main></main>', '<title>Alice Martin | LinkedIn</title>'),
      { ok: false, reason: 'name-not-found', found: { firstName: '', lastName: '', jobTitle: null } },
    ],
    [
      'a title that is not a profile title',
      page('<main></main>', '<title>Feed | LinkedIn</title><meta property="og:url" content="https://www.linkedin.com/in/jane-doe/">'),
      { ok: false, reason: 'name-not-found', found: { firstName: '', lastName: '', jobTitle: null } },
    ],
    [
      // The head still describes the feed: the card is not vouched for, yet no other profile is shown.
      'og:url left on the feed after moving to a profile',
      page(topCard('Jane Doe'), '<meta property="og:url" content="https://www.linkedin.com/feed/">'),
      { ok: false, reason: 'name-not-found', found: { firstName: '', lastName: '', jobTitle: null } },
    ],
    [
      'og:url left on another profile after moving to this one',
      page(topCard('Jane Doe'), '<meta property="og:url" content="https://www.linkedin.com/in/alice-martin/">'),
      { ok: false, reason: 'stale-page', found: { firstName: '', lastName: '', jobTitle: null } },
    ],
    [
      'an own link on another LinkedIn host',
      page(topCard('Jane Doe', '<a href="https://fr.linkedin.com/in/Jane-Doe/overlay/contact-info/">Coordonnées</a>')),
      { ok: true, lead: { firstName: 'Jane', lastName: 'Doe', jobTitle: 'Head of Growth', profileUrl: 'https://www.linkedin.com/in/jane-doe' } },
    ],
    [
      'an error page’s heading is no name',
      page('<main><section><h1>Something went wrong</h1></section></main>', '<title>LinkedIn</title>'),
      { ok: false, reason: 'name-not-found', found: { firstName: '', lastName: '', jobTitle: null } },
    ],
    [
      'a sign-in sentence shown after the name, outside any dialog, is not the headline',
      page('<main><section><h1>Jane Doe</h1><div>Sign in to view Jane’s full profile</div><div>Head of Growth</div></section></main>'),
      { ok: true, lead: { firstName: 'Jane', lastName: 'Doe', jobTitle: 'Head of Growth', profileUrl: 'https://www.linkedin.com/in/jane-doe' } },
    ],
    [
      'a company line in the title slot of the first position',
      page(
        `${topCard('Jane Doe')}<section><div id="experience"></div><ul><li><span aria-hidden="true">Acme</span><span aria-hidden="true">Acme · Full-time</span></li></ul></section>`,
      ),
      { ok: true, lead: { firstName: 'Jane', lastName: 'Doe', jobTitle: 'Head of Growth', profileUrl: 'https://www.linkedin.com/in/jane-doe' } },
    ],
  ])('%s', (_case, document, expected) => {
    expect(scrape('linkedin', document, url)).toEqual(expected);
  });

  it('reads a 100 KB name only as far as it needs, within the contract limits', () => {
    const result = scrape('linkedin', page(topCard(`${'A'.repeat(60_000)} ${'B'.repeat(60_000)}`)), url);
    expect(result).toEqual({
      ok: true,
      lead: { firstName: 'A'.repeat(100), lastName: '', jobTitle: 'Head of Growth', profileUrl: 'https://www.linkedin.com/in/jane-doe' },
    });
  });
});

describe('Instagram edge cases', () => {
  const url = 'https://www.instagram.com/jane/';

  it.each<[string, Document, ScrapeResult]>([
    ['an empty page', page(''), { ok: false, reason: 'name-not-found', found: { firstName: '', lastName: '', jobTitle: null } }],
    [
      'a title naming another user only',
      page('', '<title>Bob (@bob) • Instagram photos and videos</title>'),
      { ok: false, reason: 'stale-page', found: { firstName: '', lastName: '', jobTitle: null } },
    ],
    [
      'an og:title naming this user when the title lags',
      page('', '<title>Bob (@bob) • Instagram photos and videos</title><meta property="og:title" content="Jane Doe (@jane) • Instagram photos and videos">'),
      { ok: true, lead: { firstName: 'Jane', lastName: 'Doe', jobTitle: null, profileUrl: 'https://www.instagram.com/jane' } },
    ],
    [
      'a header whose username is missing but whose own links name this user',
      page('<main><header><section><ul><li><a href="/jane/followers/">10 followers</a></li></ul><div><span dir="auto" class="x1s688f">Jane Doe</span></div></section></header></main>'),
      { ok: true, lead: { firstName: 'Jane', lastName: 'Doe', jobTitle: null, profileUrl: 'https://www.instagram.com/jane' } },
    ],
    [
      'a display name equal to the username is no display name',
      page('<main><header><section><h2>jane</h2><div><span dir="auto" class="x1s688f">jane</span></div></section></header></main>'),
      { ok: true, lead: { firstName: 'jane', lastName: '', jobTitle: null, profileUrl: 'https://www.instagram.com/jane' } },
    ],
  ])('%s', (_case, document, expected) => {
    expect(scrape('instagram', document, url)).toEqual(expected);
  });
});

describe('sensors', () => {
  it.each([
    ['linkedin', linkedin],
    ['instagram', instagram],
  ] as const)('%s: says which site it reads, and its reading names that site', (source, sensor) => {
    expect(sensor.source).toBe(source);
    expect(sensor.read(page(''), 'https://www.linkedin.com/in/jane/').site).toBe(source);
  });
});

describe('LinkedIn interpretation of a reading (worker side, no DOM)', () => {
  const url = 'https://www.linkedin.com/in/lakshmi-priya-raghunathan/';
  const profileUrl = 'https://www.linkedin.com/in/lakshmi-priya-raghunathan';
  const reading = (overrides: Partial<LinkedInReading> = {}): LinkedInReading => ({
    site: 'linkedin',
    authWall: false,
    signInForm: false,
    notFound: false,
    cards: [{ name: 'Lakshmi Priya Raghunathan', headlines: ['Data platforms'], selfLinks: [] }],
    styledName: null,
    mainSelfLinks: [],
    stated: null,
    position: null,
    headUrls: [],
    title: '',
    ...overrides,
  });
  const split = (firstName: string, lastName: string, jobTitle: string | null = 'Data platforms'): ScrapeResult => ({
    ok: true,
    lead: { firstName, lastName, jobTitle, profileUrl },
  });

  it.each<[string, LinkedInReading, ScrapeResult]>([
    ['without a stated split: first word, then the rest', reading(), split('Lakshmi', 'Priya Raghunathan')],
    [
      'the page’s own split, when it is the name shown',
      reading({ stated: { firstName: 'Lakshmi Priya', lastName: 'Raghunathan', publicIdentifier: null } }),
      split('Lakshmi Priya', 'Raghunathan'),
    ],
    [
      'a stated split of another name (a head that lags behind a move) is not used',
      reading({ stated: { firstName: 'Olivia', lastName: 'Brandt', publicIdentifier: null } }),
      split('Lakshmi', 'Priya Raghunathan'),
    ],
    [
      'structured data about another slug is not used, even with the same name',
      reading({ stated: { firstName: 'Lakshmi Priya', lastName: 'Raghunathan', publicIdentifier: 'someone-else' } }),
      split('Lakshmi', 'Priya Raghunathan'),
    ],
    [
      'structured data tied to this slug, whatever its case',
      reading({ stated: { firstName: 'Lakshmi Priya', lastName: 'Raghunathan', publicIdentifier: 'Lakshmi-Priya-Raghunathan' } }),
      split('Lakshmi Priya', 'Raghunathan'),
    ],
    [
      'the connection degree and pronouns beside the name are never the headline',
      reading({ cards: [{ name: 'Lakshmi Priya Raghunathan', headlines: ['· 1.', 'she/her', '3rd+', 'Data platforms'], selfLinks: [] }] }),
      split('Lakshmi', 'Priya Raghunathan'),
    ],
    [
      'the current position over the headline; a company in the title slot is none',
      reading({ position: { title: 'Tailspin Toys', nextLine: 'Tailspin Toys · Full-time' } }),
      split('Lakshmi', 'Priya Raghunathan'),
    ],
    [
      'a card whose own link names another slug is stale, whatever else agrees',
      reading({ cards: [{ name: 'Lakshmi Priya Raghunathan', headlines: [], selfLinks: ['/in/lakshmi-priya-raghunathan/', '/in/olivia-brandt-77/overlay/contact-info/'] }] }),
      { ok: false, reason: 'stale-page', found: { firstName: '', lastName: '', jobTitle: null } },
    ],
    [
      '"Profile Not Found" is refused as such, whatever its head names',
      reading({ notFound: true, headUrls: [url] }),
      { ok: false, reason: 'not-found', found: null },
    ],
    [
      'the sign-in dialog’s text is never the headline, whichever block it came from',
      reading({ cards: [{ name: 'Lakshmi Priya Raghunathan', headlines: ['Sign in to view Lakshmi’s full profile Sign in Welcome back Email or phone Password', 'Data platforms'], selfLinks: [] }] }),
      split('Lakshmi', 'Priya Raghunathan'),
    ],
    [
      'an error sentence in the position’s title slot gives way to the headline',
      reading({ position: { title: 'Something went wrong. Please try again.', nextLine: null } }),
      split('Lakshmi', 'Priya Raghunathan'),
    ],
    [
      'a page heading or a sentence of the UI, and nothing else: no title',
      reading({ cards: [{ name: 'Lakshmi Priya Raghunathan', headlines: ['Experience', 'Identifiez-vous pour voir le profil complet de Lakshmi'], selfLinks: [] }] }),
      split('Lakshmi', 'Priya Raghunathan', null),
    ],
    [
      'a headline that only mentions sign-in words is a headline',
      reading({ cards: [{ name: 'Lakshmi Priya Raghunathan', headlines: ['Passwordless sign-in at Tailspin Toys'], selfLinks: [] }] }),
      split('Lakshmi', 'Priya Raghunathan', 'Passwordless sign-in at Tailspin Toys'),
    ],
    [
      'the authwall, even beside a card',
      reading({ authWall: true }),
      { ok: false, reason: 'logged-out', found: null },
    ],
  ])('%s', (_case, input, expected) => {
    expect(interpretLinkedIn(input, url)).toEqual(expected);
  });
});
