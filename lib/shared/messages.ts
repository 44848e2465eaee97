/**
 * The one message protocol of the extension, both directions, as schemas. Every message is parsed
 * where it enters (the background, a content script, the popup); types come from the schemas.
 *
 * Four channels, each with its own trust rule (enforced in lib/worker/sender.ts, the last in lib/pages/wiring.ts):
 * - content script → background: `ContentRequest`, only from our content scripts in the top frame
 *   of a LinkedIn or Instagram tab;
 * - extension page (popup, options) → background: `AppRequest`, only from our own pages;
 * - extension → content script: `TabRequest`, only from our own extension;
 * - background → extension pages: `AppEvent`, broadcast to our own pages only.
 */
import * as z from 'zod/mini';
import { connectionSchema, profileUrlSchema, sourceSchema } from './contract';
import { foundDetailsSchema, linkedInSearchReadingSchema, pageReadingSchema, type FoundDetails, type ReadFailure } from './sites/reading';

/**
 * What the rep typed in "Enter details". Bounded here; cleaned and held to the contract's limits
 * by the worker's capture handler, which refuses what does not fit.
 */
export const enteredDetailsSchema = z.strictObject({
  firstName: z.string().check(z.maxLength(1000)),
  lastName: z.string().check(z.maxLength(1000)),
  jobTitle: z.nullable(z.string().check(z.maxLength(1000))),
});
export type EnteredDetails = z.infer<typeof enteredDetailsSchema>;

// ---- content script → background ----------------------------------------------------------------

export const contentRequestSchema = z.discriminatedUnion('type', [
  /**
   * Asked when a page has settled on screen: what the button shows there (a key connected? this
   * profile's capture state). The profile is the tab's address, never the message. Answered with a
   * PageAnswer.
   */
  z.strictObject({ type: z.literal('page-status') }),
  /**
   * Sent only after a trusted click (or the extension's own shortcut/popup): what the site's sensor
   * read at the click, untouched (lib/shared/sites/reading.ts), and what it read again a moment later
   * (`readingAfter`, issue 21: the worker sends nothing when the two name different people or titles),
   * or what the rep typed in "Enter details". The worker interprets the readings against the tab's
   * address. Answered with a PageAnswer.
   */
  z.strictObject({
    type: z.literal('capture'),
    reading: pageReadingSchema,
    readingAfter: z.optional(pageReadingSchema),
    details: z.optional(enteredDetailsSchema),
  }),
  /** "Not connected" was clicked: content scripts cannot open the options page themselves. */
  z.strictObject({ type: z.literal('open-options') }),
  /**
   * Sent only after a trusted click on a people search page (or the shortcut/popup): what the
   * people-search sensor read of the page's result list (issue 13). One bulk action per click.
   * Answered with a PageAnswer (the summary is its words).
   */
  z.strictObject({ type: z.literal('bulk-capture'), reading: linkedInSearchReadingSchema }),
  /** The rep's language changed: the words for the state the button shows. Answered with ButtonWords. */
  z.strictObject({ type: z.literal('describe'), state: z.lazy(() => buttonStateSchema) }),
]);
export type ContentRequest = z.infer<typeof contentRequestSchema>;

/** Why a stored capture was not sent yet, as the button and the popup say it. */
export const queuedReasonSchema = z.enum(['offline', 'server', 'rate-limited', 'key-rejected', 'no-key']);
export type QueuedReason = z.infer<typeof queuedReasonSchema>;

/**
 * A capture's state as the worker owns it, keyed by canonical profile URL (issue 20): the one shape
 * that the page's button, the popup, the toolbar icon and the badge follow. Delivery reports every
 * change (lib/worker/capture-states.ts); nothing else decides it.
 * - none: nothing captured in the last 7 days and nothing waiting (also after Discard or erasure);
 * - sending: stored in the outbox, a request for it is on its way;
 * - captured: Metrikia has it (201 created, or 200 `existing`: it already had the lead), or the lead
 *   cache says it was captured from this device in the last 7 days;
 * - queued: stored in the outbox, to be retried, and why;
 * - rejected: Metrikia refused it (400/413/422); it waits in Needs attention for Edit or Discard.
 */
