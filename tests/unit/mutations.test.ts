/**
 * Issue 19 point 6: every LinkedIn fixture, mutated into layouts LinkedIn has not shipped yet
 * (tests/support/mutations.ts), alone and combined. For each, the capture is exactly the fixture's
 * expected lead (right), or a truthful refusal that sends nothing (refused), never another person,
 * another title or an untrue refusal (wrong). The people search pages likewise: every person sent is
 * one the page lists, exactly; fewer is a refusal, anyone else is wrong.
 *
 * The table (mutation × fixture) is written to docs/mutation-table.md; the test fails when it
 * differs from the committed one (`npx vitest run tests/unit/mutations.test.ts -u` rewrites it).
 */
import { describe, expect, it } from 'vitest';
import { readLinkedInSearch } from '../../lib/content/sites/linkedin-search';
import { interpretLinkedInSearch, type SearchPerson } from '../../lib/worker/sites/linkedin-search-interpret';
import type { ReadFailure, ScrapeResult } from '../../lib/shared/sites/types';
import { linkedinPages, readFixture, type FixturePage } from '../fixtures/pages';
import { allSearchFixtures, type SearchFixture } from '../fixtures/search-pages';
import { parseHtmlWithSimpleStyles } from '../support/dom';
import { ALL_MUTATIONS, type Mutation, type MutationContext } from '../support/mutations';
import { scrape } from '../support/scrape';

type Verdict = 'right' | 'refused' | 'wrong';

/** Refusals that claim nothing untrue of a page that shows a profile: the name could not be confirmed, or the page is another profile's. */
const TRUTHFUL_ON_A_PROFILE: ReadonlySet<ReadFailure> = new Set(['name-unconfirmed', 'name-not-found', 'stale-page']);

function slugOf(url: string): string | null {
  const [section, slug] = new URL(url).pathname.split('/').filter(Boolean);
  return section === 'in' && slug !== undefined ? slug : null;
}

function profileVerdict(expected: ScrapeResult, actual: ScrapeResult): Verdict {
  if (expected.ok) {
    if (actual.ok) return JSON.stringify(actual.lead) === JSON.stringify(expected.lead) ? 'right' : 'wrong';
    return TRUTHFUL_ON_A_PROFILE.has(actual.reason) ? 'refused' : 'wrong';
  }
  if (actual.ok) return 'wrong';
  return actual.reason === expected.reason ? 'right' : 'refused';
}

function searchVerdict(expected: SearchPerson[], actual: SearchPerson[]): Verdict {
  const key = (person: SearchPerson) => JSON.stringify(person);
  const allowed = new Set(expected.map(key));
  if (actual.some((person) => !allowed.has(key(person)))) return 'wrong';
  return actual.length === expected.length ? 'right' : 'refused';
}

const profilePages = linkedinPages.filter((page) => slugOf(page.url) !== null);

function contextOf(page: FixturePage): MutationContext {
  const shown = page.expected.ok ? `${page.expected.lead.firstName} ${page.expected.lead.lastName}`.trim() : null;
  return { slug: slugOf(page.url), shownName: shown, people: [] };
}

interface Cell {
  file: string;
  verdict: Verdict;
  detail: string;
}

/**
 * What a mutated page must give. The fixture's lead, except where the mutation takes away the only
 * place that said something: without its head, a public profile no longer states its first/last
 * split, and the rule is then display order (the same words, split after the first).
 */
function expectedUnder(page: FixturePage, mutation: Mutation | null, document: Document): ScrapeResult {
  const { expected } = page;
  const statedInHead = document.querySelector('meta[property="profile:first_name"]') !== null;
  if (!expected.ok || mutation?.removesHead !== true || !statedInHead) return expected;
  const [firstName = '', ...rest] = `${expected.lead.firstName} ${expected.lead.lastName}`.split(' ');
  return { ok: true, lead: { ...expected.lead, firstName, lastName: rest.join(' ') } };
}

function runProfile(page: FixturePage, mutation: Mutation | null): Cell {
  const document = parseHtmlWithSimpleStyles(readFixture(page.file));
  const expected = expectedUnder(page, mutation, document);
  mutation?.apply(document, contextOf(page));
  const actual = scrape('linkedin', document, page.url);
  const verdict = profileVerdict(expected, actual);
  const detail = actual.ok ? `${actual.lead.firstName} / ${actual.lead.lastName} / ${actual.lead.jobTitle}` : actual.reason;
  return { file: page.file, verdict, detail };
}

