/**
 * People search (issue 13), from the page to the leads: the sensor over each fixture search page
 * (both layouts, English, Polish and French UIs), then the worker's schema and interpreter. What is
 * proved, page by page (tests/fixtures/search-pages.ts): exactly these people are sent, in page
 * order, once each; member-id links, "LinkedIn Member" and results whose link and name disagree are
 * left to their profile; hidden results, results outside the page's own list and anything past 25
 * are never read; the page is left untouched.
 */
import { describe, expect, it } from 'vitest';
import { readLinkedInSearch } from '../../lib/content/sites/linkedin-search';
import { bulkSummary } from '../../lib/shared/bulk-summary';
import { buttonCatalogs } from '../../lib/shared/i18n/button';
import { createTranslator } from '../../lib/shared/i18n/translate';
import { MAX_SEARCH_RESULTS } from '../../lib/shared/sites/read-limits';
import { linkedInSearchReadingSchema, type LinkedInSearchReading } from '../../lib/shared/sites/reading';
import { interpretLinkedInSearch } from '../../lib/worker/sites/linkedin-search-interpret';
import { readFixture } from '../fixtures/pages';
import { allSearchFixtures } from '../fixtures/search-pages';
import { parseHtml } from '../support/dom';
import { searchResult } from '../support/readings';

const SEARCH = 'https://www.linkedin.com/search/results/people/?keywords=x';
const read = (file: string) => readLinkedInSearch(parseHtml(readFixture(file)));

describe.each(allSearchFixtures.map((fixture) => [fixture.file, fixture] as const))('%s', (file, fixture) => {
  it('gives exactly the expected people, in page order, and those left to their profile with why', () => {
    const reading = linkedInSearchReadingSchema.parse(read(file));
    expect(interpretLinkedInSearch(reading, fixture.url)).toEqual({ ok: true, people: fixture.people, fromProfile: fixture.fromProfile });
  });

  it('reads only results in sight on the page’s own list', () => {
    const names = read(file).results.map((result) => result.name);
    for (const never of [
      'Hidden Person', 'Invisible Person', 'Sidebar Person', 'Injected Person', 'Élodie Caron', 'Profil Latéral',
      // Issue 19: mutual connections named inside a result, sidebars and suggestions outside the results.
      'Olivia Brandt', 'Kenji Mori', 'Another Sidebar', 'Perfil Lateral', 'Otro Lateral', 'Suggestion Une', 'Suggestion Deux',
    ]) {
      expect(names).not.toContain(never);
    }
  });

  // A fixture with someone captured before states its summary as seen after that capture: bulk-capture.spec.ts checks it in the browser.
  if (fixture.cached === null) {
    it('says, after one click, the summary the fixture states', () => {
      const counts = { captured: fixture.people.length, alreadyCaptured: 0, queued: 0, refused: 0, notSaved: 0, fromProfile: fixture.fromProfile.length };
      expect(bulkSummary(counts, createTranslator(buttonCatalogs, 'en'))).toBe(fixture.summary);
    });
  }

  it('leaves the page untouched', () => {
    const document = parseHtml(readFixture(file));
    const before = document.documentElement.outerHTML;
    readLinkedInSearch(document);
    expect(document.documentElement.outerHTML).toBe(before);
  });
});

describe('the search sensor', () => {
  it('reads nothing on a page that is no people search (a profile, the feed)', () => {
    expect(read('linkedin/new-layout.html').results).toEqual([]);
    expect(read('linkedin/feed.html').results).toEqual([]);
  });

  it(`reads at most ${MAX_SEARCH_RESULTS} results, whatever the page holds`, () => {
    const item = (n: number) =>
      `<div role="listitem"><p><a href="https://www.linkedin.com/in/p${n}/">Person ${n}</a></p><p>Title ${n}</p></div>`;
    const page = parseHtml(
      `<div data-sdui-screen="x.SearchResultsPeople"><div role="list">${Array.from({ length: 40 }, (_, n) => item(n)).join('')}</div></div>`,
    );
    const reading = readLinkedInSearch(page);
    expect(reading.results).toHaveLength(MAX_SEARCH_RESULTS);
    expect(linkedInSearchReadingSchema.safeParse(reading).success).toBe(true);
  });
});

describe('the search reading, as the worker parses it', () => {
  const result = searchResult('A B', '/in/a-b/');

  it('refuses more than 25 results, unknown fields and unbounded strings', () => {
    expect(linkedInSearchReadingSchema.safeParse({ results: Array(MAX_SEARCH_RESULTS + 1).fill(result) }).success).toBe(false);
    expect(linkedInSearchReadingSchema.safeParse({ results: [{ ...result, profileUrl: 'x' }] }).success).toBe(false);
    expect(linkedInSearchReadingSchema.safeParse({ results: [{ ...result, name: 'x'.repeat(1001) }] }).success).toBe(false);
    expect(linkedInSearchReadingSchema.safeParse({ results: [result], site: 'linkedin' }).success).toBe(false);
  });
});

