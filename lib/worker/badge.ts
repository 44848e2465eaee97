/**
 * The action badge, on every tab: what needs the rep first, then what waits. A rejected key, or
 * captures held by the key that will be removed within a day, is "!"; captures Metrikia refused
 * (waiting in Needs attention for Edit or Discard) are counted after a "!" ("!2"); captures
 * waiting to be sent are a plain count. Red for what only the rep can fix; the brand's indigo for
 * the count, which clears by itself.
 */

/** What the badge says of the queue: delivery's `badge()`. */
export interface BadgeStatus {
  waiting: number;
  /** Captures Metrikia refused, waiting in Needs attention for Edit or Discard. */
  needsAttention: number;
  keyRejected: boolean;
  /** Captures held by the key that will be removed within a day: the rep must act (connect a key, or export them). */
  expiringSoon: number;
}

export interface BadgeView {
  text: string;
  colour: string;
}

export const BADGE_COLOURS = { attention: '#B91C1C', waiting: '#4338CA' } as const;

const count = (n: number, max: number): string => (n > max ? `${max}+` : String(n));

export function badgeView(status: BadgeStatus): BadgeView {
  if (status.keyRejected || status.expiringSoon > 0) return { text: '!', colour: BADGE_COLOURS.attention };
  if (status.needsAttention > 0) return { text: `!${count(status.needsAttention, 99)}`, colour: BADGE_COLOURS.attention };
  return { text: status.waiting > 0 ? count(status.waiting, 999) : '', colour: BADGE_COLOURS.waiting };
}