export const captureStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('none') }),
  z.object({ state: z.literal('sending') }),
  z.object({ state: z.literal('captured'), capturedAt: z.string(), existing: z.boolean() }),
  z.object({ state: z.literal('queued'), reason: queuedReasonSchema }),
  z.object({ state: z.literal('rejected'), message: z.nullable(z.string()) }),
]);
export type CaptureStatus = z.infer<typeof captureStatusSchema>;

/**
 * Who a capture names, as it was sent (or stored to be sent): for the popup's "This page". Kept in
 * the worker's memory only, never stored (the lead cache keeps profile URLs alone, privacy policy
 * §9.3), so a worker that restarted knows the status of a capture but no longer its names.
 */
export const capturedPersonSchema = z.object({
  firstName: z.string(),
  lastName: z.string(),
  jobTitle: z.nullable(z.string()),
});
export type CapturedPerson = z.infer<typeof capturedPersonSchema>;

/** What the worker knows of one profile's capture. */
export const captureStateSchema = z.object({
  status: captureStatusSchema,
  person: z.nullable(capturedPersonSchema),
});
export type CaptureState = z.infer<typeof captureStateSchema>;

/**
 * What became of a capture, as delivery and the capture handler decide it (worker-internal: the page
 * gets it as a PageAnswer, lib/worker/page-answer.ts).
 */
export type CaptureOutcome =
  | { state: 'captured'; capturedAt: string; existing: boolean }
  | { state: 'queued'; reason: QueuedReason }
  | { state: 'rejected'; message: string | null }
  | { state: 'not-connected' }
  /** The background refused the message itself (failed validation): a bug or a hostile page. */
  | { state: 'refused' }
  /**
   * The page could not be read truthfully; nothing was sent. `found` prefills "Enter details"; it
   * is null where no form may be offered (not-a-profile, logged-out, not-found).
   */
  | { state: 'unreadable'; reason: ReadFailure; found: FoundDetails | null }
  /** The outbox holds as many captures as it may: nothing was saved. */
  | { state: 'outbox-full' }
  /** Too many captures from this tab this minute: nothing was saved. */
  | { state: 'throttled' };

export const okSchema = z.object({ ok: z.literal(true) });

/**
 * A bulk capture in numbers (issue 13), as the summary says them: sent and stored by Metrikia, not
 * sent because captured in the last 7 days (or already in Metrikia), waiting in the outbox,
 * refused by Metrikia, not saved (outbox full, outside the contract), left to their profile.
 */
export const bulkCountsSchema = z.object({
  captured: z.number(),
  alreadyCaptured: z.number(),
  queued: z.number(),
  refused: z.number(),
  notSaved: z.number(),
  fromProfile: z.number(),
});
export type BulkCounts = z.infer<typeof bulkCountsSchema>;

/** What one click on a people search page became (worker-internal: the page gets a PageAnswer). */
export type BulkOutcome =
  | { state: 'done'; counts: BulkCounts }
  | { state: 'not-connected' }
  /** Not a people search tab, LinkedIn turned off, or a reading that does not parse. */
  | { state: 'refused' }
  /** A bulk capture from this tab a moment ago: nothing was read into the outbox. */
  | { state: 'throttled' };

/**
 * One person of a bulk capture: captured (201), existing (Metrikia had the lead: 200), cached (captured
 * from this device in the last 7 days: not sent), queued, rejected (400/413/422: "Edit" / "Discard"
 * in Needs attention), not-saved (outbox full, or outside the contract).
 */
export const bulkPersonSchema = z.object({
  profileUrl: z.string(),
  name: z.string(),
  state: z.enum(['captured', 'existing', 'cached', 'queued', 'rejected', 'not-saved']),
});
export type BulkPerson = z.infer<typeof bulkPersonSchema>;

/** The last bulk capture of a tab, kept by the worker until the tab navigates or closes. */
export const bulkResultSchema = z.object({
  counts: bulkCountsSchema,
  people: z.array(bulkPersonSchema),
  fromProfile: z.array(
    z.object({
      name: z.nullable(z.string()),
      reason: z.enum(['member-id', 'no-profile-link', 'no-name', 'mismatch']),
      /** Where the rep opens the profile to capture it from there: a LinkedIn profile address built by the worker; null when there is none. */
      profileLink: z.nullable(z.string()),
    }),
  ),
});
export type BulkResult = z.infer<typeof bulkResultSchema>;

// ---- extension page → background ----------------------------------------------------------------

