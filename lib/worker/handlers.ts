/**
 * The background's answers to runtime messages. Every message is parsed, and the sender decides
 * which messages it may send (lib/worker/sender.ts); anything else gets no answer and a log line that
 * names the kind of sender and the message type, never a name, URL or key. What each message does
 * lives beside it: captures in capture-handler.ts and bulk-capture.ts, the pages' data in
 * app-handlers.ts; this module parses, limits and dispatches.
 */
import type { Connection, LeadPayload } from '../shared/contract';
import {
  appRequestSchema,
  contentRequestSchema,
  type AppRequest,
  type ContentRequest,
  type EditResponse,
  type TabRequest,
} from '../shared/messages';
import type { DeliveryState, ParsedItem, Settings } from '../shared/storage';
import type { ApiClient } from './api';
import { appStatus, connectKey, exportData } from './app-handlers';
import { createBulkCapture, createBulkResults, type BulkCapture, type BulkResults } from './bulk-capture';
import { answerPage, captureFromPage, captureInTab, pageStatus } from './capture-handler';
import type { CaptureStates } from './capture-states';
import type { Delivery } from './delivery';
import type { LeadCache } from './lead-cache';
import type { Outbox } from './outbox';
import { buttonStateOfBulk, buttonStateOfOutcome } from './page-answer';
import type { PageTabs } from './page-tabs';
import { createRateLimiter } from './rate-limit';
import { classifySender, type SenderInfo } from './sender';

export interface BackgroundDeps {
  extensionId: string;
  api: Pick<ApiClient, 'verifyKey'>;
  delivery: Pick<Delivery, 'capture' | 'captureMany' | 'retryNow' | 'resume' | 'discard' | 'edit' | 'clearAll' | 'status'>;
  outbox: Pick<Outbox, 'read' | 'isWaiting' | 'needsAttention'>;
  leadCache: LeadCache;
  apiKey: ParsedItem<string | null>;
  connection: ParsedItem<Connection | null>;
  deliveryState: ParsedItem<DeliveryState>;
  settings: ParsedItem<Settings>;
  /** The worker's one record of each capture's state (issue 20): what a page's button and the popup's "This page" show. */
  captureStates: Pick<CaptureStates, 'get'>;
  /** The browser's language, for "Automatic". */
  uiLanguage(): string;
  /** Which tabs show which profile, learnt from our content scripts' messages, for the pushes. */
  pageTabs?: Pick<PageTabs, 'heard'>;
  now(): number;
  openOptionsPage(): Promise<void>;
  sendToTab(tabId: number, request: TabRequest): Promise<unknown>;
  /** The tab's address now, as Chrome reports it (null where it hides it, or the tab is gone). */
  tabAddress(tabId: number): Promise<string | null>;
  refreshBadge(): Promise<void>;
  log(message: string, details: Record<string, string | number | boolean | null>): void;
  /** Each tab's last bulk capture (issue 13); the wiring forgets a tab's when it navigates or closes. */
  bulkResults?: BulkResults;
}

/** A tab's page-status is answered this often at most; the rest get no answer (the page copes). */
export const PAGE_STATUS_LIMIT = { limit: 3, windowMs: 1000 } as const;
/** Captures accepted from one tab per minute at most (issue 11); a bulk capture has its own limit (BULK_CAPTURE_LIMIT). */
export const CAPTURE_LIMIT = { limit: 10, windowMs: 60_000 } as const;

/** Every message type of the protocol: a refusal names one of these, never what a sender wrote. */
const KNOWN_TYPES: ReadonlySet<unknown> = new Set([
  ...(contentRequestSchema._zod.propValues?.['type'] ?? []),
  ...(appRequestSchema._zod.propValues?.['type'] ?? []),
]);

function messageType(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null || !('type' in raw)) return null;
  // An unknown type is logged as such: the text itself may be a name, a URL or the key.
  return KNOWN_TYPES.has(raw.type) ? String(raw.type) : 'unknown';
}

