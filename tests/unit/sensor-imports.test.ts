/**
 * The sensors ship in the content scripts, which are held to 8 KB gzip (issue 15): they import
 * nothing at run time but lib/content/sites/dom.ts and the constants of lib/shared/sites/read-limits.ts. Schemas, the name splitter, the
 * text cleaner and canonical URLs stay in the worker (lib/worker/sites/*-interpret.ts, lib/shared/sites/reading.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

function runtimeImports(path: string): string[] {
  const source = readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
  return [...source.matchAll(/^import\s+(?!type\b)[^'"]*['"]([^'"]+)['"]/gmu)].map((match) => match[1] ?? '');
}

describe('the sensors stay light', () => {
  it.each(['lib/content/sites/linkedin.ts', 'lib/content/sites/instagram.ts', 'lib/content/sites/linkedin-search.ts'])('%s imports only the read limits and lib/content/sites/dom.ts at run time', (path) => {
    expect(runtimeImports(path).sort()).toEqual(['../../shared/sites/read-limits', './dom']);
  });

  it('lib/content/sites/dom.ts imports only the read limits, which import nothing', () => {
    expect(runtimeImports('lib/content/sites/dom.ts')).toEqual(['../../shared/sites/read-limits']);
    expect(runtimeImports('lib/shared/sites/read-limits.ts')).toEqual([]);
    expect(readFileSync(new URL('../../lib/shared/sites/read-limits.ts', import.meta.url), 'utf8')).not.toMatch(/^export (?:function|class)/mu);
  });

  it('lib/shared/sites/types.ts holds types only', () => {
    expect(runtimeImports('lib/shared/sites/types.ts')).toEqual([]);
    expect(readFileSync(new URL('../../lib/shared/sites/types.ts', import.meta.url), 'utf8')).not.toMatch(/^export (?:const|function|class)/mu);
  });
});
