/**
 * Outbox records that fail to parse are never sent and never silently dropped, but they are
 * captures all the same, so the privacy policy's 7 days hold for them too: one is removed 7 days
 * after its `createdAt`, or, when even that is unreadable, 7 days after the worker first found it.
 */
import type { CorruptRecord } from './outbox';
import { isPastRetention } from './retention';

export interface UnreadableExpiry {
  /** Keys of the records to remove now. */
  expired: string[];
  /** The first-found times to keep: records still there with no readable createdAt. */
  since: Record<string, number>;
}

/** Pure: which unreadable records are past 7 days at `now`, and what to remember of the others. */
export function expireUnreadable(records: readonly CorruptRecord[], since: Readonly<Record<string, number>>, now: number): UnreadableExpiry {
  const expired: string[] = [];
  const kept: Record<string, number> = {};
  for (const record of records) {
    const from = record.createdAt ?? since[record.key] ?? now;
    if (isPastRetention(from, now)) expired.push(record.key);
    else if (record.createdAt === null) kept[record.key] = from;
  }
  return { expired, since: kept };
}

export function sameSince(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}