/**
 * A request from the popup or the options page. Each answers once its work is done, never after
 * the badge: delivery's own change report redraws it (lib/worker/index.ts).
 */
async function handleApp(deps: BackgroundDeps, bulk: BulkCapture, request: AppRequest): Promise<unknown> {
  switch (request.type) {
    case 'get-status':
      return appStatus(deps);
    case 'connect':
      return connectKey(deps, request.apiKey);
    case 'disconnect':
      await deps.apiKey.remove();
      await deps.connection.remove();
      if (request.discardQueue) await deps.delivery.clearAll();
      // Without a key the waiting captures are held by it (the badge's expiry "!"): no delivery tells of that.
      void deps.refreshBadge().catch(() => undefined);
      return { ok: true };
    case 'retry-now':
      await deps.delivery.retryNow();
      return appStatus(deps);
    case 'discard':
      await deps.delivery.discard(request.id);
      return { ok: true };
    case 'edit': {
      const result: EditResponse = await deps.delivery.edit(request.id, request.fields);
      return result;
    }
    case 'export-data':
      return { ok: true, data: await exportData(deps) };
    case 'clear-data':
      await deps.delivery.clearAll();
      await deps.leadCache.clear();
      return { ok: true };
    case 'capture-tab':
      return captureInTab(deps, request.tabId, { details: request.details, expectedPage: request.expectedPage });
    case 'capture-state':
      return deps.captureStates.get(request.profileUrl);
    case 'tab-bulk':
      return bulk.result(request.tabId);
  }
}

export function createMessageHandler(deps: BackgroundDeps) {
  const pageStatusLimit = createRateLimiter(PAGE_STATUS_LIMIT);
  const captureLimit = createRateLimiter(CAPTURE_LIMIT);
  const bulk = createBulkCapture({ ...deps, results: deps.bulkResults ?? createBulkResults() });

  async function handleContent(
    request: Exclude<ContentRequest, { type: 'page-status' }>,
    sender: { source: LeadPayload['source']; pageUrl: string; tabId: number },
  ): Promise<unknown> {
    switch (request.type) {
      case 'capture': {
        if (!captureLimit.allow(sender.tabId, deps.now())) {
          deps.log('capture refused: too many from this tab', { source: sender.source });
          return answerPage(deps, { kind: 'failed', reason: 'throttled', message: null }, sender.pageUrl, sender.tabId);
        }
        const outcome = await captureFromPage(deps, request, sender);
        return answerPage(deps, buttonStateOfOutcome(outcome), sender.pageUrl, sender.tabId);
      }
      case 'open-options':
        await deps.openOptionsPage();
        return { ok: true };
      case 'bulk-capture':
        return answerPage(deps, buttonStateOfBulk(await bulk.capture(request, sender)), sender.pageUrl, sender.tabId);
      case 'describe':
        return (await answerPage(deps, request.state, sender.pageUrl, sender.tabId)).words;
    }
  }

  /** A runtime.onMessage listener: a promise for messages we answer, undefined for the rest. */
  return (raw: unknown, sender: SenderInfo): Promise<unknown> | undefined => {
    const from = classifySender(sender, deps.extensionId);
    if (from.kind === 'content-script') {
      const request = contentRequestSchema.safeParse(raw);
      if (request.success) {
        const message = request.data;
        deps.pageTabs?.heard(from.tabId, from.pageUrl);
        if (message.type !== 'page-status') return handleContent(message, from);
        // Only about the tab's own address. Past a few a second the tab gets no answer, and no
        // log line either: a flood must not flood the console.
        return pageStatusLimit.allow(from.tabId, deps.now()) ? pageStatus(deps, from.pageUrl, from.tabId) : undefined;
      }
    } else if (from.kind === 'extension-page') {
      const request = appRequestSchema.safeParse(raw);
      if (request.success) return handleApp(deps, bulk, request.data);
    }
    deps.log('message rejected', { from: from.kind, type: messageType(raw) });
    return undefined;
  };
}
