/**
 * No HTML from data (issue 7): page data, API answers and storage never become markup or code.
 * The simplest rule that guarantees it: the product's source (lib/ and entrypoints/) uses none of
 * the sinks that parse a string as HTML or run it as code. Text goes in with textContent, setAttribute
 * of non-handler attributes, and DOM calls. There is no allow-list: a sink anywhere fails the test,
 * and a legitimate need for one would be argued in review and listed here with its reason.
 *
 * The checker is small and textual (comments are removed first, strings kept), so it is tested too:
 * each sink must be found in a snippet, and the safe idioms must not be.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const SCANNED_DIRS = ['lib', 'entrypoints'];

interface Sink {
  name: string;
  pattern: RegExp;
}

/** Sinks in script (TypeScript or JavaScript), matched on code with its comments removed. */
const SCRIPT_SINKS: readonly Sink[] = [
  { name: 'innerHTML/outerHTML assignment', pattern: /\.\s*(?:inner|outer)HTML\s*\+?=(?!=)/ },
  { name: 'innerHTML/outerHTML by name', pattern: /['"`](?:inner|outer)HTML['"`]|\b(?:inner|outer)HTML\s*:/ },
  { name: 'insertAdjacentHTML', pattern: /\binsertAdjacentHTML\b/ },
  { name: 'setHTMLUnsafe / parseHTMLUnsafe', pattern: /\b(?:setHTMLUnsafe|parseHTMLUnsafe|setHTML)\s*\(/ },
  { name: 'document.write', pattern: /\.\s*write(?:ln)?\s*\(/ },
  { name: 'createContextualFragment', pattern: /\bcreateContextualFragment\b/ },
  { name: 'DOMParser', pattern: /\bDOMParser\b|\bparseFromString\b/ },
  { name: 'srcdoc', pattern: /\bsrcdoc\b/i },
  { name: 'eval', pattern: /(?<![\w$.])eval\s*\(|\.\s*eval\s*\(|\bexecScript\b/ },
  { name: 'Function constructor', pattern: /(?<![\w$])(?:new\s+)?Function\s*\(/ },
  { name: 'setTimeout/setInterval with a string', pattern: /\bset(?:Timeout|Interval)\s*\(\s*['"`]/ },
  { name: 'dynamic import', pattern: /(?<![\w$.])import\s*\(/ },
  { name: 'javascript: URL', pattern: /javascript:/i },
  { name: 'event-handler attribute', pattern: /setAttribute(?:NS)?\s*\([^,)]*['"`]on[a-z]+['"`]|\.\s*on[a-z]+\s*=\s*['"`]/i },
  { name: 'script or iframe element', pattern: /createElement(?:NS)?\s*\([^)]*['"`](?:script|iframe|object|embed)['"`]/i },
  { name: 'programmatic script injection', pattern: /\b(?:scripting\s*\.\s*executeScript|tabs\s*\.\s*executeScript|insertCSS)\b/ },
];

/** Sinks in HTML pages: inline script, inline handlers, javascript: URLs. */
const HTML_SINKS: readonly Sink[] = [
  { name: 'inline script', pattern: /<script(?![^>]*\bsrc=)[^>]*>/i },
  { name: 'inline event handler', pattern: /<[^>]+\son[a-z]+\s*=/i },
  { name: 'javascript: URL', pattern: /javascript:/i },
  { name: 'srcdoc', pattern: /\bsrcdoc\b/i },
];

export interface Finding {
  file: string;
  line: number;
  sink: string;
  code: string;
}

/**
 * Removes // and block comments, keeping strings, template literals and regex-free code intact
 * enough for the patterns above. Line breaks are kept so findings report the right line.
 */
export function stripComments(source: string): string {
  let out = '';
  let i = 0;
  let quote: string | null = null;
  while (i < source.length) {
    const char = source[i] ?? '';
    const next = source[i + 1] ?? '';
    if (quote !== null) {
      out += char;
      if (char === '\\') {
        out += next;
        i += 2;
        continue;
      }
      // A quote in a regex literal (/["']/) opens no string: quoted strings end at the line's end.
      if (char === quote || (char === '\n' && quote !== '`')) quote = null;
      i += 1;
      continue;
    }
    if (char === '/' && next === '/') {
      while (i < source.length && source[i] !== '\n') i += 1;
      continue;
    }
    if (char === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const comment = source.slice(i, end === -1 ? source.length : end + 2);
      out += comment.replace(/[^\n]/g, ' ');
      i += comment.length;
      continue;
    }
    if (char === '"' || char === "'" || char === '`') quote = char;
    out += char;
    i += 1;
  }
  return out;
}

/** The sinks used in one file's source. */
export function findSinks(source: string, file: string): Finding[] {
  const isHtml = file.endsWith('.html');
  const code = isHtml ? source.replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ' ')) : stripComments(source);
  const sinks = isHtml ? HTML_SINKS : SCRIPT_SINKS;
  const findings: Finding[] = [];
  code.split('\n').forEach((line, index) => {
    for (const sink of sinks) {
      if (sink.pattern.test(line)) findings.push({ file, line: index + 1, sink: sink.name, code: line.trim() });
    }
  });
  return findings;
}

function productFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return walk(path);
      return /\.(?:ts|js|mjs|html)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : [];
    });
  return SCANNED_DIRS.flatMap((dir) => walk(join(ROOT, dir)));
}

describe('the product source turns no data into markup or code', () => {
  const files = productFiles();

  it('scans every script and page of lib/ and entrypoints/, content scripts and the privacy page included', () => {
    const names = files.map((file) => relative(ROOT, file));
    expect(names).toEqual(
      expect.arrayContaining([
        'lib/content/capture-button.ts',
        'lib/content/capture-controller.ts',
        'lib/content/core.ts',
        'lib/content/context.ts',
        'lib/content/sites/linkedin.ts',
        'lib/content/sites/instagram.ts',
        'lib/worker/handlers.ts',
        'entrypoints/popup/main.ts',
        'entrypoints/options/main.ts',
        'entrypoints/popup/index.html',
        'entrypoints/options/index.html',
        'entrypoints/privacy.html',
        'entrypoints/linkedin.ts',
        'lib/content/features/linkedin-profile.ts',
      ]),
    );
    expect(files.length).toBeGreaterThan(30);
  });

  it('uses none of innerHTML, outerHTML, insertAdjacentHTML, document.write, eval, new Function, string timers, DOMParser, dynamic import, javascript: URLs or inline handlers', () => {
    const findings = files.flatMap((file) => findSinks(readFileSync(file, 'utf8'), relative(ROOT, file)));
    expect(findings).toEqual([]);
  });
});

describe('the checker finds what it must (it would fail on a regression)', () => {
  it.each([
    ['innerHTML from a scraped name', 'el.innerHTML = name;', 'innerHTML/outerHTML assignment'],
    ['innerHTML appended', "detail.innerHTML += `<b>${name}</b>`;", 'innerHTML/outerHTML assignment'],
    ['outerHTML', 'host.outerHTML = markup', 'innerHTML/outerHTML assignment'],
    ['innerHTML through Object.assign', 'Object.assign(el, { innerHTML: name })', 'innerHTML/outerHTML by name'],
    ['innerHTML by computed name', "el['innerHTML'] = name", 'innerHTML/outerHTML by name'],
    ['insertAdjacentHTML', "panel.insertAdjacentHTML('beforeend', label)", 'insertAdjacentHTML'],
    ['setHTMLUnsafe', 'shadow.setHTMLUnsafe(html)', 'setHTMLUnsafe / parseHTMLUnsafe'],
    ['document.write', 'document.write(title)', 'document.write'],
    ['createContextualFragment', 'range.createContextualFragment(html)', 'createContextualFragment'],
    ['DOMParser', "new DOMParser().parseFromString(html, 'text/html')", 'DOMParser'],
    ['srcdoc', 'frame.srcdoc = page', 'srcdoc'],
    ['eval', 'const value = eval(text);', 'eval'],
    ['indirect eval', 'const value = window.eval(text);', 'eval'],
    ['new Function', "const f = new Function('x', body);", 'Function constructor'],
    ['Function called', 'Function(body)()', 'Function constructor'],
    ['setTimeout with a string', "setTimeout('capture()', 10)", 'setTimeout/setInterval with a string'],
    ['setInterval with a template', 'setInterval(`tick(${n})`, 10)', 'setTimeout/setInterval with a string'],
    ['dynamic import', "await import('https://cdn.example/x.js')", 'dynamic import'],
    ['javascript: URL', "link.href = 'javascript:void 0'", 'javascript: URL'],
    ['handler attribute', "button.setAttribute('onclick', code)", 'event-handler attribute'],
    ['handler property with a string', "button.onclick = 'capture()'", 'event-handler attribute'],
    ['script element', "document.createElement('script')", 'script or iframe element'],
    ['iframe element', 'doc.createElement("iframe")', 'script or iframe element'],
    ['scripting.executeScript', 'browser.scripting.executeScript({ target, func })', 'programmatic script injection'],
  ])('%s', (_name, snippet, sink) => {
    expect(findSinks(snippet, 'snippet.ts').map((finding) => finding.sink)).toContain(sink);
  });

  it('still sees code after a quote inside a regex literal', () => {
    expect(findSinks("const EDGE = /[\"«]/;\nel.innerHTML = name;", 'snippet.ts')).toHaveLength(1);
  });

  it('reports the file and line of a finding', () => {
    expect(findSinks('const a = 1;\n\nel.innerHTML = name;\n', 'lib/x.ts')).toEqual([
      { file: 'lib/x.ts', line: 3, sink: 'innerHTML/outerHTML assignment', code: 'el.innerHTML = name;' },
    ]);
  });

  it.each([
    ['an inline script', '<script>alert(1)</script>', 'inline script'],
    ['an inline handler', '<img src="x.png" onerror="alert(1)">', 'inline event handler'],
    ['a javascript: link', '<a href="javascript:alert(1)">x</a>', 'javascript: URL'],
  ])('finds %s in a page', (_name, snippet, sink) => {
    expect(findSinks(snippet, 'page.html').map((finding) => finding.sink)).toContain(sink);
  });

  it.each([
    ['textContent', 'label.textContent = name;'],
    ['a comparison with innerHTML', 'if (el.innerHTML === "") return;'],
    ['a comment naming a sink', '// never innerHTML = name here\n/* eval(x) is banned */'],
    ['a string with // inside', "const url = 'https://api.metrikia.io'; label.textContent = url;"],
    ['setTimeout with a function', 'setTimeout(() => capture(), 10);'],
    ['setAttribute of a safe attribute', "svg.setAttribute('viewBox', '0 0 24 24');"],
    ['a module script with src', '<script type="module" src="./main.ts"></script>'],
    ['an evaluate() call elsewhere', 'await retryPolicy.evaluateNext()'],
    ['a quote inside a regex literal, then a URL string', 'const EDGE = /["«]/;\nconst url = "https://x.io"; // eval(x)'],
  ])('does not flag %s', (_name, snippet) => {
    const file = snippet.startsWith('<') ? 'page.html' : 'snippet.ts';
    expect(findSinks(snippet, file)).toEqual([]);
  });
});
