/**
 * The background's answers to runtime messages. Every message is parsed, and the sender decides
 * which messages it may send (lib/worker/sender.ts); anything else gets no answer and a log line that
 * names the kind of sender and the message type, never a name, URL or key.
 */
import { leadPayloadSchema, type Connection, type LeadPayload } from '../shared/contract';
import {
  appRequestSchema,
  contentRequestSchema,
  tabStateSchema,
  type AppRequest,
  type AppStatus,
  type CaptureOutcome,
  type ConnectResponse,
  type ContentRequest,
  type EditResponse,
  type EnteredDetails,
  type NeedsAttentionItem,
  type PageStatus,
  type TabRequest,
  type TabState,
} from '../shared/messages';
import { normalizeApiKey } from './api-key';
import type { ApiClient } from './api';
import { createBulkCapture, createBulkResults, type BulkResults } from './bulk-capture';
import type { Delivery } from './delivery';
import type { LeadCache } from './lead-cache';
import type { Outbox, OutboxItem } from './outbox';
import { canonicalProfileUrl } from '../shared/profile-url';
import { createRateLimiter } from './rate-limit';
import { classifySender, type SenderInfo } from './sender';
import { interpret } from './sites/interpret';
import type { DeliveryState, ParsedItem, Settings } from '../shared/storage';
import { cleanText } from '../shared/text';

export interface BackgroundDeps {
  extensionId: string;
  api: Pick<ApiClient, 'verifyKey'>;
  delivery: Pick<Delivery, 'capture' | 'captureMany' | 'retryNow' | 'resume' | 'discard' | 'edit' | 'clearAll' | 'status'>;
  outbox: Pick<Outbox, 'list' | 'exportCorrupt' | 'isWaiting' | 'needsAttention'>;
  leadCache: LeadCache;
  apiKey: ParsedItem<string | null>;
  connection: ParsedItem<Connection | null>;
  deliveryState: ParsedItem<DeliveryState>;
  settings: ParsedItem<Settings>;
  now(): number;
  openOptionsPage(): Promise<void>;
  sendToTab(tabId: number, request: TabRequest): Promise<unknown>;
  refreshBadge(): Promise<void>;
  /** What a tab's content script answered after a capture-request (for the toolbar icon). */
  onTabState?(tabId: number, state: TabState): void;
  log(message: string, details: Record<string, string | number | boolean | null>): void;
  /** Each tab's last bulk capture (issue 13); the wiring forgets a tab's when it navigates or closes. */
  bulkResults?: BulkResults;
}

/** A tab's page-status is answered this often at most; the rest get no answer (the page copes). */
export const PAGE_STATUS_LIMIT = { limit: 3, windowMs: 1000 } as const;
/** Captures accepted from one tab per minute at most (issue 11); a bulk capture has its own limit (BULK_CAPTURE_LIMIT). */
export const CAPTURE_LIMIT = { limit: 10, windowMs: 60_000 } as const;

const NO_TAB_STATE: TabState = { profileUrl: null, state: null };

/**
 * The one route of the popup's Capture, its "Enter details" and the keyboard shortcut: ask the
 * tab's content script to capture (it reads the page, sends `capture` and shows the outcome).
 * Resolves with what the tab then shows; a tab without our content script answers nothing.
 */
export async function captureInTab(
  deps: Pick<BackgroundDeps, 'sendToTab' | 'onTabState'>,
  tabId: number,
  details?: EnteredDetails,
): Promise<TabState> {
  const request: TabRequest = details ? { type: 'capture-request', details } : { type: 'capture-request' };
  let state = NO_TAB_STATE;
  try {
    const answer = tabStateSchema.safeParse(await deps.sendToTab(tabId, request));
    if (answer.success) state = answer.data;
  } catch {
    // No receiving end: the tab was opened before the extension was installed, or is another site.
  }
  deps.onTabState?.(tabId, state);
  return state;
}

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

function needsAttentionView(item: OutboxItem): NeedsAttentionItem {
  return {
    id: item.id,
    source: item.payload.source,
    profileUrl: item.payload.profileUrl,
    firstName: item.payload.firstName,
    lastName: item.payload.lastName,
    jobTitle: item.payload.jobTitle,
    reason: item.rejection?.message ?? item.rejection?.code ?? null,
    fields: item.rejection?.fields ?? {},
  };
}

