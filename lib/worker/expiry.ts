/**
 * The 7 days (lib/worker/retention.ts) applied to the outbox: what a drain removes before it
 * sends anything, paused or not, and counts for the popup's notice.
 */
import type { StateCache } from './delivery-state';
import type { CorruptRecord, Outbox, OutboxItem } from './outbox-record';
import { expireUnreadable, sameSince } from './unreadable-records';

/**
 * Removes `expired` (the captures past their 7 days, lib/worker/scheduler.ts `planRound`) and the
 * unreadable records past theirs (lib/worker/unreadable-records.ts) in one transaction, and adds
 * them to the expired count. Resolves with how many went.
 */
export async function removeExpired(
  { outbox, state }: { outbox: Pick<Outbox, 'removeKeys'>; state: StateCache },
  expired: readonly OutboxItem[],
  unreadable: readonly CorruptRecord[],
  at: number,
): Promise<number> {
  const known = (await state.get()).unreadableSince ?? {};
  const { expired: unreadableExpired, since } = expireUnreadable(unreadable, known, at);
  const keys = [...expired.map((item) => item.id), ...unreadableExpired];
  if (keys.length === 0 && sameSince(known, since)) return 0;
  await outbox.removeKeys(keys);
  await state.update((current) => ({ ...current, unreadableSince: since, expiredCount: current.expiredCount + keys.length }));
  return keys.length;
}