function runSearch(fixture: SearchFixture, mutation: Mutation | null): Cell {
  const document = parseHtmlWithSimpleStyles(readFixture(fixture.file));
  mutation?.apply(document, { slug: null, shownName: null, people: fixture.people.map((person) => person.profileUrl.split('/in/')[1] ?? '') });
  const read = interpretLinkedInSearch(readLinkedInSearch(document), fixture.url);
  const people = read.ok ? read.people : [];
  return { file: fixture.file, verdict: searchVerdict(fixture.people, people), detail: people.map((person) => person.profileUrl.split('/in/')[1]).join(', ') };
}

const SYMBOL: Record<Verdict, string> = { right: '✓', refused: '·', wrong: '✗' };

function table(title: string, files: string[], rows: Array<{ mutation: Mutation; cells: Cell[] }>): string {
  const header = `| mutation | ${files.map((file) => file.replace(/^linkedin\//u, '').replace(/\.html$/u, '')).join(' | ')} | right | refused | wrong |`;
  const lines = rows.map(({ mutation, cells }) => {
    const count = (verdict: Verdict) => cells.filter((cell) => cell.verdict === verdict).length;
    return `| ${mutation.name} | ${cells.map((cell) => SYMBOL[cell.verdict]).join(' | ')} | ${count('right')} | ${count('refused')} | ${count('wrong')} |`;
  });
  const totals = (verdict: Verdict) => rows.reduce((sum, row) => sum + row.cells.filter((cell) => cell.verdict === verdict).length, 0);
  const cellCount = rows.length * files.length;
  return [
    `### ${title}`,
    '',
    `${files.length} fixtures × ${rows.length} mutations = ${cellCount} captures: **${totals('right')} right, ${totals('refused')} refused, ${totals('wrong')} wrong**.`,
    '',
    header,
    `|---|${files.map(() => ':-:').join('|')}|--:|--:|--:|`,
    ...lines,
    '',
  ].join('\n');
}

const profileRows = ALL_MUTATIONS.map((mutation) => ({ mutation, cells: profilePages.map((page) => runProfile(page, mutation)) }));
const searchRows = ALL_MUTATIONS.map((mutation) => ({ mutation, cells: allSearchFixtures.map((fixture) => runSearch(fixture, mutation)) }));

describe('mutated LinkedIn pages', () => {
  it.each(profilePages.map((page) => [page.file, page] as const))('%s unmutated reads as its fixture table says', (_file, page) => {
    expect(runProfile(page, null).verdict).toBe('right');
  });

  it.each(profileRows.map((row) => [row.mutation.name, row] as const))('%s: no profile names another person', (_name, row) => {
    expect(row.cells.filter((cell) => cell.verdict === 'wrong').map((cell) => `${cell.file}: ${cell.detail}`)).toEqual([]);
  });

  it.each(searchRows.map((row) => [row.mutation.name, row] as const))('%s: no search result sends another person', (_name, row) => {
    expect(row.cells.filter((cell) => cell.verdict === 'wrong').map((cell) => `${cell.file}: ${cell.detail}`)).toEqual([]);
  });

  it('the table in docs/mutation-table.md is this run’s', async () => {
    const legend = ALL_MUTATIONS.map((mutation) => `- **${mutation.name}**: ${mutation.what}`).join('\n');
    const markdown = [
      '# Mutation table',
      '',
      'Written by `tests/unit/mutations.test.ts` (issue 19): every LinkedIn fixture page, mutated into a layout LinkedIn has',
      'not shipped yet, read by the sensor and interpreted by the worker as the extension does. ✓ the exact lead (or the',
      'same refusal) as unmutated; · a truthful refusal, nothing sent ("Enter details"); ✗ another person, another title',
      'or an untrue refusal. Rewrite with `npx vitest run tests/unit/mutations.test.ts -u`.',
      '',
      table('Profiles', profilePages.map((page) => page.file), profileRows),
      table('People search (every person sent is one the page lists, exactly; · fewer)', allSearchFixtures.map((fixture) => fixture.file), searchRows),
      '### The mutations',
      '',
      legend,
      '',
    ].join('\n');
    await expect(markdown).toMatchFileSnapshot('../../docs/mutation-table.md');
  });
});
