/**
 * What delivery (lib/worker/delivery.ts) offers the worker's handlers and needs from the worker's
 * wiring (lib/worker/index.ts), as types.
 */
import type { LeadPayload } from '../shared/contract';
import type { EditFields } from '../shared/messages';
import type { DeliveryState, ParsedItem } from '../shared/storage';
import type { ApiClient } from './api';
import type { BadgeStatus } from './badge';
import type { CaptureStates } from './capture-states';
import type { EditResult } from './edit';
import type { LeadCache } from './lead-cache';
import type { Outbox, OutboxItem } from './outbox-record';
import type { DeliveryOutcome, DrainReport } from './scheduler';

export interface DeliveryStatus {
  waiting: number;
  needsAttention: OutboxItem[];
  expiredCount: number;
  /** Captures held only by the key (none connected, or refused) that will be removed within a day. */
  expiringSoon: number;
  /** Records of the outbox that do not parse: kept (never sent), counted, expired after 7 days. */
  unreadable: number;
  /** The outbox is at its bound: a new capture would be refused. */
  full: boolean;
  keyRejected: boolean;
  /** Null once past. */
  rateLimitedUntil: number | null;
}

export interface DeliveryDeps {
  outbox: Outbox;
  api: Pick<ApiClient, 'postLead'>;
  leadCache: Pick<LeadCache, 'record'>;
  getApiKey: () => Promise<string | null>;
  deliveryState: ParsedItem<DeliveryState>;
  /** The background maps this to one named chrome.alarms alarm, at this wall-clock time; null clears it. */
  scheduleWakeUp: (at: number | null) => Promise<void>;
  /** Called after anything the badge or the popup shows has changed. */
  onChange?: () => void;
  /** Told every change of a capture's state (issue 20): the one owner views follow. */
  captureStates?: Pick<CaptureStates, 'report' | 'erased'>;
  /** The wall clock; the delivery decides by its own, which never goes back (lib/worker/delivery-clock.ts). */
  now: () => number;
  random: () => number;
  /** Requests in flight at most; 4 by default. */
  concurrency?: number;
}

export interface Delivery {
  /** Payloads checked by leadPayloadSchema where they entered the worker: one outcome each, in order. */
  captureMany(payloads: readonly LeadPayload[]): Promise<DeliveryOutcome[]>;
  capture(payload: LeadPayload): Promise<DeliveryOutcome>;
  drain(): Promise<DrainReport>;
  retryNow(): Promise<DrainReport>;
  resume(): Promise<DrainReport>;
  discard(id: string): Promise<boolean>;
  edit(id: string, fields: EditFields): Promise<EditResult>;
  clearAll(): Promise<void>;
  status(): Promise<DeliveryStatus>;
  /** What the badge shows, from memory: no read of the outbox. */
  badge(): Promise<BadgeStatus>;
}
