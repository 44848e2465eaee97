/**
 * A bulk capture of a people search page (issue 13) through the worker's real message handler, the
 * real delivery, outbox (fake-indexeddb) and lead cache (fakeBrowser storage), against a scripted
 * API. What is proved: each person of the fixture page reaches the API once, as its own capture
 * with its own Idempotency-Key, written to the outbox first; the cached person is not sent; a
 * second click sends nothing new, online or offline (nothing queued twice); one bulk per tab every
 * 5 s, apart from the 10 single captures a minute; only a people search tab may send one; the tab's
 * last result is kept for the popup until the tab navigates.
 */
import 'fake-indexeddb/auto';
import { createStore, get } from 'idb-keyval';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readLinkedInSearch } from '../../lib/content/sites/linkedin-search';
import type { LeadPayload } from '../../lib/shared/contract';
import { bulkSummary } from '../../lib/shared/bulk-summary';
import { buttonCatalogs } from '../../lib/shared/i18n/button';
import { createTranslator } from '../../lib/shared/i18n/translate';
import type { PageAnswer } from '../../lib/shared/messages';
import { apiKeyItem, connectionItem, deliveryStateItem, settingsItem, DEFAULT_SETTINGS } from '../../lib/shared/storage';
import type { DeliveryResult } from '../../lib/worker/api';
import { createBulkResults } from '../../lib/worker/bulk-capture';
import { createDelivery } from '../../lib/worker/delivery';
import { CAPTURE_LIMIT, createMessageHandler } from '../../lib/worker/handlers';
import { createLeadCache } from '../../lib/worker/lead-cache';
import { createOutbox, OUTBOX_STORE_NAME } from '../../lib/worker/outbox';
import { BULK_CAPTURE_LIMIT } from '../../lib/worker/rate-limit';
import type { SenderInfo } from '../../lib/worker/sender';
import { readFixture } from '../fixtures/pages';
import { searchFixtures } from '../fixtures/search-pages';
import { parseHtml } from '../support/dom';
import { linkedInReading, searchResult } from '../support/readings';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const KEY = 'mk_live_s3cr3t';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const [english] = searchFixtures;
if (english === undefined) throw new Error('no search fixture');

const tab = (url: string, id = 7): SenderInfo => ({ id: ID, url, origin: 'https://www.linkedin.com', frameId: 0, tab: { id, url } });
const popup: SenderInfo = { id: ID, url: `chrome-extension://${ID}/popup.html`, origin: `chrome-extension://${ID}` };
const bulkOf = (file: string) => ({ type: 'bulk-capture', reading: readLinkedInSearch(parseHtml(readFixture(file))) });

let clock: number;

