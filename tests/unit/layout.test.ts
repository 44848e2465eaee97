/**
 * lib/ is grouped by where the code runs, so a reader knows what a module may touch:
 * - lib/content/  the content scripts, in a page that is hostile and must pay close to nothing;
 * - lib/worker/   the service worker: outbox, API client, lead cache, delivery, message handlers;
 * - lib/pages/    the popup and the options page;
 * - lib/shared/   what more than one of them needs (protocol, contract, storage items, catalogs).
 * These tests hold that grouping: a content module importing the outbox would ship worker code into
 * every LinkedIn page, and a module imported only by tests is test code living in lib/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const CONTEXTS = ['content', 'worker', 'pages', 'shared'] as const;
type Context = (typeof CONTEXTS)[number];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(?:ts|css)$/u.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every import of `file` that names a file of the project, type-only ones included, as root-relative paths. */
function projectImports(file: string): string[] {
  const source = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = [
    ...source.matchAll(/^\s*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gmu),
    ...source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gmu),
    ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/gmu),
    ...source.matchAll(/^@import\s+['"]([^'"]+)['"]/gmu),
  ].map((match) => match[1] ?? '');
  return specifiers.flatMap((specifier) => {
    let path: string;
    if (specifier.startsWith('@/')) path = specifier.slice(2);
    else if (specifier.startsWith('.')) path = relative(ROOT, normalize(join(ROOT, dirname(file), specifier)));
    else return [];
    if (/\.(?:ts|css)$/u.test(path)) return [path];
    const candidates = [`${path}.ts`, `${path}/index.ts`];
    return [candidates.find((candidate) => LIB.includes(candidate) || ENTRYPOINTS.includes(candidate)) ?? `${path}.ts`];
  });
}

const LIB = sourceFiles('lib');
const ENTRYPOINTS = sourceFiles('entrypoints');
const contextOf = (path: string): Context | undefined => CONTEXTS.find((context) => path.startsWith(`lib/${context}/`));

/** Which contexts each context may import from. */
const MAY_IMPORT: Record<Context, readonly Context[]> = {
  content: ['content', 'shared'],
  worker: ['worker', 'shared'],
  pages: ['pages', 'shared'],
  shared: ['shared'],
};

describe('lib/ is grouped by the context the code runs in', () => {
  it('every module of lib/ is in lib/content, lib/worker, lib/pages or lib/shared', () => {
    expect(LIB.filter((path) => contextOf(path) === undefined)).toEqual([]);
  });

  it.each(LIB.map((path) => [path]))('%s imports only what its context may', (path) => {
    const context = contextOf(path);
    if (!context) return;
    const forbidden = projectImports(path).filter((target) => {
      const targetContext = contextOf(target);
      return target.startsWith('entrypoints/') || (targetContext !== undefined && !MAY_IMPORT[context].includes(targetContext));
    });
    expect(forbidden).toEqual([]);
  });

  it('every import of lib/ and entrypoints/ names a file that exists', () => {
    const missing = [...LIB, ...ENTRYPOINTS].flatMap((file) =>
      projectImports(file)
        .filter((target) => !LIB.includes(target) && !ENTRYPOINTS.includes(target))
        .map((target) => `${file} → ${target}`),
    );
    expect(missing).toEqual([]);
  });

  it('no entry point imports another entry point', () => {
    const crossing = ENTRYPOINTS.flatMap((file) =>
      projectImports(file)
        .filter((target) => target.startsWith('entrypoints/'))
        .map((target) => `${file} → ${target}`),
    );
    expect(crossing).toEqual([]);
  });

  it('every module of lib/ is reached from an entry point: test-only code lives under tests/', () => {
    const reached = new Set<string>();
    const queue = [...ENTRYPOINTS];
    while (queue.length > 0) {
      const file = queue.pop() ?? '';
      for (const target of projectImports(file)) {
        if (!reached.has(target)) {
          reached.add(target);
          queue.push(target);
        }
      }
    }
    expect(LIB.filter((path) => !reached.has(path))).toEqual([]);
  });
});

describe('the rule itself', () => {
  it('sees type-only, relative and aliased imports', () => {
    expect(projectImports('lib/content/capture-button.ts')).toContain('lib/shared/messages.ts');
    expect(projectImports('entrypoints/linkedin.ts')).toContain('lib/content/core.ts');
  });

  it('would refuse a content module importing the outbox', () => {
    expect(MAY_IMPORT.content).not.toContain(contextOf('lib/worker/outbox.ts'));
    expect(MAY_IMPORT.shared).not.toContain(contextOf('lib/worker/outbox.ts'));
    expect(MAY_IMPORT.pages).not.toContain(contextOf('lib/content/capture-button.ts'));
  });
});