/** The fields of a refused capture, as the rep corrected them: the same form as "Enter details". */
export const editFieldsSchema = enteredDetailsSchema;
export type EditFields = EnteredDetails;

export const appRequestSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('get-status') }),
  z.strictObject({ type: z.literal('connect'), apiKey: z.string().check(z.maxLength(10_000)) }),
  z.strictObject({ type: z.literal('disconnect'), discardQueue: z.boolean() }),
  z.strictObject({ type: z.literal('retry-now') }),
  z.strictObject({ type: z.literal('discard'), id: z.string() }),
  z.strictObject({ type: z.literal('edit'), id: z.string(), fields: editFieldsSchema }),
  z.strictObject({ type: z.literal('export-data') }),
  z.strictObject({ type: z.literal('clear-data') }),
  /**
   * The popup's Capture (and "Enter details"): the worker asks that tab's content script to
   * capture, exactly as the keyboard shortcut does. Answered with the tab's TabState.
   * `expectedPage` is the page the popup showed the rep (capturablePage of the address it read):
   * the worker refuses ('page-changed') when the tab no longer shows it (issue 21).
   */
  z.strictObject({
    type: z.literal('capture-tab'),
    tabId: z.number(),
    details: z.optional(enteredDetailsSchema),
    expectedPage: z.optional(z.string()),
  }),
  /** What the worker knows of one profile's capture (issue 20), for the popup's "This page": a CaptureState. */
  z.strictObject({ type: z.literal('capture-state'), profileUrl: z.string().check(z.maxLength(4096)) }),
  /** The tab's last bulk capture (issue 13), for the popup's per-person lines: a BulkResult, or null. */
  z.strictObject({ type: z.literal('tab-bulk'), tabId: z.number() }),
]);
export type AppRequest = z.infer<typeof appRequestSchema>;

export const needsAttentionItemSchema = z.object({
  id: z.string(),
  source: sourceSchema,
  profileUrl: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  jobTitle: z.nullable(z.string()),
  reason: z.nullable(z.string()),
  fields: z.record(z.string(), z.string()),
});
export type NeedsAttentionItem = z.infer<typeof needsAttentionItemSchema>;

export const appStatusSchema = z.object({
  connection: z.nullable(connectionSchema),
  keyRejected: z.boolean(),
  waiting: z.number(),
  needsAttention: z.array(needsAttentionItemSchema),
  expiredCount: z.number(),
  /** Captures held only by the key (none connected, or refused) that will be removed within a day. */
  expiringSoon: z.number(),
  /** Outbox records that do not parse (never sent; exported; expired after 7 days; cleared). */
  unreadable: z.number(),
  cachedProfiles: z.number(),
  /** True when the outbox is at its bound and new captures are refused. */
  outboxFull: z.boolean(),
});
export type AppStatus = z.infer<typeof appStatusSchema>;

export const connectResponseSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), connection: connectionSchema }),
  z.object({
    ok: z.literal(false),
    error: z.enum(['empty', 'too-long', 'invalid-characters', 'rejected', 'unavailable']),
  }),
]);
export type ConnectResponse = z.infer<typeof connectResponseSchema>;

export const editResponseSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: z.enum(['invalid', 'not-found']) }),
]);
export type EditResponse = z.infer<typeof editResponseSchema>;

export const exportResponseSchema = z.object({ ok: z.literal(true), data: z.unknown() });

// ---- background → extension pages ---------------------------------------------------------------

/**
 * What the worker tells our open pages (the popup, the settings page) when something they show
 * changed (issue 20): the new state of each capture that changed, newest only, and whether every
 * capture was erased. Any event may also mean the queue's numbers changed: a page that shows them
 * asks for the status again. Broadcast with runtime.sendMessage, which reaches our own pages and
 * never a content script; never answered. The pages take it only from our worker (no tab).
 */
export const appEventSchema = z.strictObject({
  type: z.literal('views-changed'),
  captures: z.array(z.strictObject({ profileUrl: z.string(), state: captureStateSchema })),
  erased: z.boolean(),
});
export type AppEvent = z.infer<typeof appEventSchema>;

// ---- extension → content script -----------------------------------------------------------------
//
// The content script carries no zod (its size budget): it trusts the types of what only our own
// extension can send it (lib/content/core.ts checks the sender) and of our worker's answers.