export function createMessageHandler(deps: BackgroundDeps) {
  const pageStatusLimit = createRateLimiter(PAGE_STATUS_LIMIT);
  const captureLimit = createRateLimiter(CAPTURE_LIMIT);
  const bulk = createBulkCapture({ ...deps, results: deps.bulkResults ?? createBulkResults() });

  async function status(): Promise<AppStatus> {
    const [delivery, connection, cachedProfiles] = await Promise.all([
      deps.delivery.status(),
      deps.connection.get(),
      deps.leadCache.count(),
    ]);
    return {
      connection,
      keyRejected: delivery.keyRejected,
      waiting: delivery.waiting,
      needsAttention: delivery.needsAttention.map(needsAttentionView),
      expiredCount: delivery.expiredCount,
      unreadable: delivery.unreadable,
      cachedProfiles,
      outboxFull: delivery.full,
    };
  }

  /**
   * A capture from a content script: the sensor's reading, interpreted here against the tab's
   * address (lib/worker/sites/interpret.ts), or what the rep typed in "Enter details". The platform and
   * the profile always come from the tab's address, never from the message.
   */
  async function capture(
    request: Extract<ContentRequest, { type: 'capture' }>,
    sender: { source: LeadPayload['source']; pageUrl: string },
  ): Promise<CaptureOutcome> {
    const page = canonicalProfileUrl(sender.pageUrl);
    if (!page || page.source !== sender.source || request.reading.site !== page.source) {
      deps.log('capture refused: profile does not match the tab', { source: sender.source });
      return { state: 'refused' };
    }
    // Read together: each is a storage round trip on the way from the click to the request.
    const [settings, apiKey] = await Promise.all([deps.settings.get(), deps.apiKey.get()]);
    if (!settings[page.source]) return { state: 'refused' };
    if (!apiKey) return { state: 'not-connected' };

    const read = interpret(request.reading, sender.pageUrl);
    // Typed details stand in for a name that could not be read, never for a page with no profile.
    const typed = request.details !== undefined && (read.ok || read.found !== null) ? request.details : null;
    let fields: EnteredDetails;
    if (typed !== null) fields = typed;
    else if (read.ok) fields = read.lead;
    else return { state: 'unreadable', reason: read.reason, found: read.found };

    // Typed or read, each field is cleaned here and held to the contract: over a limit is refused, not cut.
    const payload = leadPayloadSchema.safeParse({
      source: page.source,
      profileUrl: page.profileUrl,
      firstName: cleanText(fields.firstName),
      lastName: cleanText(fields.lastName),
      jobTitle: page.source === 'linkedin' && fields.jobTitle !== null ? cleanText(fields.jobTitle) || null : null,
      capturedAt: new Date(deps.now()).toISOString(),
    });
    if (!payload.success) {
      deps.log('capture refused: payload outside the contract', { source: page.source });
      return { state: 'refused' };
    }
    // Parsed once, here where it enters: delivery, the outbox and the API client take it as checked.
    const outcome = await deps.delivery.capture(payload.data);
    await deps.refreshBadge();
    return outcome;
  }

  /** About the tab's own profile only, from the in-memory indexes (no read of the whole outbox or cache). */
  async function pageStatus(pageUrl: string): Promise<PageStatus> {
    const page = canonicalProfileUrl(pageUrl);
    const [apiKey, entry, queued] = await Promise.all([
      deps.apiKey.get(),
      page ? deps.leadCache.lookup(page.profileUrl) : null,
      page ? deps.outbox.isWaiting(page.profileUrl) : false,
    ]);
    return { connected: apiKey !== null, captured: entry ? { capturedAt: entry.capturedAt } : null, queued };
  }

  async function connect(input: string): Promise<ConnectResponse> {
    const normalized = normalizeApiKey(input);
    if (!normalized.ok) return { ok: false, error: normalized.error };
    const verified = await deps.api.verifyKey(normalized.key);
    if (verified.kind === 'rejected') return { ok: false, error: 'rejected' };
    if (verified.kind === 'unavailable') return { ok: false, error: 'unavailable' };
    const connection: Connection = {
      organizationId: verified.me.organization.id,
      organizationName: verified.me.organization.name,
      email: verified.me.user.email,
      connectedAt: new Date(deps.now()).toISOString(),
    };
    await deps.apiKey.set(normalized.key);
    await deps.connection.set(connection);
    // A new key lifts a pause caused by a rejected one; what waited is sent now.
    void deps.delivery.resume().then(deps.refreshBadge);
    return { ok: true, connection };
  }

  async function exportData(): Promise<unknown> {
    const [settings, connection, deliveryState, leadCache, outbox, unreadable] = await Promise.all([
      deps.settings.get(),
      deps.connection.get(),
      deps.deliveryState.get(),
      deps.leadCache.entries(),
      deps.outbox.list(),
      deps.outbox.exportCorrupt(),
    ]);
    // Everything the extension stores on this device, except the API key.
    return {
      exportedAt: new Date(deps.now()).toISOString(),
      settings,
      connection,
      deliveryState,
      leadCache,
      outbox: outbox.map((item) => ({
        id: item.id,
        state: item.state,
        payload: item.payload,
        createdAt: new Date(item.createdAt).toISOString(),
        attempts: item.attempts,
        lastError: item.lastError,
        rejection: item.rejection,
      })),
      // Records this version cannot read, as stored: still the rep's data.
      unreadableOutbox: unreadable.map((record) => ({ key: record.key, problems: record.problems, record: record.value })),
    };
  }

  async function handleApp(request: AppRequest): Promise<unknown> {
    switch (request.type) {
      case 'get-status':
        return status();
      case 'connect':
        return connect(request.apiKey);
      case 'disconnect':
        await deps.apiKey.remove();
        await deps.connection.remove();
        if (request.discardQueue) await deps.delivery.clearAll();
        await deps.refreshBadge();
        return { ok: true };
      case 'retry-now':
        await deps.delivery.retryNow();
        await deps.refreshBadge();
        return status();
      case 'discard':
        await deps.delivery.discard(request.id);
        await deps.refreshBadge();
        return { ok: true };
      case 'edit': {
        const result: EditResponse = await deps.delivery.edit(request.id, request.fields);
        await deps.refreshBadge();
        return result;
      }
      case 'export-data':
        return { ok: true, data: await exportData() };
      case 'clear-data':
        await deps.delivery.clearAll();
        await deps.leadCache.clear();
        await deps.refreshBadge();
        return { ok: true };
      case 'capture-tab':
        return captureInTab(deps, request.tabId, request.details);
      case 'tab-bulk':
        return bulk.result(request.tabId);
    }
  }

  async function handleContent(
    request: Exclude<ContentRequest, { type: 'page-status' }>,
    sender: { source: LeadPayload['source']; pageUrl: string; tabId: number },
  ): Promise<unknown> {
    switch (request.type) {
      case 'capture': {
        if (!captureLimit.allow(sender.tabId, deps.now())) {
          deps.log('capture refused: too many from this tab', { source: sender.source });
          return { state: 'throttled' } satisfies CaptureOutcome;
        }
        return capture(request, sender);
      }
      case 'open-options':
        await deps.openOptionsPage();
        return { ok: true };
      case 'bulk-capture':
        return bulk.capture(request, sender);
    }
  }

  /** A runtime.onMessage listener: a promise for messages we answer, undefined for the rest. */
  return (raw: unknown, sender: SenderInfo): Promise<unknown> | undefined => {
    const from = classifySender(sender, deps.extensionId);
    if (from.kind === 'content-script') {
      const request = contentRequestSchema.safeParse(raw);
      if (request.success) {
        const message = request.data;
        if (message.type !== 'page-status') return handleContent(message, from);
        // Only about the tab's own address. Past a few a second the tab gets no answer, and no
        // log line either: a flood must not flood the console.
        return pageStatusLimit.allow(from.tabId, deps.now()) ? pageStatus(from.pageUrl) : undefined;
      }
    } else if (from.kind === 'extension-page') {
      const request = appRequestSchema.safeParse(raw);
      if (request.success) return handleApp(request.data);
    }
    deps.log('message rejected', { from: from.kind, type: messageType(raw) });
    return undefined;
  };
}
