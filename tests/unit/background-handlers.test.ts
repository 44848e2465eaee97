/**
 * The background's message handler (lib/worker/handlers.ts) against every kind of sender, with
 * fakes for everything it touches. What is proved here, per issue 7:
 * - captures only from our content scripts in the top frame of a LinkedIn or Instagram tab;
 *   settings and queue commands only from our own pages; anything else gets no answer and touches
 *   nothing;
 * - every payload is parsed with the contract's limits;
 * - the platform comes from the sender's address, never from the payload, and a capture's
 *   profileUrl must be the canonical form of that address;
 * - a refusal is logged without personal data: no name, no URL, no key, nothing the message carried;
 * - the key is in no answer.
 */
import { beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import type { ApiClient, VerifyResult } from '@/lib/worker/api';
import { CAPTURE_LIMIT, PAGE_STATUS_LIMIT, createMessageHandler, type BackgroundDeps } from '@/lib/worker/handlers';
import { LIMITS, leadPayloadSchema, type LeadPayload } from '@/lib/shared/contract';
import type { Delivery, DeliveryOutcome, DeliveryStatus } from '@/lib/worker/delivery';
import type { LeadCache } from '@/lib/worker/lead-cache';
import type { Outbox, OutboxItem } from '@/lib/worker/outbox';
import type { SenderInfo } from '@/lib/worker/sender';
import { createCaptureStates } from '@/lib/worker/capture-states';
import { captureInTab } from '@/lib/worker/capture-handler';
import { describeState } from '@/lib/shared/button-label';
import { buttonCatalogs } from '@/lib/shared/i18n/button';
import { createTranslator } from '@/lib/shared/i18n/translate';
import type { PageAnswer } from '@/lib/shared/messages';
import type { Connection } from '@/lib/shared/contract';
import type { CaptureState } from '@/lib/shared/messages';
import {
  DEFAULT_DELIVERY_STATE,
  DEFAULT_SETTINGS,
  type DeliveryState,
  type ParsedItem,
  type Settings,
} from '@/lib/shared/storage';
import { MAX_CARDS } from '@/lib/shared/sites/read-limits';
import { linkedInCard, linkedInReading } from '../support/readings';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const OTHER_ID = 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz';
const KEY = 'mk_live_s3cr3t_k3y';
const NOW = Date.UTC(2026, 10, 23, 9, 41, 7, 512);
const JANE_URL = 'https://www.linkedin.com/in/jane-doe';
const JANE_TAB = 'https://www.linkedin.com/in/jane-doe/';
const INSTA_URL = 'https://www.instagram.com/jane.doe';
const INSTA_TAB = 'https://www.instagram.com/jane.doe/';

// ---- senders, as Chrome describes them --------------------------------------------------------------

const linkedinTab: SenderInfo = { id: ID, url: JANE_TAB, origin: 'https://www.linkedin.com', frameId: 0, tab: { id: 7, url: JANE_TAB } };
const instagramTab: SenderInfo = { id: ID, url: INSTA_TAB, origin: 'https://www.instagram.com', frameId: 0, tab: { id: 8, url: INSTA_TAB } };
const popup: SenderInfo = { id: ID, url: `chrome-extension://${ID}/popup.html`, origin: `chrome-extension://${ID}` };
const optionsInTab: SenderInfo = {
  id: ID,
  url: `chrome-extension://${ID}/options.html`,
  origin: `chrome-extension://${ID}`,
  frameId: 0,
  tab: { id: 9 },
};

/** Senders that may send nothing at all. */
const UNTRUSTED: Array<[string, SenderInfo]> = [
  ['our content script in an iframe of a LinkedIn profile', { ...linkedinTab, frameId: 3 }],
  ['another extension, from a LinkedIn tab', { ...linkedinTab, id: OTHER_ID }],
  ['another extension’s page', { id: OTHER_ID, url: `chrome-extension://${OTHER_ID}/popup.html`, origin: `chrome-extension://${OTHER_ID}` }],
  ['a sender without an extension id (a web page)', { url: JANE_TAB, origin: 'https://www.linkedin.com', frameId: 0, tab: { id: 7 } }],
  ['our content script on http://www.linkedin.com', { ...linkedinTab, url: 'http://www.linkedin.com/in/jane-doe/', origin: 'http://www.linkedin.com' }],
  ['our content script on a look-alike host', { ...linkedinTab, url: 'https://www.linkedin.com.evil.example/in/jane-doe/', origin: 'https://www.linkedin.com.evil.example' }],
  ['a frame whose origin disagrees with its URL', { ...linkedinTab, origin: 'https://evil.example' }],
  ['a tab without an id', { ...linkedinTab, tab: {} }],
  ['a data: page claiming our id', { id: ID, url: 'data:text/html,<h1>x</h1>', frameId: 0, tab: { id: 7 } }],
];

// ---- messages -----------------------------------------------------------------------------------------

/** What the LinkedIn sensor reads on Jane's profile (lib/content/sites/linkedin.ts), as it is sent. */
const janeReading = linkedInReading({
  cards: [linkedInCard('Jane Doe', { links: ['/in/jane-doe/overlay/contact-info/'], after: ['Head of Growth'] })],
  titles: ['Jane Doe | LinkedIn'],
});
/** A name in the card's link to Jane's profile (the 2026 layout), and nothing else. */
const readingNamed = (name: string, headline = 'Head of Growth') =>
  linkedInReading({ cards: [linkedInCard(name, { nameLink: '/in/jane-doe/', links: ['/in/jane-doe/'], after: [headline] })] });
const instagramReading = {
  site: 'instagram',
  loginForm: false,
  header: { username: 'jane.doe', selfLink: '/jane.doe/followers/', displayNames: ['Jane Doe'] },
  titles: ['Jane Doe (@jane.doe) • Instagram photos and videos'],
};
const captureJane = { type: 'capture', reading: janeReading };
const details = { firstName: 'Jane', lastName: 'Doe', jobTitle: 'Head of Growth' };
const APP_REQUESTS: Array<Record<string, unknown>> = [
  { type: 'get-status' },
  { type: 'connect', apiKey: 'mk_live_attacker_key' },
  { type: 'disconnect', discardQueue: true },
  { type: 'retry-now' },
  { type: 'discard', id: 'x' },
  { type: 'edit', id: 'x', fields: { firstName: 'A', lastName: 'B', jobTitle: null } },
  { type: 'export-data' },
  { type: 'clear-data' },
  { type: 'capture-tab', tabId: 7 },
  { type: 'capture-tab', tabId: 7, expectedPage: JANE_URL },
  { type: 'capture-state', profileUrl: JANE_URL },
  { type: 'tab-bulk', tabId: 7 },
];

// ---- fakes --------------------------------------------------------------------------------------------

interface MemoryItem<T> extends ParsedItem<T> {
  value: T;
  get: Mock<() => Promise<T>>;
  set: Mock<(value: T) => Promise<void>>;
  remove: Mock<() => Promise<void>>;
}

function memoryItem<T>(key: `local:${string}` | `sync:${string}`, fallback: T, initial: T = fallback): MemoryItem<T> {
  const item: MemoryItem<T> = {
    key,
    fallback,
    value: initial,
    get: vi.fn(async () => item.value),
    set: vi.fn(async (value: T) => {
      item.value = value;
    }),
    remove: vi.fn(async () => {
      item.value = fallback;
    }),
    watch: () => () => undefined,
  };
  return item;
}

const emptyStatus: DeliveryStatus = {
  waiting: 0,
  needsAttention: [],
  expiredCount: 0,
  expiringSoon: 0,
  unreadable: 0,
  full: false,
  keyRejected: false,
  rateLimitedUntil: null,
};

/** The outcome a page's answer shows (the inverse of buttonStateOfOutcome), with its words checked. */
function outcomeShown(answer: PageAnswer): unknown {
  const { state, words } = answer;
  expect(words.label).toBe(describeState(state, createTranslator(buttonCatalogs, 'en'), 'en', { serverText: false }).label);
  switch (state.kind) {
    case 'captured':
      return { state: 'captured', capturedAt: state.capturedAt, existing: state.existing };
    case 'queued':
      return { state: 'queued', reason: state.reason };
    case 'not-connected':
      return { state: 'not-connected' };
    case 'failed':
      if (state.reason === 'rejected') return { state: 'rejected', message: state.message };
      if (state.reason === 'refused' || state.reason === 'outbox-full' || state.reason === 'throttled') return { state: state.reason };
      return { state: 'unreadable', reason: state.reason, found: state.found ?? null };
    default:
      return { state: state.kind };
  }
}

function setup(options: { key?: string | null; settings?: Settings } = {}) {
  const captured: DeliveryOutcome = { state: 'captured', capturedAt: new Date(NOW).toISOString(), existing: false };
  const delivery = {
    capture: vi.fn(async (_payload: LeadPayload) => captured),
    captureMany: vi.fn(async (payloads: readonly LeadPayload[]) => payloads.map(() => captured)),
    badge: vi.fn(async () => ({ waiting: 0, needsAttention: 0, keyRejected: false, expiringSoon: 0 })),
    drain: vi.fn(),
    retryNow: vi.fn(async () => ({ delivered: 0, retrying: 0, needsAttention: 0, expired: 0, failed: 0, pausedBy: null, nextWakeUpAt: null })),
    resume: vi.fn(async () => ({ delivered: 0, retrying: 0, needsAttention: 0, expired: 0, failed: 0, pausedBy: null, nextWakeUpAt: null })),
    discard: vi.fn(async () => true),
    edit: vi.fn(async () => ({ ok: false as const, error: 'not-found' as const })),
    clearAll: vi.fn(async () => undefined),
    status: vi.fn(async () => emptyStatus),
  } satisfies Delivery;
  const leadCache = {
    lookup: vi.fn(async (_url: string) => ({ capturedAt: '2026-11-20T10:00:00.000Z', leadId: 'lead_0' })),
    record: vi.fn(async () => undefined),
    prune: vi.fn(async () => 0),
    count: vi.fn(async () => 1),
    clear: vi.fn(async () => undefined),
    entries: vi.fn(async () => []),
  } satisfies LeadCache;
  const outbox = {
    addMany: vi.fn(),
    read: vi.fn(async () => ({ items: [] as OutboxItem[], unreadable: [] })),
    apply: vi.fn(),
    clear: vi.fn(),
    summary: vi.fn(),
    isWaiting: vi.fn(async (_url: string) => false),
    needsAttention: vi.fn(async (_url: string) => false),
  } satisfies Outbox;
  const verified: VerifyResult = { kind: 'ok', me: { organization: { id: 'org_1', name: 'Acme' }, user: { email: 'rep@acme.io' } } };
  const api = { verifyKey: vi.fn<ApiClient['verifyKey']>(async () => verified) };
  const connection: Connection = { organizationId: 'org_1', organizationName: 'Acme', email: 'rep@acme.io', connectedAt: '2026-11-01T00:00:00.000Z' };
  const captureStates = createCaptureStates({ outbox, leadCache });
  const deps = {
    extensionId: ID,
    api,
    delivery,
    outbox,
    leadCache,
    apiKey: memoryItem<string | null>('local:apiKey', null, options.key === undefined ? KEY : options.key),
    connection: memoryItem<Connection | null>('local:connection', null, connection),
    deliveryState: memoryItem<DeliveryState>('local:deliveryState', DEFAULT_DELIVERY_STATE),
    settings: memoryItem<Settings>('sync:settings', DEFAULT_SETTINGS, options.settings ?? DEFAULT_SETTINGS),
    captureStates: { get: vi.fn(captureStates.get) },
    uiLanguage: () => 'en-US',
    now: () => NOW,
    openOptionsPage: vi.fn(async () => undefined),
    sendToTab: vi.fn(async (_tabId: number, _request: unknown): Promise<unknown> => ({ profileUrl: null, state: null })),
    tabAddress: vi.fn(async (_tabId: number): Promise<string | null> => 'https://www.linkedin.com/in/jane-doe/'),
    refreshBadge: vi.fn(async () => undefined),
    log: vi.fn<BackgroundDeps['log']>(),
  };
  const handlePage = createMessageHandler(deps);
  /**
   * A capture's answer to the page is the button's state and its words (lib/worker/page-answer.ts);
   * read back here as the outcome it shows, the words checked to be the state's.
   */
  const handle = (message: unknown, sender: SenderInfo): Promise<unknown> | undefined => {
    const pending = handlePage(message, sender);
    const isCapture = typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'capture';
    return isCapture ? pending?.then((answer) => outcomeShown(answer as PageAnswer)) : pending;
  };
  /** Every dependency call that reads or changes state, the log excepted. */
  const effects = () => [
    ...Object.values(delivery),
    ...Object.values(leadCache),
    ...Object.values(outbox),
    api.verifyKey,
    deps.apiKey.get,
    deps.apiKey.set,
    deps.apiKey.remove,
    deps.connection.get,
    deps.connection.set,
    deps.connection.remove,
    deps.settings.get,
    deps.openOptionsPage,
    deps.sendToTab,
    deps.tabAddress,
    deps.captureStates.get,
    deps.refreshBadge,
  ].reduce((calls, fn) => calls + fn.mock.calls.length, 0);
  return { handle, handlePage, deps, delivery, leadCache, api, effects };
}

/** Everything the handler wrote to the log, as one string. */
const logged = (deps: ReturnType<typeof setup>['deps']) => JSON.stringify(deps.log.mock.calls);

/** Strings that must never appear in a log line: personal data, addresses, the key. */
function expectNoPersonalData(text: string, extra: string[] = []): void {
  for (const secret of ['Jane', 'Doe', 'jane-doe', 'jane.doe', 'linkedin.com', 'instagram.com', 'http', KEY, 'Head of Growth', ...extra]) {
    expect(text).not.toContain(secret);
  }
}

let ctx: ReturnType<typeof setup>;
beforeEach(() => {
  ctx = setup();
});

describe('who may send what', () => {
  it('answers a capture from our content script in the top frame of a LinkedIn tab', async () => {
    const answer = await ctx.handle(captureJane, linkedinTab);
    expect(answer).toEqual({ state: 'captured', capturedAt: new Date(NOW).toISOString(), existing: false });
    expect(ctx.delivery.capture).toHaveBeenCalledOnce();
  });

  it.each(UNTRUSTED)('%s: no message is answered, nothing is touched, the refusal is logged', async (_name, sender) => {
    for (const message of [captureJane, { type: 'page-status' }, { type: 'open-options' }, ...APP_REQUESTS]) {
      expect(ctx.handle(message, sender)).toBeUndefined();
    }
    expect(ctx.effects()).toBe(0);
    expect(ctx.deps.log).toHaveBeenCalledTimes(3 + APP_REQUESTS.length);
    for (const [message, details] of ctx.deps.log.mock.calls) {
      expect(message).toBe('message rejected');
      expect(details.from).toBe('untrusted');
    }
    expectNoPersonalData(logged(ctx.deps), ['attacker']);
  });

  it.each([
    ['the popup', popup],
    ['the options page in a tab', optionsInTab],
  ])('%s may not send a capture, a page-status or open-options', async (_name, sender) => {
    expect(ctx.handle(captureJane, sender)).toBeUndefined();
    expect(ctx.handle({ type: 'page-status' }, sender)).toBeUndefined();
    expect(ctx.handle({ type: 'open-options' }, sender)).toBeUndefined();
    expect(ctx.effects()).toBe(0);
    expect(ctx.deps.log.mock.calls.map(([, details]) => details)).toEqual([
      { from: 'extension-page', type: 'capture' },
      { from: 'extension-page', type: 'page-status' },
      { from: 'extension-page', type: 'open-options' },
    ]);
  });

  it.each([
    ['LinkedIn', linkedinTab],
    ['Instagram', instagramTab],
  ])('a content script on %s gets nothing for a settings or queue command', async (_name, sender) => {
    for (const message of APP_REQUESTS) expect(ctx.handle(message, sender)).toBeUndefined();
    expect(ctx.effects()).toBe(0);
    expect(ctx.api.verifyKey).not.toHaveBeenCalled();
    expect(ctx.deps.apiKey.value).toBe(KEY);
    expect(ctx.deps.log.mock.calls.map(([, details]) => details.from)).toEqual(APP_REQUESTS.map(() => 'content-script'));
    expectNoPersonalData(logged(ctx.deps), ['attacker']);
  });

  it.each([
    ['the popup', popup],
    ['the options page in a tab', optionsInTab],
  ])('%s may ask for the status, export, connect and disconnect', async (_name, sender) => {
    await expect(ctx.handle({ type: 'get-status' }, sender)).resolves.toMatchObject({ waiting: 0, cachedProfiles: 1 });
    await expect(ctx.handle({ type: 'export-data' }, sender)).resolves.toMatchObject({ ok: true });
    await expect(ctx.handle({ type: 'connect', apiKey: ' mk_live_new ' }, sender)).resolves.toMatchObject({ ok: true });
    expect(ctx.deps.apiKey.value).toBe('mk_live_new');
    ctx.deps.refreshBadge.mockClear();
    await expect(ctx.handle({ type: 'disconnect', discardQueue: false }, sender)).resolves.toEqual({ ok: true });
    expect(ctx.deps.apiKey.value).toBeNull();
    // Captures now held by no key may be removed tomorrow: the badge is drawn again.
    expect(ctx.deps.refreshBadge).toHaveBeenCalledTimes(1);
    expect(ctx.deps.log).not.toHaveBeenCalled();
  });
});

describe('every payload is parsed with the contract’s limits', () => {
  const long = (n: number) => 'a'.repeat(n);
  it.each<[string, unknown]>([
    ['no message', undefined],
    ['null', null],
    ['a string', 'capture'],
    ['an array', [captureJane]],
    ['a number', 42],
    ['an unknown type', { type: 'capture-now', reading: janeReading }],
    ['a capture without its reading', { type: 'capture' }],
    ['an extra top-level field', { ...captureJane, source: 'instagram' }],
    ['the platform in the reading', { type: 'capture', reading: { ...janeReading, source: 'instagram' } }],
    ['a capture time in the reading', { type: 'capture', reading: { ...janeReading, capturedAt: '2020-01-01T00:00:00.000Z' } }],
    ['a profile URL in the reading', { type: 'capture', reading: { ...janeReading, profileUrl: 'https://www.linkedin.com/in/john-smith' } }],
    ['a profile URL in the details', { ...captureJane, details: { ...details, profileUrl: 'https://www.linkedin.com/in/john-smith' } }],
    ['a reading of no known site', { type: 'capture', reading: { ...janeReading, site: 'facebook' } }],
    ['a name read longer than a sensor reads', { type: 'capture', reading: readingNamed(long(1001)) }],
    ['a 100 KB name read', { type: 'capture', reading: readingNamed(long(100_000)) }],
    ['a 100 KB name typed', { ...captureJane, details: { ...details, firstName: long(100_000) } }],
    ['more cards than a sensor returns', { type: 'capture', reading: { ...janeReading, cards: Array(MAX_CARDS + 1).fill(janeReading.cards[0]) } }],
    ['a name that is not a string', { type: 'capture', reading: readingNamed({ toString: 'Jane' } as unknown as string) }],
    ['a job title that is a number', { ...captureJane, details: { ...details, jobTitle: 7 } }],
    ['a javascript: self link longer than a sensor reads', { type: 'capture', reading: { ...janeReading, headUrls: [`javascript:${long(5000)}`] } }],
    ['an extra field in page-status', { type: 'page-status', apiKey: true }],
    ['a prototype-polluting reading', JSON.parse(`{"type":"capture","reading":{"__proto__":{"admin":true},${JSON.stringify(janeReading).slice(1)}}`)],
  ])('refuses %s from our own content script, unanswered and logged without its content', async (_name, raw) => {
    expect(ctx.handle(raw, linkedinTab)).toBeUndefined();
    expect(ctx.effects()).toBe(0);
    expect(ctx.deps.log).toHaveBeenCalledOnce();
    expectNoPersonalData(logged(ctx.deps));
  });

  it.each<[string, Record<string, unknown>]>([
    ['an empty first name', { ...details, firstName: '' }],
    [`a first name over ${LIMITS.firstName}`, { ...details, firstName: long(LIMITS.firstName + 1) }],
    [`a last name over ${LIMITS.lastName}`, { ...details, lastName: long(LIMITS.lastName + 1) }],
    [`a job title over ${LIMITS.jobTitle}`, { ...details, jobTitle: long(LIMITS.jobTitle + 1) }],
    ['a first name that is nothing once cleaned', { ...details, firstName: '\u200B\u202E' }],
  ])('refuses typed details with %s: nothing is cut to fit, nothing sent, logged without content', async (_name, typed) => {
    const answer = await ctx.handle({ ...captureJane, details: typed }, linkedinTab);
    expect(answer).toEqual({ state: 'refused' });
    expect(ctx.delivery.capture).not.toHaveBeenCalled();
    expect(ctx.deps.log.mock.calls).toEqual([['capture refused: payload outside the contract', { source: 'linkedin' }]]);
  });

  it('accepts typed names and a job title exactly at the limits, and sends them within the contract', async () => {
    const typed = { firstName: 'F'.repeat(LIMITS.firstName), lastName: 'L'.repeat(LIMITS.lastName), jobTitle: 'T'.repeat(LIMITS.jobTitle) };
    await expect(ctx.handle({ ...captureJane, details: typed }, linkedinTab)).resolves.toMatchObject({ state: 'captured' });
    const [payload] = ctx.delivery.capture.mock.calls[0] ?? [];
    expect(leadPayloadSchema.parse(payload)).toEqual({ source: 'linkedin', profileUrl: JANE_URL, capturedAt: '2026-11-23T09:41:07.512Z', ...typed });
  });

  it('cuts a long name read from the page to the contract’s limits', async () => {
    await ctx.handle({ type: 'capture', reading: readingNamed(`${'A'.repeat(500)} ${'B'.repeat(400)}`, 'T'.repeat(900)) }, linkedinTab);
    expect(ctx.delivery.capture).toHaveBeenCalledWith({
      source: 'linkedin',
      profileUrl: JANE_URL,
      firstName: 'A'.repeat(LIMITS.firstName),
      lastName: 'B'.repeat(LIMITS.lastName),
      jobTitle: 'T'.repeat(LIMITS.jobTitle),
      capturedAt: '2026-11-23T09:41:07.512Z',
    });
  });

  it.each([
    ['read', { type: 'capture', reading: readingNamed('\u202EJa\u200Bne\u0000 Doe\u2066 ', 'Head\u00A0of\n\tGrowth\u200F') }],
    ['typed', { ...captureJane, details: { firstName: '\u202EJa\u200Bne\u0000', lastName: ' Doe\u2066 ', jobTitle: 'Head\u00A0of\n\tGrowth\u200F' } }],
  ])('cleans what it sends, %s: control, zero-width and bidi-override characters go, whitespace folds', async (_how, message) => {
    await ctx.handle(message, linkedinTab);
    expect(ctx.delivery.capture).toHaveBeenCalledWith({
      source: 'linkedin',
      profileUrl: JANE_URL,
      firstName: 'Jane',
      lastName: 'Doe',
      jobTitle: 'Head of Growth',
      capturedAt: '2026-11-23T09:41:07.512Z',
    });
  });

  it('a name read that is nothing once cleaned is unreadable: nothing sent, the headline offered for "Enter details"', async () => {
    const answer = await ctx.handle({ type: 'capture', reading: readingNamed('\u200B\u202E') }, linkedinTab);
    expect(answer).toEqual({ state: 'unreadable', reason: 'name-not-found', found: { firstName: '', lastName: '', jobTitle: 'Head of Growth' } });
    expect(ctx.delivery.capture).not.toHaveBeenCalled();
    expect(ctx.deps.log).not.toHaveBeenCalled();
  });
});

describe('"Enter details": what the rep typed, for the tab’s profile', () => {
  it('stands in for a name that could not be read, with the URL and source of the tab', async () => {
    const typed = { firstName: 'Sri Lalitha', lastName: 'Jeevanige', jobTitle: null };
    const answer = await ctx.handle({ type: 'capture', reading: readingNamed('LinkedIn Member'), details: typed }, linkedinTab);
    expect(answer).toMatchObject({ state: 'captured' });
    expect(ctx.delivery.capture).toHaveBeenCalledWith({ source: 'linkedin', profileUrl: JANE_URL, capturedAt: '2026-11-23T09:41:07.512Z', ...typed });
  });

  it('stands in for a page that still shows another profile, and is sent for the tab’s profile', async () => {
    const otherCard = linkedInReading({ cards: [linkedInCard('John Smith', { links: ['/in/john-smith/overlay/contact-info/'] })] });
    await expect(ctx.handle({ type: 'capture', reading: otherCard }, linkedinTab)).resolves.toEqual({
      state: 'unreadable',
      reason: 'stale-page',
      found: { firstName: '', lastName: '', jobTitle: null },
    });
    await ctx.handle({ type: 'capture', reading: otherCard, details }, linkedinTab);
    expect(ctx.delivery.capture.mock.calls.map(([payload]) => payload)).toEqual([
      { source: 'linkedin', profileUrl: JANE_URL, capturedAt: '2026-11-23T09:41:07.512Z', ...details },
    ]);
  });

  it.each([
    ['the sign-in wall', linkedInReading({ signIn: true, titles: ['LinkedIn Login, Sign in | LinkedIn'] }), 'logged-out'],
    ['"Profile Not Found"', linkedInReading({ titles: ['Profile Not Found | LinkedIn'] }), 'not-found'],
  ] as const)('never on %s: the page holds no profile, nothing is sent', async (_page, reading, reason) => {
    const answer = await ctx.handle({ type: 'capture', reading, details }, linkedinTab);
    expect(answer).toEqual({ state: 'unreadable', reason, found: null });
    expect(ctx.delivery.capture).not.toHaveBeenCalled();
  });
});

describe('the platform and the profile come from the tab, never from the payload', () => {
  it('an Instagram tab sends an Instagram lead, without a job title whatever the content script says', async () => {
    await expect(ctx.handle({ type: 'capture', reading: instagramReading, details }, instagramTab)).resolves.toMatchObject({ state: 'captured' });
    await expect(ctx.handle({ type: 'capture', reading: instagramReading }, instagramTab)).resolves.toMatchObject({ state: 'captured' });
    const lead = { source: 'instagram', profileUrl: INSTA_URL, firstName: 'Jane', lastName: 'Doe', jobTitle: null, capturedAt: '2026-11-23T09:41:07.512Z' };
    expect(ctx.delivery.capture.mock.calls.map(([payload]) => payload)).toEqual([lead, lead]);
  });

  it.each<[string, SenderInfo, unknown]>([
    ['a LinkedIn reading from an Instagram tab', instagramTab, janeReading],
    ['an Instagram reading from a LinkedIn tab', linkedinTab, instagramReading],
    ['a reading from a LinkedIn feed tab', { ...linkedinTab, tab: { id: 7, url: 'https://www.linkedin.com/feed/' } }, janeReading],
  ])('refuses %s and logs only the platform', async (_name, sender, reading) => {
    const answer = await ctx.handle({ type: 'capture', reading, details: { ...details, firstName: 'john' } }, sender);
    expect(answer).toEqual({ state: 'refused' });
    expect(ctx.delivery.capture).not.toHaveBeenCalled();
    expect(ctx.deps.log).toHaveBeenCalledOnce();
    expect(Object.keys(ctx.deps.log.mock.calls[0]?.[1] ?? {})).toEqual(['source']);
    expectNoPersonalData(logged(ctx.deps), ['john']);
  });

  it('a card showing another profile than the tab’s is unreadable (stale), never captured', async () => {
    const reading = linkedInReading({ cards: [linkedInCard('John Smith', { links: ['https://www.linkedin.com/in/john-smith/'] })] });
    const answer = await ctx.handle({ type: 'capture', reading }, linkedinTab);
    expect(answer).toEqual({ state: 'unreadable', reason: 'stale-page', found: { firstName: '', lastName: '', jobTitle: null } });
    expect(ctx.delivery.capture).not.toHaveBeenCalled();
  });

  it('takes the canonical form of the tab’s address: locale sub-path, query, fragment and case', async () => {
    const sender = { ...linkedinTab, tab: { id: 7, url: 'https://www.linkedin.com/in/Jane-Doe/fr/?miniProfileUrn=x#top' } };
    await expect(ctx.handle(captureJane, sender)).resolves.toMatchObject({ state: 'captured' });
    expect(ctx.delivery.capture.mock.calls[0]?.[0].profileUrl).toBe(JANE_URL);
  });

  it('takes the capture time from its own clock', async () => {
    await ctx.handle(captureJane, linkedinTab);
    expect(ctx.delivery.capture.mock.calls[0]?.[0].capturedAt).toBe('2026-11-23T09:41:07.512Z');
  });

  it('refuses a capture on a platform the rep turned off, and sends nothing', async () => {
    ctx = setup({ settings: { ...DEFAULT_SETTINGS, linkedin: false } });
    await expect(ctx.handle(captureJane, linkedinTab)).resolves.toEqual({ state: 'refused' });
    expect(ctx.delivery.capture).not.toHaveBeenCalled();
  });

  it('without a key, says so and sends nothing', async () => {
    ctx = setup({ key: null });
    await expect(ctx.handle(captureJane, linkedinTab)).resolves.toEqual({ state: 'not-connected' });
    expect(ctx.delivery.capture).not.toHaveBeenCalled();
  });

  it('page-status answers only about the tab’s own profile: no lookup of another one', async () => {
    const own = (await ctx.handle({ type: 'page-status' }, linkedinTab)) as PageAnswer;
    expect(own.state).toEqual({ kind: 'captured', capturedAt: '2026-11-20T10:00:00.000Z', existing: false });
    expect(own.words).toMatchObject({ label: 'Captured', detail: 'Captured on 20 Nov 2026' });
    // A profile named in the message is no longer part of the protocol: refused, nothing looked up.
    expect(ctx.handle({ type: 'page-status', profileUrl: 'https://www.linkedin.com/in/john-smith' }, linkedinTab)).toBeUndefined();
    expect(ctx.leadCache.lookup.mock.calls).toEqual([[JANE_URL]]);
  });
});

describe('page-status from the indexes, a few a second per tab', () => {
  it('takes the profile from the tab’s address (which follows pushState), asks the indexes, never lists the outbox', async () => {
    const john = 'https://www.linkedin.com/in/john-smith/';
    ctx.deps.outbox.isWaiting.mockImplementation(async (url: string) => url === 'https://www.linkedin.com/in/john-smith');
    const answer = (await ctx.handle({ type: 'page-status' }, { ...linkedinTab, tab: { id: 7, url: john } })) as PageAnswer;
    // One shape (issue 20): the worker's record of the capture, a waiting one newer than the cache's.
    expect(answer.state).toEqual({ kind: 'queued', reason: 'server' });
    expect(answer.words.label).toBe('Queued');
    expect(ctx.leadCache.lookup.mock.calls).toEqual([['https://www.linkedin.com/in/john-smith']]);
    expect(ctx.deps.outbox.read).not.toHaveBeenCalled();
    expect(ctx.leadCache.entries).not.toHaveBeenCalled();
  });

  it('a page that is not a profile learns only whether a key is connected', async () => {
    const feed = 'https://www.linkedin.com/feed/';
    expect(await ctx.handle({ type: 'page-status' }, { ...linkedinTab, tab: { id: 7, url: feed } })).toMatchObject({ state: { kind: 'idle' } });
    ctx = setup({ key: null });
    expect(await ctx.handle({ type: 'page-status' }, { ...linkedinTab, tab: { id: 7, url: feed } })).toMatchObject({
      state: { kind: 'not-connected' },
      words: { label: 'Not connected' },
    });
    expect(ctx.leadCache.lookup).not.toHaveBeenCalled();
  });

  it(`answers a tab at most ${PAGE_STATUS_LIMIT.limit} times a second: a flood of 1,000 gets ${PAGE_STATUS_LIMIT.limit} answers and no log line`, async () => {
    const answers = [];
    for (let i = 0; i < 1000; i++) answers.push(ctx.handle({ type: 'page-status' }, linkedinTab));
    expect(answers.filter((answer) => answer !== undefined)).toHaveLength(PAGE_STATUS_LIMIT.limit);
    expect(ctx.leadCache.lookup).toHaveBeenCalledTimes(PAGE_STATUS_LIMIT.limit);
    expect(ctx.deps.log).not.toHaveBeenCalled();
    // Another tab is not starved by the first.
    expect(ctx.handle({ type: 'page-status' }, instagramTab)).toBeDefined();
  });
});

describe('captures per tab per minute', () => {
  it(`accepts ${CAPTURE_LIMIT.limit} captures a minute from a tab, then answers throttled without storing anything`, async () => {
    const answers = [];
    for (let i = 0; i < CAPTURE_LIMIT.limit + 2; i++) answers.push(await ctx.handle(captureJane, linkedinTab));
    expect(answers.slice(0, CAPTURE_LIMIT.limit).every((answer) => (answer as { state: string }).state === 'captured')).toBe(true);
    expect(answers.slice(CAPTURE_LIMIT.limit)).toEqual([{ state: 'throttled' }, { state: 'throttled' }]);
    expect(ctx.delivery.capture).toHaveBeenCalledTimes(CAPTURE_LIMIT.limit);
    expectNoPersonalData(logged(ctx.deps));
  });

  it('a full outbox answers outbox-full', async () => {
    ctx.delivery.capture.mockResolvedValueOnce({ state: 'outbox-full' } as never);
    expect(await ctx.handle(captureJane, linkedinTab)).toEqual({ state: 'outbox-full' });
  });
});

describe('capture-tab: the popup’s and the shortcut’s one route', () => {
  it('asks the tab’s content script to capture, with what the rep typed, and answers what the tab shows', async () => {
    const shown = { profileUrl: JANE_URL, state: { kind: 'captured', capturedAt: '2026-11-23T09:41:07.512Z' } };
    ctx.deps.sendToTab.mockResolvedValueOnce(shown as never);
    const details = { firstName: 'Jane', lastName: 'Doe', jobTitle: null };
    expect(await ctx.handle({ type: 'capture-tab', tabId: 7, details }, popup)).toEqual(shown);
    expect(ctx.deps.sendToTab.mock.calls).toEqual([[7, { type: 'capture-request', details }]]);
  });

  it('a tab with no content script, or a malformed answer, is reported as showing nothing', async () => {
    ctx.deps.sendToTab.mockRejectedValueOnce(new Error('Could not establish connection. Receiving end does not exist.'));
    expect(await ctx.handle({ type: 'capture-tab', tabId: 7 }, popup)).toEqual({ profileUrl: null, state: null });
    ctx.deps.sendToTab.mockResolvedValueOnce({ profileUrl: 42 } as never);
    expect(await ctx.handle({ type: 'capture-tab', tabId: 7 }, popup)).toEqual({ profileUrl: null, state: null });
    expect(ctx.deps.sendToTab.mock.calls[0]).toEqual([7, { type: 'capture-request' }]);
  });

  it('with the page the popup showed: asks the tab when it still shows it, and passes it on for the tab to check too', async () => {
    await ctx.handle({ type: 'capture-tab', tabId: 7, expectedPage: JANE_URL }, popup);
    expect(ctx.deps.tabAddress.mock.calls).toEqual([[7]]);
    expect(ctx.deps.sendToTab.mock.calls).toEqual([[7, { type: 'capture-request', expectedPage: JANE_URL }]]);
  });

  it('refuses, saying the page changed, and asks the tab nothing, when the tab shows another page than the popup read (issue 21)', async () => {
    const changed = { profileUrl: null, state: { kind: 'failed', reason: 'page-changed', message: null } };
    ctx.deps.tabAddress.mockResolvedValueOnce('https://www.linkedin.com/in/john-smith/');
    expect(await ctx.handle({ type: 'capture-tab', tabId: 7, expectedPage: JANE_URL }, popup)).toEqual(changed);
    // A tab that closed, or whose address Chrome no longer shows us, is no longer the page either.
    ctx.deps.tabAddress.mockResolvedValueOnce(null);
    expect(await ctx.handle({ type: 'capture-tab', tabId: 7, expectedPage: JANE_URL }, popup)).toEqual(changed);
    ctx.deps.tabAddress.mockRejectedValueOnce(new Error('No tab with id: 7.'));
    expect(await ctx.handle({ type: 'capture-tab', tabId: 7, expectedPage: JANE_URL }, popup)).toEqual(changed);
    expect(ctx.deps.sendToTab).not.toHaveBeenCalled();
  });

  it('the shortcut asks the tab even when its address moved: the tab refuses on the page, where its rep looks', async () => {
    ctx.deps.tabAddress.mockResolvedValueOnce('https://www.linkedin.com/in/john-smith/');
    await captureInTab(ctx.deps, 7, { expectedPage: JANE_URL }, { checkAddressFirst: false });
    expect(ctx.deps.tabAddress).not.toHaveBeenCalled();
    expect(ctx.deps.sendToTab.mock.calls).toEqual([[7, { type: 'capture-request', expectedPage: JANE_URL }]]);
  });

  it('capture-state answers what the one owner of capture states knows of that profile', async () => {
    const known: CaptureState = {
      status: { state: 'captured', capturedAt: '2026-11-23T09:41:07.512Z', existing: true },
      person: { firstName: 'Jane', lastName: 'Doe', jobTitle: 'Head of Growth' },
    };
    ctx.deps.captureStates.get.mockResolvedValueOnce(known);
    expect(await ctx.handle({ type: 'capture-state', profileUrl: JANE_URL }, popup)).toEqual(known);
    expect(ctx.deps.captureStates.get.mock.calls).toEqual([[JANE_URL]]);
    // Only our pages may ask: a content script's capture-state is refused like any unknown message.
    expect(ctx.handle({ type: 'capture-state', profileUrl: JANE_URL }, linkedinTab)).toBeUndefined();
  });

  it('details outside the message’s bounds are refused before reaching the tab', () => {
    const details = { firstName: 'J'.repeat(1001), lastName: '', jobTitle: null };
    expect(ctx.handle({ type: 'capture-tab', tabId: 7, details }, popup)).toBeUndefined();
    expect(ctx.deps.sendToTab).not.toHaveBeenCalled();
  });
});

describe('the key is in no answer and no log line', () => {
  it('status, export, connect, page-status and capture answers never carry it', async () => {
    const answers = [
      await ctx.handle({ type: 'get-status' }, popup),
      await ctx.handle({ type: 'export-data' }, popup),
      await ctx.handle({ type: 'page-status' }, linkedinTab),
      await ctx.handle(captureJane, linkedinTab),
      await ctx.handle({ type: 'connect', apiKey: KEY }, popup),
    ];
    for (const answer of answers) expect(JSON.stringify(answer)).not.toContain(KEY);
    expect(logged(ctx.deps)).not.toContain(KEY);
  });

  it('a refused connect does not echo the key', async () => {
    ctx.api.verifyKey.mockResolvedValueOnce({ kind: 'rejected', status: 401 });
    const answer = await ctx.handle({ type: 'connect', apiKey: 'mk_live_wrong_key' }, popup);
    expect(answer).toEqual({ ok: false, error: 'rejected' });
    expect(JSON.stringify(answer)).not.toContain('mk_live');
  });

  it.each<[string, unknown, SenderInfo]>([
    ['a URL, from our popup', { type: 'https://www.linkedin.com/in/jane-doe' }, popup],
    ['a name, from our popup', { type: 'Jane Doe' }, popup],
    ['the key, from our content script', { type: KEY }, linkedinTab],
    ['a URL, from an untrusted sender', { type: 'https://www.instagram.com/jane.doe' }, { ...linkedinTab, frameId: 2 }],
  ])('an unknown message type holding %s is logged as "unknown", not as written', async (_name, raw, sender) => {
    expect(ctx.handle(raw, sender)).toBeUndefined();
    expect(ctx.deps.log).toHaveBeenCalledOnce();
    expect(ctx.deps.log.mock.calls[0]?.[1]).toMatchObject({ type: 'unknown' });
    expectNoPersonalData(logged(ctx.deps));
  });
});

describe('the answer to a page (issue 20)', () => {
  it('does not wait for the badge: the capture is answered while the badge has not redrawn', async () => {
    ctx.deps.refreshBadge.mockImplementation(() => new Promise<undefined>(() => undefined)); // never done
    const answer = await ctx.handle(captureJane, linkedinTab);
    expect(answer).toMatchObject({ state: 'captured' });
    expect(ctx.deps.refreshBadge).toHaveBeenCalledOnce(); // asked, after the capture
  });

  it('sends nothing when the reading a moment after the click names someone else or another title (issue 21)', async () => {
    // The planted name is in the card's link to this profile: on its own, it would be sent.
    const planted = readingNamed('Planted Name');
    const answer = await ctx.handle({ ...captureJane, reading: planted, readingAfter: captureJane.reading }, linkedinTab);
    expect(answer).toMatchObject({ state: 'unreadable', reason: 'page-changed', found: { firstName: 'Planted', lastName: 'Name' } });
    const retitled = structuredClone(captureJane.reading);
    retitled.cards[0]!.after = ['Chief Planted Officer'];
    await expect(ctx.handle({ ...captureJane, readingAfter: retitled }, linkedinTab)).resolves.toMatchObject({ reason: 'page-changed' });
    expect(ctx.delivery.capture).not.toHaveBeenCalled();
    // The same page twice is sent.
    await expect(ctx.handle({ ...captureJane, readingAfter: captureJane.reading }, linkedinTab)).resolves.toMatchObject({ state: 'captured' });
    expect(ctx.delivery.capture).toHaveBeenCalledOnce();
  });

  it('words the answer in the rep’s language, with "Enter details" for the address bar’s profile', async () => {
    ctx = setup({ settings: { ...DEFAULT_SETTINGS, language: 'fr' } });
    const unnamed = structuredClone(captureJane.reading);
    unnamed.cards = [];
    unnamed.titles = [];
    const answer = (await ctx.handlePage({ type: 'capture', reading: unnamed }, linkedinTab)) as PageAnswer;
    expect(answer.state).toMatchObject({ kind: 'failed' });
    expect(answer.words.form?.hint).toBe('Pour linkedin.com/in/jane-doe : saisissez le nom affiché par ce profil.');
    expect(JSON.stringify(answer.words)).not.toMatch(/Capture failed|Captured/);
  });

  it('describes a state for a language change, about the tab’s own page', async () => {
    const words = await ctx.handle({ type: 'describe', state: { kind: 'captured', capturedAt: '2026-11-20T10:00:00.000Z', existing: true } }, linkedinTab);
    expect(words).toMatchObject({ label: 'Already in Metrikia', again: { label: 'Capture again' } });
  });
});
