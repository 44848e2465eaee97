import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { leadPayloadSchema, type Source } from '../../lib/shared/contract';
import { instagram } from '../../lib/content/sites/instagram';
import { linkedin } from '../../lib/content/sites/linkedin';
import { interpretLinkedIn } from '../../lib/worker/sites/linkedin-interpret';
import { currentPosition } from '../../lib/worker/sites/linkedin-experience';
import type { SeenLine } from '../../lib/shared/sites/reading';
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
import { linkedInCard, linkedInReading } from '../support/readings';
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
      // Nothing ties the title's name to this address, nor to another: found, unconfirmed (issue 19), for Enter details.
      'a title that names a profile, with no head address to vouch for it',
      page('<main></main>', '<title>Alice Martin | LinkedIn</title>'),
      { ok: false, reason: 'name-unconfirmed', found: { firstName: 'Alice', lastName: 'Martin', jobTitle: null } },
    ],
    [
      'a title that is not a profile title',
      page('<main></main>', '<title>Feed | LinkedIn</title><meta property="og:url" content="https://www.linkedin.com/in/jane-doe/">'),
      { ok: false, reason: 'name-not-found', found: { firstName: '', lastName: '', jobTitle: null } },
    ],
    [
      // The head lags behind the move; the card's name and the address bar's slug agree (issue 19).
      'og:url left on the feed after moving to a profile',
      page(topCard('Jane Doe'), '<meta property="og:url" content="https://www.linkedin.com/feed/">'),
      { ok: true, lead: { firstName: 'Jane', lastName: 'Doe', jobTitle: 'Head of Growth', profileUrl: 'https://www.linkedin.com/in/jane-doe' } },
    ],
    [
      'og:url left on another profile after moving to this one',
      page(topCard('Jane Doe'), '<meta property="og:url" content="https://www.linkedin.com/in/alice-martin/">'),
      { ok: true, lead: { firstName: 'Jane', lastName: 'Doe', jobTitle: 'Head of Growth', profileUrl: 'https://www.linkedin.com/in/jane-doe' } },
    ],
    [
      // Neither the slug nor a link ties the card's name here, and the head names another profile.
      'og:url and title left on another profile, a card that nothing ties here',
      page(topCard('John Roe'), '<title>Alice Martin | LinkedIn</title><meta property="og:url" content="https://www.linkedin.com/in/alice-martin/">'),
      { ok: false, reason: 'name-unconfirmed', found: { firstName: 'John', lastName: 'Roe', jobTitle: 'Head of Growth' } },
    ],
    [
      'a card whose links name another profile only: the page has not caught up',
      page(topCard('Alice Martin', '<a href="/in/alice-martin/overlay/contact-info/">Contact info</a>')),
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
    const name = `<a href="/in/jane-doe/"><h1>${'A'.repeat(60_000)} ${'B'.repeat(60_000)}</h1></a>`;
    const result = scrape('linkedin', page(`<main><section>${name}<div>Head of Growth</div></section></main>`), url);
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
  const OWN = '/in/lakshmi-priya-raghunathan/overlay/contact-info/';
  /** Her card, linking to her profile, with a headline, and her title: two places that agree, tied here. */
  const card = (fields: Parameters<typeof linkedInCard>[1] = {}, name = 'Lakshmi Priya Raghunathan') =>
    linkedInCard(name, { links: [OWN], after: ['Data platforms'], ...fields });
  const reading = (fields: Parameters<typeof linkedInReading>[0] = {}) =>
    linkedInReading({ cards: [card()], titles: ['Lakshmi Priya Raghunathan | LinkedIn'], ...fields });
  const lead = (firstName: string, lastName: string, jobTitle: string | null = 'Data platforms'): ScrapeResult => ({
    ok: true,
    lead: { firstName, lastName, jobTitle, profileUrl },
  });
  const unconfirmed = (firstName: string, lastName: string, jobTitle: string | null = 'Data platforms'): ScrapeResult => ({
    ok: false,
    reason: 'name-unconfirmed',
    found: { firstName, lastName, jobTitle },
  });
  const stale: ScrapeResult = { ok: false, reason: 'stale-page', found: { firstName: '', lastName: '', jobTitle: null } };
  // An address whose slug spells nothing of the name, so that the slug confirms nothing.
  const opaque = 'https://www.linkedin.com/in/lpr-4b7c/';
  const opaqueLead = (firstName: string, lastName: string, jobTitle: string | null = 'Data platforms'): ScrapeResult => ({
    ok: true,
    lead: { firstName, lastName, jobTitle, profileUrl: 'https://www.linkedin.com/in/lpr-4b7c' },
  });
  const OPAQUE_OWN = '/in/lpr-4b7c/overlay/contact-info/';

  describe('a name needs two places that agree, tied to the address bar, or one tied on its own', () => {
    it.each<[string, LinkedInReading, string, ScrapeResult]>([
      ['the card (linking here) and the title agree', reading(), url, lead('Lakshmi', 'Priya Raghunathan')],
      [
        'the card alone, linking here, its name read nowhere else: unconfirmed, offered for Enter details',
        reading({ titles: [], cards: [card({ links: [OPAQUE_OWN] })] }),
        opaque,
        unconfirmed('Lakshmi', 'Priya Raghunathan'),
      ],
      [
        'the card and the title agree, but nothing ties either to the address bar',
        reading({ cards: [card({ links: [] })] }),
        opaque,
        unconfirmed('Lakshmi', 'Priya Raghunathan'),
      ],
      [
        'the name inside a link to this profile: tied on its own',
        reading({ titles: [], cards: [card({ nameLink: '/in/lpr-4b7c/', links: ['/in/lpr-4b7c/'] })] }),
        opaque,
        opaqueLead('Lakshmi', 'Priya Raghunathan'),
      ],
      [
        'a link to a page under this profile (its Experience details) ties no name',
        reading({ titles: [], cards: [card({ nameLink: '/in/lpr-4b7c/details/experience/', links: ['/in/lpr-4b7c/details/experience/'] })] }),
        opaque,
        unconfirmed('Lakshmi', 'Priya Raghunathan'),
      ],
      [
        'the title of a page whose head names this profile: tied on its own',
        reading({ cards: [], headUrls: ['https://in.linkedin.com/in/lpr-4b7c'] }),
        opaque,
        opaqueLead('Lakshmi', 'Priya Raghunathan', null),
      ],
      [
        'the address bar’s slug spells the card’s name: two places, tied here',
        reading({ titles: [], cards: [card({ links: [] })] }),
        url,
        lead('Lakshmi', 'Priya Raghunathan'),
      ],
      [
        'the photo’s text confirms the card, LinkedIn’s open-to-work words after the name',
        reading({ titles: [], cards: [card({ links: [OPAQUE_OWN], photos: ['Lakshmi Priya Raghunathan, #OPEN_TO_WORK'] })] }),
        opaque,
        opaqueLead('Lakshmi', 'Priya Raghunathan'),
      ],
      [
        'a control’s accessible name confirms the card, in any UI language',
        reading({ titles: [], cards: [card({ links: [OPAQUE_OWN], labels: ['Weitere Aktionen für Lakshmi Priya Raghunathan'] })] }),
        opaque,
        opaqueLead('Lakshmi', 'Priya Raghunathan'),
      ],
      [
        'a photo text that only starts like the name confirms nothing',
        reading({ titles: [], cards: [card({ links: [OPAQUE_OWN], photos: ['Lakshmi Priya Raghunathanova'] })] }),
        opaque,
        unconfirmed('Lakshmi', 'Priya Raghunathan'),
      ],
      [
        'emoji and credentials aside: "✨ Lakshmi Priya Raghunathan, PhD" agrees with the title',
        reading({ cards: [card({ links: [OPAQUE_OWN] }, '✨ Lakshmi Priya Raghunathan, PhD')] }),
        opaque,
        opaqueLead('Lakshmi', 'Priya Raghunathan'),
      ],
      [
        'another person’s card first (in a link to her profile, her own labels and photo agreeing): never her',
        reading({
          cards: [
            linkedInCard('Olivia Brandt', { nameLink: '/in/olivia-brandt-77/', links: ['/in/olivia-brandt-77/'], labels: ['More actions for Olivia Brandt'], photos: ['Olivia Brandt'], after: ['Recruiter'] }),
            card(),
          ],
        }),
        url,
        lead('Lakshmi', 'Priya Raghunathan'),
      ],
      [
        'another person’s card with no link, her labels and photo agreeing: nothing ties her here',
        reading({
          titles: [],
          cards: [linkedInCard('Olivia Brandt', { labels: ['More actions for Olivia Brandt'], photos: ['Olivia Brandt'], after: ['Recruiter'] })],
        }),
        opaque,
        unconfirmed('Olivia', 'Brandt', 'Recruiter'),
      ],
      [
        'two names accepted alike (the card and the title disagree, both tied here): no guess',
        reading({ cards: [card({ nameLink: '/in/lpr-4b7c/', links: ['/in/lpr-4b7c/'] })], titles: ['Olivia Brandt | LinkedIn'], headUrls: ['https://www.linkedin.com/in/lpr-4b7c/'] }),
        opaque,
        unconfirmed('Lakshmi', 'Priya Raghunathan'),
      ],
    ])('%s', (_case, input, address, expected) => {
      expect(interpretLinkedIn(input, address)).toEqual(expected);
    });
  });

  describe('never a person the page does not tie to the address bar', () => {
    it.each<[string, LinkedInReading]>([
      ['a card whose name links to another profile', reading({ titles: [], cards: [card({ nameLink: '/in/olivia-brandt-77/', links: ['/in/olivia-brandt-77/'] }, 'Olivia Brandt')] })],
      ['a card whose own links name another profile only', reading({ titles: [], cards: [card({ links: ['/in/olivia-brandt-77/overlay/contact-info/'] }, 'Olivia Brandt')] })],
      ['a title whose head names another profile', reading({ cards: [], titles: ['Olivia Brandt | LinkedIn'], headUrls: ['https://www.linkedin.com/in/olivia-brandt-77/'] })],
      ['data about another slug', reading({ cards: [], titles: [], stated: { firstName: 'Olivia', lastName: 'Brandt', publicIdentifier: 'olivia-brandt-77' } })],
    ])('%s: stale, nothing found', (_case, input) => {
      expect(interpretLinkedIn(input, url)).toEqual(stale);
    });
  });

  describe('the first name', () => {
    it.each<[string, LinkedInReading, string, ScrapeResult]>([
      ['without a stated split: display order, the first word', reading(), url, lead('Lakshmi', 'Priya Raghunathan')],
      [
        'the page’s own split (public profile meta tags), when it is the words shown',
        reading({ stated: { firstName: 'Lakshmi Priya', lastName: 'Raghunathan', publicIdentifier: null } }),
        url,
        lead('Lakshmi Priya', 'Raghunathan'),
      ],
      [
        'a stated split of another name (a head that lags behind a move) is not used',
        reading({ stated: { firstName: 'Olivia', lastName: 'Brandt', publicIdentifier: null } }),
        url,
        lead('Lakshmi', 'Priya Raghunathan'),
      ],
      [
        'structured data about another slug is not used, even with the same name',
        reading({ stated: { firstName: 'Lakshmi Priya', lastName: 'Raghunathan', publicIdentifier: 'someone-else' } }),
        url,
        lead('Lakshmi', 'Priya Raghunathan'),
      ],
      [
        'structured data tied to this slug, whatever its case',
        reading({ stated: { firstName: 'Lakshmi Priya', lastName: 'Raghunathan', publicIdentifier: 'Lakshmi-Priya-Raghunathan' } }),
        url,
        lead('Lakshmi Priya', 'Raghunathan'),
      ],
      [
        'a control that names her by her first name alone ("View Lakshmi Priya’s verifications")',
        reading({ cards: [card({ labels: ['More actions for Lakshmi Priya Raghunathan', 'View Lakshmi Priya’s verifications'] })] }),
        url,
        lead('Lakshmi Priya', 'Raghunathan'),
      ],
      [
        'a name shown family name first, the slug given name first',
        reading({ cards: [card({ links: ['/in/eszter-nagy-b2a41/'] }, 'Nagy Eszter')], titles: ['Nagy Eszter | LinkedIn'] }),
        'https://www.linkedin.com/in/eszter-nagy-b2a41/',
        { ok: true, lead: { firstName: 'Eszter', lastName: 'Nagy', jobTitle: 'Data platforms', profileUrl: 'https://www.linkedin.com/in/eszter-nagy-b2a41' } },
      ],
    ])('%s', (_case, input, address, expected) => {
      expect(interpretLinkedIn(input, address)).toEqual(expected);
    });
  });

  describe('what the page shows when nobody is accepted', () => {
    it.each<[string, LinkedInReading, ScrapeResult]>([
      ['a sign-in form in sight and nobody', linkedInReading({ signIn: true, titles: ['LinkedIn Login, Sign in | LinkedIn'] }), { ok: false, reason: 'logged-out', found: null }],
      ['a sign-in form in sight beside a person: a profile', reading({ signIn: true }), lead('Lakshmi', 'Priya Raghunathan')],
      ['"Profile Not Found", whatever its head names', linkedInReading({ titles: ['Profile Not Found | LinkedIn'], headUrls: [url] }), { ok: false, reason: 'not-found', found: null }],
      ['"Profil introuvable" as the page’s heading', linkedInReading({ cards: [linkedInCard('Profil introuvable')] }), { ok: false, reason: 'not-found', found: null }],
      [
        'a name that is LinkedIn’s own words: nothing found, the headline offered',
        linkedInReading({ cards: [linkedInCard('LinkedIn Member', { links: [OWN], after: ['Head of Growth'] })] }),
        { ok: false, reason: 'name-not-found', found: { firstName: '', lastName: '', jobTitle: 'Head of Growth' } },
      ],
    ])('%s', (_case, input, expected) => {
      expect(interpretLinkedIn(input, url)).toEqual(expected);
    });
  });

  describe('the headline', () => {
    it.each<[string, string[], string | null]>([
      ['the connection degree and pronouns beside the name are never the headline', ['· 1.', 'she/her', '3rd+', '• 2e', '· 2촌', 'Data platforms'], 'Data platforms'],
      ['the sign-in dialog’s text is never the headline', ['Sign in to view Lakshmi’s full profile Sign in Welcome back Email or phone Password', 'Data platforms'], 'Data platforms'],
      ['a page heading or a sentence of the UI, and nothing else: no title', ['Experience', 'Identifiez-vous pour voir le profil complet de Lakshmi'], null],
      ['a headline that only mentions sign-in words is a headline', ['Passwordless sign-in at Tailspin Toys'], 'Passwordless sign-in at Tailspin Toys'],
    ])('%s', (_case, after, jobTitle) => {
      expect(interpretLinkedIn(reading({ cards: [card({ after })] }), url)).toEqual(lead('Lakshmi', 'Priya Raghunathan', jobTitle));
    });
  });
});

