/**
 * The brand palette as CSS custom properties, light by default and dark under
 * `prefers-color-scheme: dark`: what lib/pages/palette.css must say, character for character
 * (tests/unit/ui-style.test.ts). The capture button does not use it: it takes LIGHT and DARK from
 * lib/shared/brand.ts into its own shadow-root style.
 */
import { DARK, LIGHT, type BrandColor } from '../../lib/shared/brand.ts';

/** `--mk-primary-hover` style custom-property name for a token. */
export function cssVar(token: BrandColor): string {
  return `--mk-${token.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** The palette for `selector` (`:root` for the extension pages). */
export function brandCss(selector = ':root'): string {
  const block = (theme: Record<BrandColor, string>) =>
    (Object.keys(theme) as BrandColor[]).map((k) => `  ${cssVar(k)}: ${theme[k]};`).join('\n');
  return (
    `${selector} {\n  color-scheme: light dark;\n${block(LIGHT)}\n}\n` +
    `@media (prefers-color-scheme: dark) {\n${selector} {\n${block(DARK)}\n}\n}\n`
  );
}
