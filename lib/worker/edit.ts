/**
 * "Edit" on a refused capture: the rep's corrected fields, cleaned and held to the contract here,
 * where they enter the worker, and the waiting item that replaces the refused one.
 */
import { leadPayloadSchema } from '../shared/contract';
import type { EditFields } from '../shared/messages';
import { cleanText } from '../shared/text';
import { payloadFieldErrors } from './api';
import type { OutboxItem } from './outbox-record';
import type { DrainReport } from './scheduler';

export type EditResult =
  | { ok: true; report: DrainReport }
  /** No item needing attention has this id (sent, discarded, expired, or waiting). */
  | { ok: false; error: 'not-found' }
  | { ok: false; error: 'invalid'; fields: Record<string, string> };

export function editedItem(
  item: OutboxItem,
  fields: EditFields,
  now: number,
): { ok: true; item: OutboxItem } | Extract<EditResult, { error: 'invalid' }> {
  const jobTitle = fields.jobTitle === null ? null : cleanText(fields.jobTitle) || null;
  const payload = leadPayloadSchema.safeParse({
    ...item.payload,
    firstName: cleanText(fields.firstName),
    lastName: cleanText(fields.lastName),
    jobTitle,
  });
  if (!payload.success) return { ok: false, error: 'invalid', fields: payloadFieldErrors(payload.error.issues) };
  // A new Idempotency-Key. Reusing the old one would be safe against duplicates (the server
  // answered it with a 4xx, so it holds no 2xx to replay), but a key names one request body:
  // servers that remember failed keys too would replay the old refusal forever, and others
  // reject a known key with a different body. The edited capture is a new request; it keeps
  // its place in the queue (seq) and its age (createdAt: the 7 days count from the capture).
  return {
    ok: true,
    item: {
      ...item,
      id: crypto.randomUUID(),
      payload: payload.data,
      attempts: 0,
      nextAttemptAt: now,
      lastError: null,
      state: 'waiting',
      rejection: null,
    },
  };
}
