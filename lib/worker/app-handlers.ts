/**
 * The worker's answers to the extension's own pages about the rep's data: the status the popup
 * and the options page draw, connecting a key, and "Export my data". Called by the message handler
 * (lib/worker/handlers.ts).
 */
import type { Connection } from '../shared/contract';
import type { AppStatus, ConnectResponse, NeedsAttentionItem } from '../shared/messages';
import { normalizeApiKey } from './api-key';
import type { BackgroundDeps } from './handlers';
import type { OutboxItem } from './outbox';

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

export async function appStatus(deps: Pick<BackgroundDeps, 'delivery' | 'connection' | 'leadCache'>): Promise<AppStatus> {
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
    expiringSoon: delivery.expiringSoon,
    unreadable: delivery.unreadable,
    cachedProfiles,
    outboxFull: delivery.full,
  };
}

export async function connectKey(deps: BackgroundDeps, input: string): Promise<ConnectResponse> {
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

export async function exportData(deps: BackgroundDeps): Promise<unknown> {
  const [settings, connection, deliveryState, leadCache, { items: outbox, unreadable }] = await Promise.all([
    deps.settings.get(),
    deps.connection.get(),
    deps.deliveryState.get(),
    deps.leadCache.entries(),
    deps.outbox.read(),
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