describe('the search interpreter', () => {
  const one = (overrides: Partial<Omit<LinkedInSearchReading['results'][number], 'after'>> & { after?: readonly string[] }): LinkedInSearchReading => ({
    results: [searchResult('Jane Doe', 'https://www.linkedin.com/in/jane-doe/', { ...overrides, after: [...(overrides.after ?? ['CTO'])] })],
  });
  const JANE = { profileUrl: 'https://www.linkedin.com/in/jane-doe', firstName: 'Jane', lastName: 'Doe', jobTitle: 'CTO' };

  it.each([
    ['a plain result', {}, { people: [JANE], fromProfile: [] }],
    ['a relative link with tracking', { nameHref: '/in/Jane-Doe?miniProfileUrn=urn%3Ali%3Ax&trk=y' }, { people: [JANE], fromProfile: [] }],
    ['a member-id link', { nameHref: '/in/ACoAAB12cd/' }, { people: [], fromProfile: [{ name: 'Jane Doe', reason: 'member-id', profileLink: 'https://www.linkedin.com/in/ACoAAB12cd' }] }],
    ['a member-id photo link beside a public one', { imageHref: '/in/ACoAAB12cd/' }, { people: [], fromProfile: [{ name: 'Jane Doe', reason: 'member-id', profileLink: 'https://www.linkedin.com/in/ACoAAB12cd' }] }],
    ['a member-id link to another site', { nameHref: 'https://evil.example/in/ACoAAB12cd/' }, { people: [], fromProfile: [{ name: 'Jane Doe', reason: 'member-id', profileLink: null }] }],
    [
      'a public slug that only looks like a member id in lower case',
      { nameHref: '/in/acoaa-jane/' },
      { people: [{ ...JANE, profileUrl: 'https://www.linkedin.com/in/acoaa-jane' }], fromProfile: [] },
    ],
    ['no name link', { nameHref: null }, { people: [], fromProfile: [{ name: 'Jane Doe', reason: 'no-profile-link', profileLink: null }] }],
    ['a link to another site', { nameHref: 'https://evil.example/in/jane-doe/' }, { people: [], fromProfile: [{ name: 'Jane Doe', reason: 'no-profile-link', profileLink: null }] }],
    ['LinkedIn’s own words for a name', { name: 'Membre LinkedIn' }, { people: [], fromProfile: [{ name: null, reason: 'no-name', profileLink: JANE.profileUrl }] }],
    ['no name', { name: null }, { people: [], fromProfile: [{ name: null, reason: 'no-name', profileLink: JANE.profileUrl }] }],
    ['a photo linking to someone else', { imageHref: '/in/john-roe/' }, { people: [], fromProfile: [{ name: 'Jane Doe', reason: 'mismatch', profileLink: JANE.profileUrl }] }],
    ['a photo whose alt names someone else', { imageAlt: 'John Roe' }, { people: [], fromProfile: [{ name: 'Jane Doe', reason: 'mismatch', profileLink: JANE.profileUrl }] }],
    ['a photo whose alt is the name, otherwise spaced', { imageAlt: '  jane   DOE ' }, { people: [JANE], fromProfile: [] }],
    ['a headline that is LinkedIn’s own sentence', { after: ['Something went wrong'] }, { people: [{ ...JANE, jobTitle: null }], fromProfile: [] }],
    ['the connection degree before the headline', { after: ['• 2nd', 'CTO'] }, { people: [JANE], fromProfile: [] }],
    ['a photo whose alt adds LinkedIn’s open-to-work words', { imageAlt: 'Jane Doe, #OPEN_TO_WORK' }, { people: [JANE], fromProfile: [] }],
    ['a photo whose alt only starts like the name', { imageAlt: 'Jane Doerr' }, { people: [], fromProfile: [{ name: 'Jane Doe', reason: 'mismatch', profileLink: JANE.profileUrl }] }],
  ] as const)('%s', (_case, overrides, expected) => {
    expect(interpretLinkedInSearch(one(overrides), SEARCH)).toEqual({ ok: true, ...expected });
  });

  it('sends a person listed twice once', () => {
    const reading = one({});
    const twice = { results: [...reading.results, { ...reading.results[0]!, nameHref: '/in/jane-doe?trk=x' }] };
    expect(interpretLinkedInSearch(twice, SEARCH)).toEqual({ ok: true, people: [JANE], fromProfile: [] });
  });

  it('refuses any tab that is not a people search, whatever the reading', () => {
    for (const address of [
      'https://www.linkedin.com/in/jane-doe/',
      'https://www.linkedin.com/search/results/companies/?keywords=x',
      'https://www.linkedin.com/feed/',
      'https://evil.example/search/results/people/',
      'http://www.linkedin.com/search/results/people/?keywords=x',
    ]) {
      expect(interpretLinkedInSearch(one({}), address), address).toEqual({ ok: false, reason: 'not-a-search' });
    }
  });
});
