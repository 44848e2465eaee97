/**
 * Draws the extension's PNG icons from public/icons/icon.svg:  node scripts/draw-icons.ts
 *
 * 1. Checks the brand palette: every text pair in lib/shared/brand.ts must reach WCAG AA (4.5:1) in both
 *    themes, and the icon's own colours must match lib/shared/brand.ts ICON and stay legible on the tile.
 *    Any failure stops the script before it draws anything.
 * 2. Renders the SVG in headless Chromium at 16, 32, 48 and 128 px on a transparent background and
 *    writes public/icons/<size>.png. The SVG picks its own level of detail from the size it is
 *    drawn at (see the comment in icon.svg).
 *
 * The 128 px icon keeps 16 px of transparent padding around a 96 px tile, as the Chrome Web Store
 * asks; the 48 px one keeps 2 px so it sits like its neighbours on chrome://extensions; the
 * toolbar sizes (16, 32) are full bleed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { DARK, ICON, LIGHT, MIN_TEXT_CONTRAST, TEXT_PAIRS } from '../lib/shared/brand.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const iconsDir = join(root, 'public', 'icons');
const svgPath = join(iconsDir, 'icon.svg');

/** Output size → size of the drawn tile inside it (the rest is transparent padding). */
const SIZES: ReadonlyArray<{ size: number; art: number }> = [
  { size: 16, art: 16 },
  { size: 32, art: 32 },
  { size: 48, art: 44 },
  { size: 128, art: 96 },
];

// ---------------------------------------------------------------------------------------------
// Contrast (WCAG 2.x relative luminance)

function luminance(hex: string): number {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`not a #RRGGBB colour: ${hex}`);
  const channels = [0, 2, 4].map((i) => parseInt(m[1]!.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

function checkPalette(): boolean {
  let ok = true;
  const rows: string[] = [];
  const row = (label: string, fg: string, bg: string, min: number) => {
    const ratio = contrast(fg, bg);
    const pass = ratio >= min;
    ok &&= pass;
    rows.push(
      `${pass ? 'ok  ' : 'FAIL'} ${label.padEnd(36)} ${fg} on ${bg}  ${ratio.toFixed(2).padStart(5)}:1` +
        `  (min ${min})`,
    );
  };
  for (const [themeName, theme] of [
    ['light', LIGHT],
    ['dark', DARK],
  ] as const) {
    for (const [fg, bg] of TEXT_PAIRS) row(`${themeName} ${fg} on ${bg}`, theme[fg], theme[bg], MIN_TEXT_CONTRAST);
  }
  for (const tile of [ICON.tileStart, ICON.tile, ICON.tileEnd]) {
    row('icon mark (a letter) on tile', ICON.mark, tile, MIN_TEXT_CONTRAST);
    row('icon tray (graphic) on tile', ICON.tray, tile, 3);
  }
  console.log(rows.join('\n'));
  return ok;
}

/** Every colour written in icon.svg must be one of lib/shared/brand.ts ICON, so the two cannot drift. */
function checkSvgColours(svg: string): boolean {
  const allowed = new Set(Object.values(ICON).map((c) => c.toUpperCase()));
  const used = new Set([...svg.matchAll(/#[0-9a-f]{6}\b/gi)].map((m) => m[0].toUpperCase()));
  const stray = [...used].filter((c) => !allowed.has(c));
  const unused = [...allowed].filter((c) => !used.has(c));
  if (stray.length) console.error(`icon.svg uses colours not in lib/shared/brand.ts ICON: ${stray.join(', ')}`);
  if (unused.length) console.error(`lib/shared/brand.ts ICON colours missing from icon.svg: ${unused.join(', ')}`);
  return stray.length === 0 && unused.length === 0;
}

// ---------------------------------------------------------------------------------------------
// Rendering

async function draw(svg: string): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    for (const { size, art } of SIZES) {
      const pad = (size - art) / 2;
      // As an <img>, the SVG's media queries see the drawn size, which selects its detail level.
      await page.setContent(
        `<!doctype html><style>html,body{margin:0;background:transparent}</style>` +
          `<div id="icon" style="width:${size}px;height:${size}px;padding:${pad}px;box-sizing:border-box">` +
          `<img src="${src}" width="${art}" height="${art}" style="display:block"></div>`,
      );
      await page.locator('#icon img').evaluate((img: HTMLImageElement) => img.decode());
      const png = await page.locator('#icon').screenshot({ omitBackground: true });
      const out = join(iconsDir, `${size}.png`);
      writeFileSync(out, png);
      console.log(`wrote public/icons/${size}.png (${png.length} bytes)`);
    }
  } finally {
    await browser.close();
  }
}

const svg = readFileSync(svgPath, 'utf8');
const paletteOk = checkPalette();
const svgOk = checkSvgColours(svg);
if (!paletteOk || !svgOk) {
  console.error('Palette check failed: nothing drawn.');
  process.exit(1);
}
await draw(svg);
