/**
 * The sites' selector tables against the fixture corpus (issue 14 item 9): a selector nobody
 * exercises fails the suite. For each alternative of lib/content/sites/linkedin.ts and lib/content/sites/instagram.ts:
 * - its line names the fixture(s) that exercise it, and each named fixture exists and matches it;
 * - it is matched by at least one fixture page of its site.
 * And every fixture page on disk has exactly one entry, with its expected result, in the table that
 * tests/unit/scrapers.test.ts asserts page by page.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SELECTORS as INSTAGRAM_SELECTORS } from '../../lib/content/sites/instagram';
import { SELECTORS as LINKEDIN_SELECTORS } from '../../lib/content/sites/linkedin';
import { SELECTORS as LINKEDIN_SEARCH_SELECTORS } from '../../lib/content/sites/linkedin-search';
import { fixturePages, readFixture } from '../fixtures/pages';
import { parseHtml } from '../support/dom';

const sites = [
  ['linkedin', LINKEDIN_SELECTORS, 'lib/content/sites/linkedin.ts'],
  ['instagram', INSTAGRAM_SELECTORS, 'lib/content/sites/instagram.ts'],
  // The people-search sensor (issue 13): its pages live with LinkedIn's.
  ['linkedin', LINKEDIN_SEARCH_SELECTORS, 'lib/content/sites/linkedin-search.ts'],
] as const;

interface TableLine {
  selector: string;
  fixtures: string[];
}

/** The alternatives as written in the source, one per line, with the fixtures their comment names. */
function tableLines(path: string): TableLine[] {
  const source = readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
  const table = source.slice(source.indexOf('export const SELECTORS = {'), source.indexOf('} as const;'));
  return table
    .split('\n')
    .flatMap((line) => {
      const match = /^\s+'((?:[^'\\]|\\.)+)', \/\/ (.*)$/u.exec(line);
      if (match === null) return [];
      const fixtures = [...(match[2] ?? '').matchAll(/([\w-]+\.html)/gu)].map((found) => found[1] ?? '');
      return [{ selector: match[1] ?? '', fixtures }];
    });
}

const documents = new Map<string, Document>();
function fixtureDocument(file: string): Document {
  let document = documents.get(file);
  if (document === undefined) {
    document = parseHtml(readFixture(file));
    documents.set(file, document);
  }
  return document;
}

describe.each(sites)('%s selector table', (site, selectors, path) => {
  const lines = tableLines(path);
  const alternatives = Object.values(selectors).flat();
  const pages = readdirSync(new URL(`../fixtures/${site}/`, import.meta.url)).filter((name) => name.endsWith('.html'));

  it('every alternative of the table is on a line of its own, with a comment', () => {
    expect(lines.map((line) => line.selector).toSorted()).toEqual([...alternatives].toSorted());
  });

  it.each(lines.map((line) => [line.selector, line] as const))('%s: the fixtures its line names exist and match it', (_selector, line) => {
    expect(line.fixtures.length, 'the line names no fixture').toBeGreaterThan(0);
    for (const fixture of line.fixtures) {
      const file = `${site}/${fixture}`;
      expect(existsSync(new URL(`../fixtures/${file}`, import.meta.url)), `${file} does not exist`).toBe(true);
      expect(fixtureDocument(file).querySelector(line.selector), `${file} does not match`).not.toBeNull();
    }
  });

  it.each(alternatives.map((selector) => [selector] as const))('%s is matched by at least one fixture', (selector) => {
    const matching = pages.filter((page) => fixtureDocument(`${site}/${page}`).querySelector(selector) !== null);
    expect(matching.length).toBeGreaterThan(0);
  });
});

describe('every fixture page has its expected result asserted', () => {
  it('each page on disk has exactly one table entry, with an expected result', () => {
    const listed = fixturePages.map((page) => page.file);
    expect(new Set(listed).size).toBe(listed.length);
    for (const [site] of sites) {
      const onDisk = readdirSync(new URL(`../fixtures/${site}/`, import.meta.url)).filter((name) => name.endsWith('.html'));
      for (const name of onDisk) {
        const entry = fixturePages.find((page) => page.file === `${site}/${name}`);
        expect(entry?.expected, `${site}/${name}`).toBeDefined();
      }
    }
  });
});