export const tabRequestSchema = z.discriminatedUnion('type', [
  /**
   * Capture the page now, as a click on the button would (the popup's Capture and "Enter details",
   * the shortcut). `expectedPage` is the page the requester showed the rep (a canonical profile URL,
   * or a people search page's address): the tab refuses when it shows another one, or when its
   * address changed in the last moment (issue 21).
   */
  z.strictObject({
    type: z.literal('capture-request'),
    details: z.optional(enteredDetailsSchema),
    expectedPage: z.optional(z.string()),
  }),
  /** What the page's button shows, for the popup. */
  z.strictObject({ type: z.literal('get-state') }),
  /**
   * A capture's state changed in the worker (issue 20), pushed to each tab showing that profile: the
   * button follows it (Queued → Captured, Rejected → Captured) without a reload. No answer.
   */
  z.strictObject({ type: z.literal('capture-state'), profileUrl: z.string(), answer: z.lazy(() => pageAnswerSchema) }),
]);
export type TabRequest = z.infer<typeof tabRequestSchema>;

/**
 * What a Capture button shows. The page's button and the popup render the same states, with the
 * labels of lib/shared/i18n ("Capture", "Capturing…", "Captured", "Already in Metrikia", "Queued",
 * "Not connected", failures).
 */
export const buttonStateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('idle') }),
  z.object({ kind: z.literal('capturing') }),
  /** `existing`: Metrikia already had the lead (a 200): "Already in Metrikia". */
  z.object({ kind: z.literal('captured'), capturedAt: z.string(), existing: z.optional(z.boolean()) }),
  z.object({ kind: z.literal('queued'), reason: queuedReasonSchema }),
  z.object({ kind: z.literal('not-connected') }),
  z.object({
    kind: z.literal('failed'),
    reason: z.enum([
      'not-a-profile', 'logged-out', 'not-found', 'name-not-found', 'stale-page', 'name-unconfirmed', 'page-changed',
      'rejected', 'refused', 'error', 'outbox-full', 'throttled',
    ]),
    /** The server's message, for 'rejected' (the popup shows it; the page's button never does). */
    message: z.nullable(z.string()),
    /** What was read, for 'name-not-found', 'stale-page', 'name-unconfirmed', 'page-changed': prefills "Enter details". */
    found: z.optional(foundDetailsSchema),
  }),
]);
export type ButtonState = z.infer<typeof buttonStateSchema>;

/** "Enter details" in the rep's language, for the profile the lead goes to (issue 20). */
export const detailsFormWordsSchema = z.object({
  title: z.string(),
  /** Names the profile the lead goes to: the address bar's. */
  hint: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  jobTitle: z.string(),
  submit: z.string(),
  cancel: z.string(),
  /** Per field, what the shared check (lib/shared/entered-details.ts) says: required, too long. */
  required: z.string(),
  tooLong: z.object({ firstName: z.string(), lastName: z.string(), jobTitle: z.string() }),
});
export type DetailsFormWords = z.infer<typeof detailsFormWordsSchema>;

/**
 * What the page's button says for a state, in the rep's language, made by the worker (one catalog
 * there instead of two in each content script, issue 22). `label` is the button's accessible name
 * and `detail` its description; before the rep acts on the page neither is drawn as text (issue 21),
 * after it both are.
 */
export const buttonWordsSchema = z.object({
  label: z.string(),
  detail: z.string(),
  /** For a captured profile: "Capture again" and its hint. */
  again: z.optional(z.object({ label: z.string(), hint: z.string() })),
  /** When the state offers "Enter details" (something was found). */
  form: z.optional(detailsFormWordsSchema),
});
export type ButtonWords = z.infer<typeof buttonWordsSchema>;

/** The worker's answer to a content script's page-status, capture and bulk-capture: the state and its words. */
export const pageAnswerSchema = z.object({ state: buttonStateSchema, words: buttonWordsSchema });
export type PageAnswer = z.infer<typeof pageAnswerSchema>;

/** The answer to every TabRequest: the profile on the page (null when none) and its button state. */
export const tabStateSchema = z.object({
  profileUrl: z.nullable(z.string()),
  state: z.nullable(buttonStateSchema),
  /** The page is a people search (issue 13): a capture-request captures its results; `tab-bulk` tells what became of them. */
  peopleSearch: z.optional(z.literal(true)),
});
export type TabState = z.infer<typeof tabStateSchema>;
