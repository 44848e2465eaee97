/**
 * The sensors' page reading helpers (lib/content/sites/dom.ts) and the bounded-work rule they serve: a
 * hostile page of 10,000 sections costs the LinkedIn sensor no more whole-page searches than a
 * profile does (the time those searches take in Chromium is the bench's scrape figure).
 */
import { describe, expect, it, vi } from 'vitest';
import { anyMatch, firstInPage, firstMatches } from '../../lib/content/sites/dom';
import { linkedin } from '../../lib/content/sites/linkedin';
import { readLinkedInSearch } from '../../lib/content/sites/linkedin-search';
import { readHostilePage } from '../fixtures/hostile/pages';
import { parseHtml } from '../support/dom';

describe('firstInPage', () => {
  const page = parseHtml('<main><p id="a" class="x"></p><section id="b" data-k="y"><span id="c" class="x"></span></section></main>');

  it('is the first in page order of each alternative\'s first match, whatever the order of the alternatives', () => {
    expect(firstInPage(page, ['[data-k="y"]', '.x'])?.id).toBe('a');
    expect(firstInPage(page, ['.x', '[data-k="y"]'])?.id).toBe('a');
    expect(firstInPage(page, ['#c', '[data-k="y"]'])?.id).toBe('b');
    expect(firstInPage(page, ['#none', '.none'])).toBeNull();
  });
});

describe('anyMatch', () => {
  const page = parseHtml('<main><section data-section="experience"><p id="x">x</p></section><form class="f"></form></main>');

  it('finds each alternative alone, in both forms of the selector', () => {
    for (const selectors of [['form.f', '#nothing'], ['#nothing', 'section[data-section="experience"]'], ['main #x', 'form.none'], ['form.none', 'main > form']]) {
      expect(anyMatch(page, selectors), selectors.join(' | ')).toBe(true);
    }
  });

  it('finds nothing where no alternative is', () => {
    expect(anyMatch(page, ['form.none', '#nothing'])).toBe(false);
    expect(anyMatch(page, ['main form.none', '#nothing'])).toBe(false);
  });
});

describe('firstMatches', () => {
  const page = parseHtml(
    '<section id="a"></section><main><section id="b"><section id="c"></section></section><div><section id="d"></section></div></main><main><section id="e"></section></main>',
  );
  const ids = (elements: Element[]) => elements.map((element) => element.id);

  it('finds what querySelectorAll finds, in page order, up to max', () => {
    for (const selector of ['main section', 'section', 'main > section', 'div section']) {
      expect(ids(firstMatches(page, selector, 10)), selector).toEqual(ids([...page.querySelectorAll(selector)]));
    }
    expect(ids(firstMatches(page, 'main section', 2))).toEqual(['b', 'c']);
  });

  it('inside an element, keeps matches whose ancestor is outside it, as a browser\'s querySelectorAll does', () => {
    // (happy-dom's own querySelectorAll looks for the ancestor inside the element only.)
    const outer = page.querySelector('#b');
    if (outer === null) throw new Error('the page has #b');
    expect(ids(firstMatches(outer, 'main section', 10))).toEqual(['c']);
  });
});

describe('the LinkedIn sensor on 10,000 sections before the top card', () => {
  /** The selectors of every whole-page or whole-main search one read makes. */
  function searchesOf(html: string, url: string): string[] {
    const document = parseHtml(html);
    const main = document.querySelector('main');
    if (main === null) throw new Error('the page has a main');
    const searched: string[] = [];
    for (const scope of [document, main] as ParentNode[]) {
      const querySelector = scope.querySelector.bind(scope) as (selector: string) => Element | null;
      const querySelectorAll = scope.querySelectorAll.bind(scope) as (selector: string) => NodeListOf<Element>;
      // Finding main itself stops at the first element of the body: it walks nothing.
      const record = (selector: string) => (selector === 'main' ? undefined : searched.push(selector));
      vi.spyOn(scope, 'querySelector').mockImplementation((selector: string) => (record(selector), querySelector(selector)));
      vi.spyOn(scope, 'querySelectorAll').mockImplementation((selector: string) => (record(selector), querySelectorAll(selector)));
    }
    expect(linkedin.read(document, url)).toMatchObject({ site: 'linkedin', cards: [{ name: 'Jane Doe' }] });
    return searched;
  }

  it('searches the whole page no more often than for the same profile without the 10,000 sections', () => {
    const hostile = readHostilePage('sections-10000.html');
    const url = 'https://www.linkedin.com/in/jane-doe-sections-10000/';
    // The same page with the sections taken out: what a plain profile costs.
    const plain = hostile.replace(/(<section><h1>About<\/h1><\/section>){100,}/u, '');
    expect(plain.length).toBeLessThan(hostile.length / 2);
    const searches = searchesOf(hostile, url);
    expect(searches).toEqual(searchesOf(plain, url));
    // One search per selector alternative the read needs, none per element.
    expect(searches.length).toBeLessThan(20);
  });
});

describe('the people-search sensor on a list of 1,000 results', () => {
  it('reads 25 of them, with one whole-page search and none per result', () => {
    const item = (n: number) => `<div role="listitem"><p><a href="/in/p${n}/">Person ${n}</a></p><p>Title</p></div>`;
    const document = parseHtml(
      `<main><div data-sdui-screen="x.SearchResultsPeople"><div role="list">${Array.from({ length: 1000 }, (_, n) => item(n)).join('')}</div></div></main>`,
    );
    const searched: string[] = [];
    const querySelector = document.querySelector.bind(document) as (selector: string) => Element | null;
    const querySelectorAll = document.querySelectorAll.bind(document) as (selector: string) => NodeListOf<Element>;
    vi.spyOn(document, 'querySelector').mockImplementation((selector: string) => (searched.push(selector), querySelector(selector)));
    vi.spyOn(document, 'querySelectorAll').mockImplementation((selector: string) => (searched.push(selector), querySelectorAll(selector)));
    expect(readLinkedInSearch(document).results).toHaveLength(25);
    // (happy-dom's own computed-style lookups, for checkVisibility, search for style sheets.)
    expect(searched.filter((selector) => selector !== 'style,link[rel="stylesheet"]')).toEqual(['[data-sdui-screen$=".SearchResultsPeople"] [role="list"]']);
  });
});