/**
 * Lines as the sensor reads them (lib/content/sites/dom.ts Sight.lines), from an outline: each array
 * is an element around the lines it holds.
 */
type Outline = Array<string | Outline>;
function linesOf(outline: Outline): SeenLine[] {
  const lines: SeenLine[] = [];
  let id = 0;
  const visit = (items: Outline, path: number[]) => {
    for (const item of items) {
      if (typeof item === 'string') lines.push({ text: item, path });
      else visit(item, [...path, (id += 1)]);
    }
  };
  visit(outline, []);
  return lines;
}

describe('the current position, in any UI language (worker side, no DOM)', () => {
  const section = (outline: Outline, marked = false) => ({ marked, lines: linesOf(outline) });

  it.each<[string, string, string, string]>([
    ['en', 'Experience', 'Jan 2022 - Present · 4 yrs', 'Jun 2016 - Dec 2021 · 5 yrs 7 mos'],
    ['fr', 'Expérience', 'janv. 2022 - aujourd’hui · 4 ans', 'juin 2016 - déc. 2021 · 5 ans 7 mois'],
    ['de', 'Berufserfahrung', 'Jan. 2022 – heute · 4 J.', 'Juni 2016 – Dez. 2021 · 5 J. 7 Mon.'],
    ['es', 'Experiencia', 'ene. 2022 - actualidad · 4 años', 'jun. 2016 - dic. 2021 · 5 años 7 meses'],
    ['pt', 'Experiência', 'jan. de 2022 - o momento · 4 anos', 'jun. de 2016 - dez. de 2021 · 5 anos 7 meses'],
    ['it', 'Esperienza', 'gen 2022 - Presente · 4 anni', 'giu 2016 - dic 2021 · 5 anni 7 mesi'],
    ['nl', 'Ervaring', 'jan. 2022 - heden · 4 jr', 'jun. 2016 - dec. 2021 · 5 jr 7 mnd'],
    ['pl', 'Doświadczenie', 'sty 2022 - obecnie · 4 lata', 'cze 2016 - gru 2021 · 5 lat 7 mies.'],
    ['tr', 'Deneyim', 'Oca 2022 - Halen · 4 yıl', 'Haz 2016 - Ara 2021 · 5 yıl 7 ay'],
    ['sv', 'Erfarenhet', 'jan. 2022 – nu · 4 år', 'juni 2016 – dec. 2021 · 5 år 7 mån'],
    ['ja', '職歴', '2022年1月 - 現在 · 4年', '2016年6月 - 2021年12月 · 5年7か月'],
    ['zh', '工作经历', '2022年1月 - 至今 · 4年', '2016年6月 - 2021年12月 · 5年7个月'],
    ['ko', '경력', '2022년 1월 - 현재 · 4년', '2016년 6월 - 2021년 12월 · 5년 7개월'],
  ])('%s: the role whose range ends in the word for "present", listed after an ended one', (_language, title, current, ended) => {
    const experience = [section([title, [['Ended role', 'Acme', ended], ['Current role', 'Contoso', current, 'Somewhere']]])];
    expect(currentPosition(experience)).toBe('Current role');
  });

  it.each<[string, Outline, string | null]>([
    ['a range with one date is current (the public profile’s "<time>Apr 2023</time> - …")', ['Experience', [['Head of Research', 'Contoso', 'Apr 2023 - 2 years']]], 'Head of Research'],
    ['every role ended: none', ['Experience', [['Designer', 'Acme', '2019 - 2025']]], null],
    [
      'a company with several roles: its first nested role, never the company',
      ['Experience', [[['Acme', 'Full-time · 6 yrs'], [['Regional VP', 'Jan 2022 - Present'], ['Account Executive', '2018 - 2021']]]]],
      'Regional VP',
    ],
    ['no date anywhere (the public profile’s current positions): the first role', ['Experience', [['Senior Recruiter', 'Shopify']]], 'Senior Recruiter'],
    ['a role whose title line is its company: none', ['Experience', [['Acme', 'Acme · Full-time', 'Jan 2022 - Present']]], null],
    ['an error sentence in the title slot: none', ['Experience', [['Something went wrong. Please try again.', 'Jan 2022 - Present']]], null],
  ])('%s', (_case, outline, expected) => {
    expect(currentPosition([section(outline)])).toBe(expected);
  });

  it('finds Experience by its title when nothing marks it, and prefers the marked one', () => {
    const education = section(['Education', [['Chalmers', '2010 – 2015']]]);
    const activity = section(['Activity', [['Posted 2024 - a year in review']]]);
    const experience = section(['Erfarenhet', [['Produktchef', 'jan. 2022 – nu']]]);
    expect(currentPosition([education, activity, experience])).toBe('Produktchef');
    expect(currentPosition([education, activity])).toBeNull();
    expect(currentPosition([experience, section(['Whatever', [['Marked role', '2024 - Present']]], true)])).toBe('Marked role');
  });

  it('a job title read from Experience is preferred to the headline', () => {
    const read = linkedInReading({
      cards: [linkedInCard('Jane Doe', { links: ['/in/jane-doe/'], after: ['Headline'] })],
      titles: ['Jane Doe | LinkedIn'],
      experience: [section(['Experience', [['Current role', '2024 - Present']]])],
    });
    expect(interpretLinkedIn(read, 'https://www.linkedin.com/in/jane-doe/')).toMatchObject({ ok: true, lead: { jobTitle: 'Current role' } });
  });
});
