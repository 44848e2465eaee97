/**
 * The action badge, on every tab: what needs the rep first, then what waits. A rejected key is
 * "!"; captures Metrikia refused (waiting in Needs attention for Edit or Discard) are counted after
 * a "!" ("!2"); captures waiting to be sent are a plain count. Red for the first two, which only
 * the rep can fix; the brand's indigo for the count, which clears by itself.
 */
export interface BadgeView {
  text: string;
  colour: string;
}

export const BADGE_COLOURS = { attention: '#B91C1C', waiting: '#4338CA' } as const;

const count = (n: number, max: number): string => (n > max ? `${max}+` : String(n));

export function badgeView(status: { waiting: number; needsAttention: number; keyRejected: boolean }): BadgeView {
  if (status.keyRejected) return { text: '!', colour: BADGE_COLOURS.attention };
  if (status.needsAttention > 0) return { text: `!${count(status.needsAttention, 99)}`, colour: BADGE_COLOURS.attention };
  return { text: status.waiting > 0 ? count(status.waiting, 999) : '', colour: BADGE_COLOURS.waiting };
}