async function setup(respond: (payload: LeadPayload) => DeliveryResult = () => ({ kind: 'delivered', leadId: 'lead', status: 'created', replayed: false })) {
  fakeBrowser.reset();
  clock = Date.UTC(2026, 11, 1, 9, 0, 0);
  await apiKeyItem.set(KEY);
  const store = createStore(`bulk-${crypto.randomUUID()}`, OUTBOX_STORE_NAME);
  const outbox = createOutbox(store);
  const leadCache = createLeadCache({ now: () => clock });
  const calls: Array<{ payload: LeadPayload; idempotencyKey: string; persisted: boolean }> = [];
  let answer = respond;
  const delivery = createDelivery({
    outbox,
    api: {
      postLead: async (_key, payload, idempotencyKey) => {
        calls.push({ payload, idempotencyKey, persisted: (await get(idempotencyKey, store)) !== undefined });
        return answer(payload);
      },
    },
    leadCache,
    getApiKey: () => apiKeyItem.get(),
    deliveryState: deliveryStateItem,
    scheduleWakeUp: async () => undefined,
    now: () => clock,
    random: () => 0.5,
  });
  const bulkResults = createBulkResults();
  const log = vi.fn();
  const handlePage = createMessageHandler({
    extensionId: ID,
    api: { verifyKey: vi.fn() },
    delivery,
    outbox,
    leadCache,
    apiKey: apiKeyItem,
    connection: connectionItem,
    deliveryState: deliveryStateItem,
    settings: settingsItem,
    captureStates: { get: async () => ({ status: { state: 'none' }, person: null }) },
    uiLanguage: () => 'en-US',
    now: () => clock,
    openOptionsPage: async () => undefined,
    sendToTab: async () => undefined,
    tabAddress: async () => null,
    refreshBadge: async () => undefined,
    bulkResults,
    log,
  });
  /**
   * The handler's answer to a people search page is the button's state and words; the numbers it
   * words are the tab's bulk result. Read back as the bulk's outcome, to check both.
   */
  const handle = (message: unknown, sender: SenderInfo): Promise<unknown> | undefined =>
    handlePage(message, sender)?.then((answer) => asOutcome(answer as PageAnswer, sender));
  const asOutcome = (answer: PageAnswer, sender: SenderInfo): unknown => {
    if (typeof answer !== 'object' || answer === null || !('words' in answer)) return answer;
    const { state } = answer;
    if (state.kind === 'idle') {
      const counts = bulkResults.get(sender.tab?.id ?? -1)?.counts;
      expect(answer.words.detail).toBe(counts ? bulkSummary(counts, createTranslator(buttonCatalogs, 'en')) : '');
      return { state: 'done', counts };
    }
    return state.kind === 'failed' ? { state: state.reason } : { state: state.kind };
  };
  return {
    handle,
    outbox,
    leadCache,
    calls,
    log,
    bulkResults,
    sentSlugs: () => calls.map((call) => call.payload.profileUrl),
    respondWith(next: (payload: LeadPayload) => DeliveryResult) {
      answer = next;
    },
  };
}

const offline = (): DeliveryResult => ({ kind: 'retryable', reason: 'network', httpStatus: null });

