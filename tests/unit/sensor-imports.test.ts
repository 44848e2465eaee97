/**
 * The sensors ship in the content scripts, which are held to 8 KB gzip (issue 15): they import
 * nothing at run time but lib/sites/dom.ts, which imports nothing. Schemas, the name splitter, the
 * text cleaner and canonical URLs stay in the worker (lib/sites/*-interpret.ts, lib/sites/reading.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

function runtimeImports(path: string): string[] {
  const source = readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
  return [...source.matchAll(/^import\s+(?!type\b)[^'"]*['"]([^'"]+)['"]/gmu)].map((match) => match[1] ?? '');
}

describe('the sensors stay light', () => {
  it.each(['lib/sites/linkedin.ts', 'lib/sites/instagram.ts'])('%s imports only lib/sites/dom.ts at run time', (path) => {
    expect(runtimeImports(path)).toEqual(['./dom']);
  });

  it('lib/sites/dom.ts imports nothing', () => {
    expect(runtimeImports('lib/sites/dom.ts')).toEqual([]);
  });

  it('lib/sites/types.ts holds types only', () => {
    expect(runtimeImports('lib/sites/types.ts')).toEqual([]);
    expect(readFileSync(new URL('../../lib/sites/types.ts', import.meta.url), 'utf8')).not.toMatch(/^export (?:const|function|class)/mu);
  });
});
