/** What the badge says of the queue: delivery's `badge()`. */
export interface BadgeStatus {
  waiting: number;
  keyRejected: boolean;
  /** Captures held by the key that will be removed within a day: the rep must act (connect a key, or export them). */
  expiringSoon: number;
}

/** The action badge: how many captures wait to be sent, or "!" while the key is rejected or captures are about to be removed. */
export function badgeText(status: BadgeStatus): string {
  if (status.keyRejected || status.expiringSoon > 0) return '!';
  if (status.waiting <= 0) return '';
  return status.waiting > 999 ? '999+' : String(status.waiting);
}

export function badgeColor(status: BadgeStatus): string {
  return status.keyRejected || status.expiringSoon > 0 ? '#B91C1C' : '#4338CA';
}