describe('a bulk capture', () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    ctx = await setup();
  });

  it.each(searchFixtures.map((fixture) => [fixture.file, fixture] as const))(
    '%s: sends each expected person once, as its own capture written to the outbox first, and not the cached one',
    async (file, fixture) => {
      if (fixture.cached) await ctx.leadCache.record(fixture.cached, { capturedAt: new Date(clock - 86_400_000).toISOString(), leadId: 'lead_0' });
      const answer = await ctx.handle(bulkOf(file), tab(fixture.url));
      const sent = fixture.people.filter((person) => person.profileUrl !== fixture.cached);
      expect(ctx.calls.map((call) => call.payload)).toEqual(
        sent.map((person) => ({ source: 'linkedin', ...person, capturedAt: new Date(clock).toISOString() })),
      );
      expect(ctx.calls.every((call) => call.persisted && UUID_V4.test(call.idempotencyKey))).toBe(true);
      expect(new Set(ctx.calls.map((call) => call.idempotencyKey)).size).toBe(sent.length);
      expect(answer).toEqual({
        state: 'done',
        counts: { captured: sent.length, alreadyCaptured: fixture.cached ? 1 : 0, queued: 0, refused: 0, notSaved: 0, fromProfile: fixture.fromProfile.length },
      });
      expect((await ctx.outbox.read()).items).toEqual([]);
    },
  );

  it('sends nothing new on a second click (5 s later): everyone is in the lead cache now', async () => {
    await ctx.handle(bulkOf(english.file), tab(english.url));
    clock += BULK_CAPTURE_LIMIT.windowMs;
    const second = await ctx.handle(bulkOf(english.file), tab(english.url));
    expect(ctx.sentSlugs()).toEqual(english.people.map((person) => person.profileUrl));
    expect(second).toMatchObject({ state: 'done', counts: { captured: 0, alreadyCaptured: english.people.length } });
  });

  it('offline: queues each person once, and a second click queues nothing twice', async () => {
    ctx.respondWith(offline);
    const first = await ctx.handle(bulkOf(english.file), tab(english.url));
    expect(first).toMatchObject({ state: 'done', counts: { captured: 0, queued: english.people.length } });
    clock += BULK_CAPTURE_LIMIT.windowMs;
    const second = await ctx.handle(bulkOf(english.file), tab(english.url));
    expect(second).toMatchObject({ state: 'done', counts: { captured: 0, queued: english.people.length } });
    const waiting = (await ctx.outbox.read()).items;
    expect(waiting.map((item) => item.payload.profileUrl).sort()).toEqual(english.people.map((person) => person.profileUrl).sort());
    expect(ctx.calls).toHaveLength(english.people.length); // the second click made no request
  });

  it('is refused a second time from the same tab within 5 s; another tab is not', async () => {
    await ctx.handle(bulkOf(english.file), tab(english.url));
    clock += BULK_CAPTURE_LIMIT.windowMs - 1;
    expect(await ctx.handle(bulkOf(english.file), tab(english.url))).toEqual({ state: 'throttled' });
    expect(await ctx.handle(bulkOf(english.file), tab(english.url, 8))).toMatchObject({ state: 'done' }); // another tab
  });

  it(`does not use up the ${CAPTURE_LIMIT.limit} single captures a minute of its tab`, async () => {
    await ctx.handle(bulkOf(english.file), tab(english.url));
    const reading = linkedInReading({ titles: ['Jane Doe | LinkedIn'] });
    const answers = [];
    for (let n = 0; n < CAPTURE_LIMIT.limit; n += 1) {
      const url = `https://www.linkedin.com/in/jane-doe-${n}/`;
      answers.push(await ctx.handle({ type: 'capture', reading }, tab(url)));
    }
    expect(answers.filter((answer) => (answer as { state: string }).state === 'throttled')).toEqual([]);
  });

  it.each([
    ['a profile tab', 'https://www.linkedin.com/in/jane-doe/'],
    ['a companies search tab', 'https://www.linkedin.com/search/results/companies/?keywords=acme'],
    ['the feed', 'https://www.linkedin.com/feed/'],
  ])('is refused from %s, and nothing is sent', async (_name, url) => {
    expect(await ctx.handle(bulkOf(english.file), tab(url))).toEqual({ state: 'refused' });
    expect(ctx.calls).toEqual([]);
    expect(JSON.stringify(ctx.log.mock.calls)).not.toContain('linkedin.com');
  });

  it('is refused when LinkedIn is turned off, says Not connected without a key, and sends nothing', async () => {
    await settingsItem.set({ ...DEFAULT_SETTINGS, linkedin: false });
    expect(await ctx.handle(bulkOf(english.file), tab(english.url))).toEqual({ state: 'refused' });
    await settingsItem.set(DEFAULT_SETTINGS);
    await apiKeyItem.remove();
    clock += BULK_CAPTURE_LIMIT.windowMs;
    expect(await ctx.handle(bulkOf(english.file), tab(english.url))).toEqual({ state: 'not-connected' });
    expect(ctx.calls).toEqual([]);
  });

  it('gets no answer for a reading of more than 25 results, or from the popup', async () => {
    const result = searchResult('A B', '/in/a-b/');
    expect(ctx.handle({ type: 'bulk-capture', reading: { results: Array(26).fill(result) } }, tab(english.url))).toBeUndefined();
    expect(ctx.handle(bulkOf(english.file), popup)).toBeUndefined();
    expect(ctx.calls).toEqual([]);
  });

  it('does not send again a person Metrikia refused, whose capture waits for Edit or Discard', async () => {
    const refusedUrl = 'https://www.linkedin.com/in/tomasz-nowak';
    ctx.respondWith((payload) =>
      payload.profileUrl === refusedUrl
        ? { kind: 'rejected', httpStatus: 422, code: 'validation_failed', message: 'no', fields: {} }
        : { kind: 'delivered', leadId: 'lead', status: 'created', replayed: false },
    );
    await ctx.handle(bulkOf(english.file), tab(english.url));
    const sentFirst = ctx.calls.length;
    expect(ctx.sentSlugs().filter((url) => url === refusedUrl)).toHaveLength(1);
    clock += BULK_CAPTURE_LIMIT.windowMs;
    const second = await ctx.handle(bulkOf(english.file), tab(english.url));
    expect(ctx.calls).toHaveLength(sentFirst);
    expect(second).toMatchObject({ state: 'done', counts: { refused: 1, captured: 0 } });
    expect((await ctx.outbox.read()).items.filter((item) => item.payload.profileUrl === refusedUrl)).toHaveLength(1);
  });

  it('keeps the tab’s last result for the popup (tab-bulk), per person, until the tab navigates', async () => {
    await ctx.leadCache.record('https://www.linkedin.com/in/lucas-moreau-paris', { capturedAt: new Date(clock).toISOString(), leadId: 'lead_0' });
    ctx.respondWith((payload) =>
      payload.profileUrl.endsWith('tomasz-nowak')
        ? { kind: 'rejected', httpStatus: 422, code: 'validation_failed', message: 'no', fields: {} }
        : payload.profileUrl.endsWith('kwame-mensah')
          ? offline()
          : { kind: 'delivered', leadId: 'lead', status: payload.profileUrl.endsWith('sofia-garcia-mba') ? 'existing' : 'created', replayed: false },
    );
    expect(await ctx.handle({ type: 'tab-bulk', tabId: 7 }, popup)).toBeNull();
    const answer = await ctx.handle(bulkOf(english.file), tab(english.url));
    expect(answer).toEqual({ state: 'done', counts: { captured: 1, alreadyCaptured: 2, queued: 1, refused: 1, notSaved: 0, fromProfile: 4 } });
    const result = await ctx.handle({ type: 'tab-bulk', tabId: 7 }, popup);
    expect(result).toEqual({
      counts: { captured: 1, alreadyCaptured: 2, queued: 1, refused: 1, notSaved: 0, fromProfile: 4 },
      people: [
        { profileUrl: 'https://www.linkedin.com/in/amelie-laurent-4b2c1a', name: 'Amélie Laurent', state: 'captured' },
        { profileUrl: 'https://www.linkedin.com/in/tomasz-nowak', name: 'Tomasz Nowak', state: 'rejected' },
        { profileUrl: 'https://www.linkedin.com/in/lucas-moreau-paris', name: 'Lucas Moreau', state: 'cached' },
        { profileUrl: 'https://www.linkedin.com/in/sofia-garcia-mba', name: 'Sofia García', state: 'existing' },
        { profileUrl: 'https://www.linkedin.com/in/kwame-mensah', name: 'Kwame Mensah', state: 'queued' },
      ],
      fromProfile: english.fromProfile,
    });
    expect(await ctx.handle({ type: 'tab-bulk', tabId: 8 }, popup)).toBeNull();
    ctx.bulkResults.forget(7);
    expect(await ctx.handle({ type: 'tab-bulk', tabId: 7 }, popup)).toBeNull();
  });
});

describe('handing the people to the delivery', () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    ctx = await setup();
  });

  it('writes everyone to be sent in one outbox write, in page order, and sends each once', async () => {
    const addMany = vi.spyOn(ctx.outbox, 'addMany');
    const fixture = english;
    if (fixture.cached) await ctx.leadCache.record(fixture.cached, { capturedAt: new Date(clock - 86_400_000).toISOString(), leadId: 'lead_0' });
    await ctx.handle(bulkOf(fixture.file), tab(fixture.url));
    const sent = fixture.people.filter((person) => person.profileUrl !== fixture.cached).map((person) => person.profileUrl);
    expect(addMany).toHaveBeenCalledTimes(1);
    expect(addMany.mock.calls[0]?.[0].map((payload) => payload.profileUrl)).toEqual(sent);
    expect([...ctx.sentSlugs()].sort()).toEqual([...sent].sort());
  });
});
