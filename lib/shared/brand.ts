/**
 * Metrikia brand palette: the single source of colour. The capture button and the toolbar icon
 * import it; the popup and the options page read it as CSS custom properties from
 * lib/pages/palette.css, which tests/unit/ui-style.test.ts holds equal to it; the icon file is
 * checked against ICON by scripts/draw-icons.ts. Nothing else should write a hex value.
 *
 * Every text/background pair the UI is allowed to use is listed in TEXT_PAIRS below and checked
 * against WCAG 2.x AA (4.5:1 for normal text) each time `node scripts/draw-icons.ts` runs; the
 * script refuses to draw if one fails. Measured ratios (sRGB relative luminance, WCAG formula):
 *
 *   Light theme                                         ratio   AA   AAA
 *   text          #111827 on surface    #FFFFFF         17.74   yes  yes
 *   textMuted     #4B5563 on surface    #FFFFFF          7.56   yes  yes
 *   onPrimary     #FFFFFF on primary    #4338CA          7.90   yes  yes
 *   onPrimary     #FFFFFF on primaryHover #3730A3        9.93   yes  yes
 *   primary       #4338CA on surface    #FFFFFF          7.90   yes  yes  (links, outlined buttons)
 *   onAccent      #111827 on accent     #14B8A6          7.13   yes  yes  ("Captured" pill)
 *   accentText    #0F766E on surface    #FFFFFF          5.47   yes  no   ("Captured" as plain text)
 *   warning       #B45309 on surface    #FFFFFF          5.02   yes  no
 *   danger        #B91C1C on surface    #FFFFFF          6.47   yes  no
 *   onDanger      #FFFFFF on danger     #B91C1C          6.47   yes  no
 *
 *   Dark theme
 *   text          #F9FAFB on surface    #111827         16.98   yes  yes
 *   textMuted     #D1D5DB on surface    #111827         12.04   yes  yes
 *   onPrimary     #111827 on primary    #A5B4FC          8.90   yes  yes
 *   onPrimary     #111827 on primaryHover #C7D2FE       11.89   yes  yes
 *   primary       #A5B4FC on surface    #111827          8.90   yes  yes
 *   onAccent      #111827 on accent     #5EEAD4         11.99   yes  yes
 *   accentText    #5EEAD4 on surface    #111827         11.99   yes  yes
 *   warning       #FCD34D on surface    #111827         12.30   yes  yes
 *   danger        #FCA5A5 on surface    #111827          9.35   yes  yes
 *   onDanger      #111827 on danger     #FCA5A5          9.35   yes  yes
 *
 * Deliberately NOT text pairs: teal #14B8A6 with white (2.49:1) or as text on white (2.49:1) fails
 * AA, which is why light mode has a separate `accentText` (#0F766E, teal-700) and the teal fill
 * always carries dark text. `border` is decorative (1.24:1 on white): never the only cue that
 * something is a control.
 */

/** Light theme (default). */
export const LIGHT = {
  /** Brand indigo: primary buttons, links, the icon tile. White text on it: 7.90:1. */
  primary: '#4338CA',
  /** Pressed/hovered primary button. White text on it: 9.93:1. */
  primaryHover: '#3730A3',
  /** Text and icons drawn on `primary` / `primaryHover`. */
  onPrimary: '#FFFFFF',
  /** Teal success fill ("Captured" pill, check badge). Carries `onAccent`, never white text. */
  accent: '#14B8A6',
  /** Text on an `accent` fill: 7.13:1. */
  onAccent: '#111827',
  /** Teal for success wording set directly on `surface` (teal-700): 5.47:1. */
  accentText: '#0F766E',
  /** Amber warnings, safe as text on white: 5.02:1. */
  warning: '#B45309',
  /** Errors and destructive actions, as text on white (6.47:1) or as a fill under `onDanger`. */
  danger: '#B91C1C',
  onDanger: '#FFFFFF',
  /** Body text: 17.74:1 on surface. */
  text: '#111827',
  /** Secondary text (hints, timestamps): 7.56:1 on surface. */
  textMuted: '#4B5563',
  /** Page and card background. */
  surface: '#FFFFFF',
  /** Hairlines and card outlines (decorative). */
  border: '#E5E7EB',
} as const;

/** Dark theme, for `prefers-color-scheme: dark`. Same keys as LIGHT. */
export const DARK = {
  /** Light indigo: in dark mode the primary button carries dark text (8.90:1). */
  primary: '#A5B4FC',
  primaryHover: '#C7D2FE',
  onPrimary: '#111827',
  accent: '#5EEAD4',
  onAccent: '#111827',
  accentText: '#5EEAD4',
  warning: '#FCD34D',
  danger: '#FCA5A5',
  onDanger: '#111827',
  text: '#F9FAFB',
  textMuted: '#D1D5DB',
  surface: '#111827',
  border: '#374151',
} satisfies Record<keyof typeof LIGHT, string>;

export type BrandColor = keyof typeof LIGHT;

/**
 * Colours of the product icon (public/icons/icon.svg). The tile is a diagonal gradient that runs
 * through the brand indigo; the small sizes use the flat `primary`. Graphic contrast (WCAG 1.4.11
 * asks 3:1, the "M" is held to the 4.5:1 of text because it is a letter):
 *   mark #FFFFFF on tileStart #4F46E5 6.29, on primary #4338CA 7.90, on tileEnd #3730A3 9.93
 *   tray #5EEAD4 on tileStart #4F46E5 4.25, on primary #4338CA 5.34, on tileEnd #3730A3 6.71
 */
export const ICON = {
  /** Top-left of the 48/128 px tile gradient (indigo-600). */
  tileStart: '#4F46E5',
  /** Bottom-right of the gradient: the primary hover indigo. */
  tileEnd: LIGHT.primaryHover,
  /** Flat tile of the 16/32 px icons. */
  tile: LIGHT.primary,
  /** The "M". */
  mark: '#FFFFFF',
  /** The tray the "M" drops into: the dark-theme teal, brighter than #14B8A6 on indigo (3.18). */
  tray: DARK.accent,
} as const;

/**
 * Every foreground/background combination the UI may use for text, as [foreground, background]
 * token names. Checked by scripts/draw-icons.ts for both themes.
 */
export const TEXT_PAIRS: ReadonlyArray<readonly [BrandColor, BrandColor]> = [
  ['text', 'surface'],
  ['textMuted', 'surface'],
  ['onPrimary', 'primary'],
  ['onPrimary', 'primaryHover'],
  ['primary', 'surface'],
  ['onAccent', 'accent'],
  ['accentText', 'surface'],
  ['warning', 'surface'],
  ['danger', 'surface'],
  ['onDanger', 'danger'],
];

/** WCAG AA minimum for normal-size text. */
export const MIN_TEXT_CONTRAST = 4.5;
