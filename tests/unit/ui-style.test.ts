/**
 * The popup and the options page paint with the brand palette: lib/pages/palette.css is
 * brandCss(':root') of tests/support/brand-css.ts (from lib/shared/brand.ts), character for character, and no page stylesheet sneaks in a
 * colour of its own outside the documented tokens of lib/pages/base.css.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { brandCss } from '../support/brand-css';

const root = join(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

describe('the pages’ styles', () => {
  it('lib/pages/palette.css is exactly the brand palette', () => {
    const css = read('lib/pages/palette.css').replace(/^\/\*[\s\S]*?\*\/\n/, '');
    expect(css).toBe(brandCss(':root'));
  });

  it('base.css imports the palette, and the pages import base.css', () => {
    expect(read('lib/pages/base.css')).toContain("@import './palette.css';");
    expect(read('entrypoints/popup/style.css')).toMatch(/^@import '..\/..\/lib\/pages\/base.css';/);
    expect(read('entrypoints/options/style.css')).toMatch(/^@import '..\/..\/lib\/pages\/base.css';/);
  });

  it.each(['entrypoints/popup/style.css', 'entrypoints/options/style.css'])('%s uses tokens, not colours', (path) => {
    // Colours live in palette.css and in base.css's documented tokens; a page only refers to them.
    expect(read(path).match(/#[0-9a-f]{3,8}\b|rgba?\(/gi) ?? []).toEqual([]);
  });

  it('the body sets its own font size (Chrome gives extension pages 75%)', () => {
    expect(read('lib/pages/base.css')).toMatch(/body \{[^}]*font: 400 14px/);
  });
});
