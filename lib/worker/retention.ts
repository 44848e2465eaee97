/**
 * The 7 days, in one place: how long the device keeps anything about a capture (the privacy
 * policy's §9.3) and how long a capture is retried (the API contract: at most 7 days from the
 * click, while the server keeps an Idempotency-Key at least 8, so a retry never creates a second
 * lead). The outbox removes a capture still unsent after this long, unreadable records included;
 * the lead cache forgets a profile captured this long ago; a day before a capture held by the key
 * is removed, the rep is told.
 *
 * Times here are the delivery's clock (lib/worker/delivery-clock.ts) for the outbox, which never
 * goes back, and the wall clock for the lead cache, whose entries carry the click's own time.
 */
import type { StateCache } from './delivery-state';
import type { Outbox, OutboxItem, UnreadableRecord } from './outbox-record';

export const RETENTION_MS = 7 * 24 * 60 * 60_000;
/** How long before a capture held by the key is removed the rep is told so ("… will be removed tomorrow"). */
export const EXPIRY_NOTICE_MS = 24 * 60 * 60_000;

/** True once something dated `since` (epoch ms) is older than the 7 days at `now`. */
export function isPastRetention(since: number, now: number): boolean {
  return now - since > RETENTION_MS;
}

/** The first time at which something dated `since` is past the 7 days. */
export const expiresAt = (since: number): number => since + RETENTION_MS + 1;

/** True once something dated `since` will be removed within a day at `now` (and is not yet). */
export function expiresWithinNotice(since: number, now: number): boolean {
  return !isPastRetention(since, now) && expiresAt(since) - now <= EXPIRY_NOTICE_MS;
}

/** When the notice for something dated `since` starts. */
export const noticeAt = (since: number): number => expiresAt(since) - EXPIRY_NOTICE_MS;

/**
 * Outbox records that fail to parse are never sent and never silently dropped, but they are
 * captures all the same, so the 7 days hold for them too: one is removed 7 days after its
 * `createdAt`, or, when even that is unreadable, 7 days after the worker first found it.
 */
export interface UnreadableExpiry {
  /** Keys of the records to remove now. */
  expired: string[];
  /** The first-found times to keep: records still there with no readable createdAt. */
  since: Record<string, number>;
}

/** Pure: which unreadable records are past 7 days at `now`, and what to remember of the others. */
export function expireUnreadable(records: readonly Pick<UnreadableRecord, 'key' | 'createdAt'>[], since: Readonly<Record<string, number>>, now: number): UnreadableExpiry {
  const expired: string[] = [];
  const kept: Record<string, number> = {};
  for (const record of records) {
    const from = record.createdAt ?? since[record.key] ?? now;
    if (isPastRetention(from, now)) expired.push(record.key);
    else if (record.createdAt === null) kept[record.key] = from;
  }
  return { expired, since: kept };
}

function sameSince(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/**
 * Removes `expired` (captures past their 7 days) and the unreadable records past theirs in one
 * transaction, and adds them to the expired count the popup reports. Resolves with how many went.
 */
export async function removeExpired(
  { outbox, state }: { outbox: Pick<Outbox, 'apply'>; state: StateCache },
  expired: readonly OutboxItem[],
  unreadable: readonly Pick<UnreadableRecord, 'key' | 'createdAt'>[],
  at: number,
): Promise<number> {
  const known = (await state.get()).unreadableSince ?? {};
  const { expired: unreadableExpired, since } = expireUnreadable(unreadable, known, at);
  const keys = [...expired.map((item) => item.id), ...unreadableExpired];
  if (keys.length === 0 && sameSince(known, since)) return 0;
  const removed = await outbox.apply(keys.map((id) => ({ kind: 'remove', id })));
  await state.update((current) => ({ ...current, unreadableSince: since, expiredCount: current.expiredCount + removed.length }));
  return removed.length;
}
