/**
 * The sensors' page reading helpers (lib/content/sites/dom.ts) and the bounded-work rule they serve: a
 * hostile page of 10,000 sections costs the LinkedIn sensor no more whole-page searches than a
 * profile does (the time those searches take in Chromium is the bench's scrape figure).
 */
import { describe, expect, it, vi } from 'vitest';
import { anyMatch, createSight, firstInPage, firstMatches } from '../../lib/content/sites/dom';
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

  it('keeps only what `keep` accepts, and looks at no more than 8 matches per one it may return', () => {
    expect(ids(firstMatches(page, 'section', 2, (element) => element.id !== 'b'))).toEqual(['a', 'c']);
    const many = parseHtml(`<main>${'<p></p>'.repeat(100)}<p id="late"></p></main>`);
    let asked = 0;
    expect(firstMatches(many, 'p', 1, (element) => ((asked += 1), element.id === 'late'))).toEqual([]);
    expect(asked).toBe(8);
  });
});

/** What a person sees of `html`'s first `#x`, as a sensor reads it (happy-dom computes the styles, it lays out nothing). */
function seen(html: string, styles = ''): string {
  const page = parseHtml(`<html><head><style>${styles}</style></head><body>${html}</body></html>`);
  return createSight().text(page.querySelector('#x'));
}

describe('only what a person can see (issue 21)', () => {
  const HIDDEN_COPY = '.vh{position:absolute!important;width:1px!important;height:1px!important;overflow:hidden!important;clip:rect(0 0 0 0)!important}';

  it.each<[string, string, string, string?]>([
    ['text drawn at font-size 0 inside the name', '<h1 id="x">Jane <span style="font-size:0">HYPERLINK</span> Doe</h1>', 'Jane  Doe'],
    ['text at font-size 0 by a style sheet', '<h1 id="x">Jane <span class="z">HYPERLINK</span>Doe</h1>', 'Jane Doe', '.z{font-size:0}'],
    ['transparent text', '<h1 id="x">Jane <span style="color:transparent">HYPERLINK</span>Doe</h1>', 'Jane Doe'],
    ['text of no colour (rgba with alpha 0)', '<h1 id="x">Jane <span style="color:rgba(0,0,0,0)">HYPERLINK</span>Doe</h1>', 'Jane Doe'],
    ['a screen-reader copy clipped away, whatever its class', '<h1 id="x">Jane Doe<span class="k9f2">View Jane’s profile</span></h1>', 'Jane Doe', HIDDEN_COPY.replace('.vh', '.k9f2')],
    ['a clip-path that shows nothing', '<h1 id="x">Jane Doe<span style="clip-path:inset(50%)">HYPERLINK</span></h1>', 'Jane Doe'],
    ['no box (display: none)', '<h1 id="x">Jane Doe<span style="display:none">HYPERLINK</span></h1>', 'Jane Doe'],
    ['fully transparent (opacity: 0)', '<h1 id="x">Jane Doe<span style="opacity:0">HYPERLINK</span></h1>', 'Jane Doe'],
    ['invisible, but a child made visible again is seen', '<h1 id="x">Jane <span style="visibility:hidden">HYPER<b style="visibility:visible">Doe</b></span></h1>', 'Jane Doe'],
    ['hidden, in a dialog, or LinkedIn’s visually-hidden class', '<h1 id="x">Jane Doe<span hidden>A</span><span role="dialog">B</span><span class="visually-hidden">C</span></h1>', 'Jane Doe'],
    ['a zero-size child inside text sized again', '<h1 id="x">Jane <span style="font-size:0">X<b style="font-size:16px">Doe</b></span></h1>', 'Jane Doe'],
  ])('%s', (_case, html, expected, styles) => {
    expect(seen(html, styles).replace(/\s+/gu, ' ')).toBe(expected.replace(/\s+/gu, ' '));
  });

  it.each<[string, string, string?]>([
    ['an element with no box', '<div style="display:none"><h1 id="x">Jane Doe</h1></div>'],
    ['an element inside a transparent one', '<div style="opacity:0"><h1 id="x">Jane Doe</h1></div>'],
    ['an element inside a clipped one', '<div class="vh"><h1 id="x">Jane Doe</h1></div>', HIDDEN_COPY],
    ['an element inside a dialog', '<div role="dialog" aria-modal="true"><h1 id="x">Jane Doe</h1></div>'],
  ])('nothing of %s', (_case, html, styles) => {
    expect(seen(html, styles)).toBe('');
  });

  it('the LinkedIn sensor sends the name as seen: "HYPERLINK" at font-size 0 inside the heading is not sent', () => {
    const page = parseHtml(
      '<html><head><title>Jane Doe | LinkedIn</title></head><body><main><section><a href="/in/jane-doe/"><h2>Jane <span style="font-size:0">HYPERLINK</span>Doe</h2></a><p>Head of Growth</p></section></main></body></html>',
    );
    const reading = linkedin.read(page, 'https://www.linkedin.com/in/jane-doe/');
    expect(reading.site === 'linkedin' ? reading.cards[0]?.name : null).toBe('Jane Doe');
    expect(JSON.stringify(reading)).not.toContain('HYPERLINK');
  });
});

describe('the LinkedIn sensor on 10,000 sections before the top card', () => {
  /** The selectors of every whole-page or whole-main search one read makes. */
  function searchesOf(html: string, url: string): string[] {
    const document = parseHtml(html);
    const main = document.querySelector('main');
    if (main === null) throw new Error('the page has a main');
    const searched: string[] = [];
    for (const scope of [document, main] as Array<Document | Element>) {
      const querySelector = scope.querySelector.bind(scope) as (selector: string) => Element | null;
      const querySelectorAll = scope.querySelectorAll.bind(scope) as (selector: string) => NodeListOf<Element>;
      // Finding main itself stops at the first element of the body: it walks nothing. happy-dom's own
      // computed-style lookups search for style sheets: not the sensor's searches.
      const record = (selector: string) => (selector === 'main' || selector === 'style,link[rel="stylesheet"]' ? undefined : searched.push(selector));
      vi.spyOn(scope, 'querySelector').mockImplementation((selector: string) => (record(selector), querySelector(selector)));
      vi.spyOn(scope, 'querySelectorAll').mockImplementation((selector: string) => (record(selector), querySelectorAll(selector)));
      const byTagName = scope.getElementsByTagName.bind(scope) as (name: string) => HTMLCollectionOf<Element>;
      vi.spyOn(scope, 'getElementsByTagName').mockImplementation((name: string) => (record(name), byTagName(name)));
    }
    const reading = linkedin.read(document, url);
    expect(reading.site === 'linkedin' ? reading.cards[0] : null).toMatchObject({ name: 'Jane Doe' });
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
  it('reads 25 of them, with one whole-page search (where the results are) and none per result', () => {
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
    expect(searched.filter((selector) => selector !== 'style,link[rel="stylesheet"]')).toEqual(['main']);
  });
});
