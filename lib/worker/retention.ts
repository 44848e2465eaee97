/**
 * How long the device keeps anything about a capture: the privacy policy's 7 days (§9). The
 * outbox removes a capture still unsent after this long, unreadable records included, and the
 * lead cache forgets a profile captured this long ago.
 */
export const RETENTION_MS = 7 * 24 * 60 * 60_000;

/** True once something dated `since` (epoch ms) is older than the 7 days at `now`. */
export function isPastRetention(since: number, now: number): boolean {
  return now - since > RETENTION_MS;
}

