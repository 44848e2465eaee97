/**
 * Every page of the hostile corpus (tests/fixtures/hostile/pages.ts) through the scrapers and the
 * background's capture rules, without a browser: happy-dom parses the page (its scripts are not
 * run), the site's sensor reads it at the address the rep would see, and the reading goes to
 * the real message handler as our content script would send it, which interprets it. What must hold for every page:
 * - the outcome is the one the corpus states: this exact lead, or this refusal;
 * - what would be sent passes the contract's schema, field limits included;
 * - the scraper stays fast however large or deep the page.
 * The browser tier (page scripts, our button, the API) is tests/e2e/hostile-pages.spec.ts.
 */
import type { PageAnswer } from '../../lib/shared/messages';
import { buttonStateOfOutcome } from '../../lib/worker/page-answer';
import { readdirSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { createMessageHandler, type BackgroundDeps } from '@/lib/worker/handlers';
import { LIMITS, leadPayloadSchema, type LeadPayload } from '@/lib/shared/contract';
import type { Delivery, DeliveryOutcome } from '@/lib/worker/delivery';
import { canonicalProfileUrl } from '@/lib/shared/profile-url';
import { DEFAULT_DELIVERY_STATE, DEFAULT_SETTINGS, type ParsedItem } from '@/lib/shared/storage';
import { hostilePages, readHostilePage, type HostileOutcome, type HostilePage } from '../fixtures/hostile/pages';
import { parseHtml } from '../support/dom';
import { scrape, sensors } from '../support/scrape';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const NOW = Date.UTC(2026, 10, 23, 9, 41, 7, 512);
/** Far above what any page takes here (the slowest, 10,000 sections, about 0.2 s in happy-dom). */
const SCRAPE_BUDGET_MS = 1500;

function item<T>(key: `local:${string}` | `sync:${string}`, value: T): ParsedItem<T> {
  return { key, fallback: value, get: async () => value, set: async () => undefined, remove: async () => undefined, watch: () => () => undefined };
}

/** The real handler, with a delivery that records what it is asked to send. */
function backgroundWithRecorder() {
  const sent: LeadPayload[] = [];
  const delivery: Pick<Delivery, 'capture' | 'status'> = {
    capture: async (payload) => {
      sent.push(payload);
      const outcome: DeliveryOutcome = { state: 'captured', capturedAt: payload.capturedAt, existing: false };
      return outcome;
    },
    status: async () => ({ waiting: 0, needsAttention: [], expiredCount: 0, expiringSoon: 0, unreadable: 0, full: false, keyRejected: false, rateLimitedUntil: null }),
  };
  const log = vi.fn<BackgroundDeps['log']>();
  const handle = createMessageHandler({
    extensionId: ID,
    api: { verifyKey: vi.fn() },
    delivery: delivery as Delivery,
    outbox: {} as BackgroundDeps['outbox'],
    leadCache: { lookup: async () => null } as unknown as BackgroundDeps['leadCache'],
    apiKey: item<string | null>('local:apiKey', 'mk_live_s3cr3t'),
    connection: item('local:connection', null),
    captureStates: { get: async () => ({ status: { state: 'none' }, person: null }) },
    uiLanguage: () => 'en-US',
    deliveryState: item('local:deliveryState', DEFAULT_DELIVERY_STATE),
    settings: item('sync:settings', DEFAULT_SETTINGS),
    now: () => NOW,
    openOptionsPage: async () => undefined,
    sendToTab: async () => undefined,
    tabAddress: async () => null,
    refreshBadge: async () => undefined,
    log,
  });
  return { handle, sent, log };
}

function unitExpectation(page: HostilePage): HostileOutcome | 'not-run' {
  return page.unit?.expected ?? page.expected;
}

describe('the hostile corpus', () => {
  it('has at least 30 pages, each a file of tests/fixtures/hostile/ with the tripwire, and every file is listed', () => {
    const files = readdirSync(new URL('../fixtures/hostile/', import.meta.url)).filter((name) => name.endsWith('.html'));
    expect(hostilePages.length).toBeGreaterThanOrEqual(30);
    expect([...files].sort()).toEqual(hostilePages.map((page) => page.file).sort());
    for (const page of hostilePages) {
      expect(readHostilePage(page.file), page.file).toContain('window.__pwned = false;');
    }
  });

  it('marks a representative dozen or more for the browser, covering both sites and every kind of outcome', () => {
    const e2e = hostilePages.filter((page) => page.e2e);
    expect(e2e.length).toBeGreaterThanOrEqual(12);
    expect(new Set(e2e.map((page) => page.expected.kind))).toEqual(new Set(['captured', 'refused', 'no-button']));
    expect(e2e.some((page) => page.url.startsWith('https://www.instagram.com/'))).toBe(true);
  });

  it('expects only leads that fit the contract', () => {
    for (const page of hostilePages) {
      if (page.expected.kind !== 'captured') continue;
      const result = leadPayloadSchema.safeParse({ ...page.expected.lead, capturedAt: new Date(NOW).toISOString() });
      expect(result.success, page.file).toBe(true);
    }
  });
});

describe.each(hostilePages.map((page) => [page.file, page] as const))('%s', (_file, page) => {
  const expected = unitExpectation(page);
  const address = page.addressAtClick ?? page.url;

  if (expected === 'not-run') {
    // Not skipped silently: a page happy-dom cannot hold must be one the browser suite runs.
    it(`runs in Chromium instead (happy-dom: ${page.unit?.why ?? ''})`, () => {
      expect(page.e2e, `${page.file} runs nowhere`).toBe(true);
    });
    return;
  }

  it(`${page.attack}: ${expected.kind}${page.unit ? ` (happy-dom: ${page.unit.why})` : ''}`, async () => {
    const document = parseHtml(readHostilePage(page.file));
    const profile = canonicalProfileUrl(address);
    if (expected.kind === 'no-button') {
      // The content script shows a button only where the address bar holds a profile.
      expect(profile).toBeNull();
      return;
    }
    const source = page.url.startsWith('https://www.instagram.com/') ? 'instagram' : 'linkedin';
    const started = performance.now();
    const reading = sensors[source].read(document, address);
    expect(performance.now() - started).toBeLessThan(SCRAPE_BUDGET_MS);
    const scraped = scrape(source, document, address);

    // What the background makes of it, sent as our content script in that tab would send it.
    const background = backgroundWithRecorder();
    const sender = { id: ID, url: page.url, origin: new URL(page.url).origin, frameId: 0, tab: { id: 1, url: address } };
    const answer = await background.handle({ type: 'capture', reading }, sender);

    if (expected.kind === 'refused') {
      expect(scraped).toMatchObject({ ok: false, reason: expected.reason });
      // An address that is no profile is refused before anything is read.
      // Answered as the page's button shows it (lib/worker/page-answer.ts).
      expect((answer as PageAnswer).state).toEqual(
        buttonStateOfOutcome(profile === null ? { state: 'refused' } : { state: 'unreadable', reason: expected.reason, found: scraped.ok ? null : scraped.found }),
      );
      expect(background.sent).toEqual([]);
      return;
    }
    expect(scraped.ok).toBe(true);
    if (!scraped.ok) return;
    const { source: expectedSource, ...lead } = expected.lead;
    expect(scraped.lead).toEqual(lead);
    expect(expectedSource).toBe(source);

    expect(answer).toMatchObject({ state: { kind: 'captured' } });
    expect(background.sent).toEqual([{ ...expected.lead, capturedAt: '2026-11-23T09:41:07.512Z' }]);
    const payload = leadPayloadSchema.parse(background.sent[0]);
    expect(payload.firstName.length).toBeLessThanOrEqual(LIMITS.firstName);
    expect(payload.lastName.length).toBeLessThanOrEqual(LIMITS.lastName);
    expect((payload.jobTitle ?? '').length).toBeLessThanOrEqual(LIMITS.jobTitle);
    expect(background.log).not.toHaveBeenCalled();
  });
});
