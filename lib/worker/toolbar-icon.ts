/**
 * The toolbar icon with a mark in its corner, drawn in the worker (OffscreenCanvas): the brand
 * tile and "M" of public/icons/icon.svg at toolbar sizes, and a dot saying what the tab's page is.
 * Drawn rather than shipped as files so the marks follow lib/shared/brand.ts without more PNGs to keep.
 */
import { ICON, LIGHT } from '../shared/brand';
import type { ToolbarMark } from './toolbar';

/** Dot colours: teal "can be captured", green "captured", amber "waiting", red "not captured". */
const MARK_COLOURS: Record<Exclude<ToolbarMark, 'none'>, string> = {
  capturable: ICON.tray,
  captured: '#16A34A',
  queued: '#F59E0B',
  failed: '#DC2626',
};

export const TOOLBAR_ICON_SIZES = [16, 32] as const;

const drawnIcons = new Map<ToolbarMark, Record<number, ImageData> | null>();

/**
 * The icon with `mark` at every toolbar size, as action.setIcon takes it: drawn once per mark and
 * kept (a page navigating all day redraws no canvas); null where OffscreenCanvas is missing.
 */
export function toolbarIconImages(mark: Exclude<ToolbarMark, 'none'>): Record<number, ImageData> | null {
  if (!drawnIcons.has(mark)) {
    const images: Record<number, ImageData> = {};
    for (const size of TOOLBAR_ICON_SIZES) {
      const image = drawToolbarIcon(mark, size);
      if (image) images[size] = image;
    }
    drawnIcons.set(mark, Object.keys(images).length > 0 ? images : null);
  }
  return drawnIcons.get(mark) ?? null;
}

/** The icon at `size` px with `mark`'s dot; null where OffscreenCanvas is missing. */
export function drawToolbarIcon(mark: Exclude<ToolbarMark, 'none'>, size: number): ImageData | null {
  if (typeof OffscreenCanvas === 'undefined') return null;
  const canvas = new OffscreenCanvas(size, size);
  const context = canvas.getContext('2d');
  if (!context) return null;
  const unit = size / 128;
  context.scale(unit, unit);
  // The tile and the "M", as icon.svg's compact drawing.
  context.fillStyle = LIGHT.primary;
  context.beginPath();
  context.roundRect(0, 0, 128, 128, 24);
  context.fill();
  context.strokeStyle = '#FFFFFF';
  context.lineWidth = 16;
  context.lineJoin = 'round';
  context.stroke(new Path2D('M36 80V28l28 32 28-32v52'));
  // The mark: a dot with a white ring, bottom right, where the tray would be.
  context.fillStyle = '#FFFFFF';
  context.beginPath();
  context.arc(94, 94, 34, 0, Math.PI * 2);
  context.fill();
  context.fillStyle = MARK_COLOURS[mark];
  context.beginPath();
  context.arc(94, 94, 24, 0, Math.PI * 2);
  context.fill();
  if (mark === 'captured') {
    context.strokeStyle = '#FFFFFF';
    context.lineWidth = 9;
    context.lineCap = 'round';
    context.stroke(new Path2D('M82 95l8 8 16-18'));
  }
  return context.getImageData(0, 0, size, size);
}
