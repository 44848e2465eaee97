/**
 * A bulk capture of a LinkedIn people search page (issue 13): the results the page's sensor read,
 * interpreted here as untrusted (lib/worker/sites/linkedin-search-interpret.ts), each person sent as
 * a capture of its own, with its own Idempotency-Key, through the same outbox as a single capture.
 *
 * Not sent: people captured in the last 7 days (the lead cache), people whose capture already waits
 * in the outbox (sending them again would queue a second record) or was refused and waits for the
 * rep's Edit or Discard, and results left to their profile. One bulk per tab every few seconds (BULK_CAPTURE_LIMIT); the tab's last result is kept in
 * memory for the popup until the tab navigates or closes (`BulkResults.forget`).
 */
import { leadPayloadSchema, type LeadPayload } from '../shared/contract';
import { countBulk } from '../shared/bulk-summary';
import type { BulkOutcome, BulkPerson, BulkResult, ContentRequest } from '../shared/messages';
import type { ParsedItem, Settings } from '../shared/storage';
import { isLinkedInPeopleSearch } from '../shared/sites/people-search';
import { cleanText } from '../shared/text';
import type { Delivery, DeliveryOutcome } from './delivery';
import type { LeadCache } from './lead-cache';
import type { Outbox } from './outbox';
import { BULK_CAPTURE_LIMIT, createRateLimiter } from './rate-limit';
import { interpretLinkedInSearch, type SearchPerson } from './sites/linkedin-search-interpret';

/** Tabs whose last bulk result is kept at most (the oldest is dropped first). */
const MAX_TABS = 50;

/** The last bulk result of each tab, in memory. */
export interface BulkResults {
  get(tabId: number): BulkResult | null;
  set(tabId: number, result: BulkResult): void;
  /** The tab navigated or closed: its result no longer describes what it shows. */
  forget(tabId: number): void;
}

export function createBulkResults(): BulkResults {
  const results = new Map<number, BulkResult>();
  return {
    get: (tabId) => results.get(tabId) ?? null,
    set(tabId, result) {
      results.delete(tabId);
      results.set(tabId, result);
      const oldest = results.keys().next();
      if (results.size > MAX_TABS && !oldest.done) results.delete(oldest.value);
    },
    forget: (tabId) => void results.delete(tabId),
  };
}

export interface BulkCaptureDeps {
  delivery: Pick<Delivery, 'captureMany'>;
  outbox: Pick<Outbox, 'isWaiting' | 'needsAttention'>;
  leadCache: Pick<LeadCache, 'lookup'>;
  apiKey: ParsedItem<string | null>;
  settings: ParsedItem<Settings>;
  results: BulkResults;
  now(): number;
  log(message: string, details: Record<string, string | number | boolean | null>): void;
}

function personState(outcome: DeliveryOutcome): BulkPerson['state'] {
  switch (outcome.state) {
    case 'captured':
      return outcome.existing ? 'existing' : 'captured';
    case 'queued':
    // Stored, and waiting for a key to be connected again.
    case 'not-connected':
      return 'queued';
    case 'rejected':
      return 'rejected';
    case 'outbox-full':
    // Erased (Clear local data) before it was sent.
    case 'refused':
      return 'not-saved';
  }
}

const displayName = (person: SearchPerson) => `${person.firstName} ${person.lastName}`.trim();

export function createBulkCapture(deps: BulkCaptureDeps) {
  const limit = createRateLimiter(BULK_CAPTURE_LIMIT);

  /** What each person is before anything is sent: a payload to send, or a state that needs no request. */
  async function prepare(person: SearchPerson, capturedAt: string): Promise<LeadPayload | BulkPerson['state']> {
    const [cached, waiting, refused] = await Promise.all([
      deps.leadCache.lookup(person.profileUrl),
      deps.outbox.isWaiting(person.profileUrl),
      deps.outbox.needsAttention(person.profileUrl),
    ]);
    if (cached) return 'cached';
    if (waiting) return 'queued';
    // Refused by Metrikia and waiting for the rep's Edit or Discard: sending it again would only be
    // refused again, as a second Needs attention entry.
    if (refused) return 'rejected';
    // Cleaned and held to the contract, as a single capture is: over a limit is not saved, not cut.
    const payload = leadPayloadSchema.safeParse({
      source: 'linkedin',
      profileUrl: person.profileUrl,
      firstName: cleanText(person.firstName),
      lastName: cleanText(person.lastName),
      jobTitle: person.jobTitle === null ? null : cleanText(person.jobTitle) || null,
      capturedAt,
    });
    return payload.success ? payload.data : 'not-saved';
  }

  /**
   * A `bulk-capture` from a content script. The platform and the page come from the tab's address:
   * only a LinkedIn people search tab may send one.
   */
  async function capture(
    request: Extract<ContentRequest, { type: 'bulk-capture' }>,
    sender: { source: LeadPayload['source']; pageUrl: string; tabId: number },
  ): Promise<BulkOutcome> {
    if (sender.source !== 'linkedin' || !isLinkedInPeopleSearch(sender.pageUrl)) {
      deps.log('bulk capture refused: not a people search tab', { source: sender.source });
      return { state: 'refused' };
    }
    if (!limit.allow(sender.tabId, deps.now())) {
      deps.log('bulk capture refused: too soon after the last one from this tab', { source: sender.source });
      return { state: 'throttled' };
    }
    const [settings, apiKey] = await Promise.all([deps.settings.get(), deps.apiKey.get()]);
    if (!settings.linkedin) return { state: 'refused' };
    if (!apiKey) return { state: 'not-connected' };
    const read = interpretLinkedInSearch(request.reading, sender.pageUrl);
    if (!read.ok) return { state: 'refused' };

    const capturedAt = new Date(deps.now()).toISOString();
    const prepared = await Promise.all(read.people.map((person) => prepare(person, capturedAt)));
    const payloads = prepared.filter((entry): entry is LeadPayload => typeof entry !== 'string');
    // One outbox write for them all, then each is sent as its own capture with its own Idempotency-Key.
    const outcomes = await deps.delivery.captureMany(payloads);
    const byUrl = new Map(payloads.map((payload, index) => [payload.profileUrl, outcomes[index]]));
    const people: BulkPerson[] = read.people.map((person, index) => {
      const entry = prepared[index];
      const outcome = byUrl.get(person.profileUrl);
      const state = typeof entry === 'string' ? entry : outcome ? personState(outcome) : 'not-saved';
      return { profileUrl: person.profileUrl, name: displayName(person), state };
    });
    const result: BulkResult = { counts: countBulk(people, read.fromProfile.length), people, fromProfile: read.fromProfile };
    deps.results.set(sender.tabId, result);
    return { state: 'done', counts: result.counts };
  }

  return { capture, result: (tabId: number) => deps.results.get(tabId) };
}
export type BulkCapture = ReturnType<typeof createBulkCapture>;
