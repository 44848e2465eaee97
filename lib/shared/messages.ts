/**
 * The one message protocol of the extension, both directions, as schemas. Every message is parsed
 * where it enters (the background, a content script, the popup); types come from the schemas.
 *
 * Three channels, each with its own trust rule (enforced in lib/worker/sender.ts):
 * - content script → background: `ContentRequest`, only from our content scripts in the top frame
 *   of a LinkedIn or Instagram tab;
 * - extension page (popup, options) → background: `AppRequest`, only from our own pages;
 * - extension → content script: `TabRequest`, only from our own extension.
 */
import * as z from 'zod/mini';
import { connectionSchema, profileUrlSchema, sourceSchema } from './contract';
import { foundDetailsSchema, linkedInSearchReadingSchema, pageReadingSchema, readFailureSchema } from './sites/reading';

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
  /** Asked when a profile has settled on screen: is a key connected, was the tab's profile captured lately? */
  z.strictObject({ type: z.literal('page-status') }),
  /**
   * Sent only after a trusted click (or the extension's own shortcut/popup): what the site's sensor
   * read, untouched (lib/shared/sites/reading.ts), and what the rep typed in "Enter details", if anything.
   * The worker interprets the reading against the tab's address.
   */
  z.strictObject({ type: z.literal('capture'), reading: pageReadingSchema, details: z.optional(enteredDetailsSchema) }),
  /** "Not connected" was clicked: content scripts cannot open the options page themselves. */
  z.strictObject({ type: z.literal('open-options') }),
  /**
   * Sent only after a trusted click on a people search page (or the shortcut/popup): what the
   * people-search sensor read of the page's result list (issue 13). One bulk action per click.
   */
  z.strictObject({ type: z.literal('bulk-capture'), reading: linkedInSearchReadingSchema }),
]);
export type ContentRequest = z.infer<typeof contentRequestSchema>;

export const pageStatusSchema = z.object({
  connected: z.boolean(),
  captured: z.nullable(z.object({ capturedAt: z.string() })),
  /** A capture of this profile waits in the outbox: the button says Queued, not Capture. */
  queued: z.boolean(),
});
export type PageStatus = z.infer<typeof pageStatusSchema>;

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

/** What became of a capture, as the button and the popup show it. */
export const captureOutcomeSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('captured'), capturedAt: z.string(), existing: z.boolean() }),
  z.object({ state: z.literal('queued'), reason: queuedReasonSchema }),
  z.object({ state: z.literal('rejected'), message: z.nullable(z.string()) }),
  z.object({ state: z.literal('not-connected') }),
  /** The background refused the message itself (failed validation): a bug or a hostile page. */
  z.object({ state: z.literal('refused') }),
  /**
   * The page could not be read truthfully; nothing was sent. `found` prefills "Enter details"; it
   * is null where no form may be offered (not-a-profile, logged-out, not-found).
   */
  z.object({ state: z.literal('unreadable'), reason: readFailureSchema, found: z.nullable(foundDetailsSchema) }),
  /** The outbox holds as many captures as it may: nothing was saved. */
  z.object({ state: z.literal('outbox-full') }),
  /** Too many captures from this tab this minute: nothing was saved. */
  z.object({ state: z.literal('throttled') }),
]);
export type CaptureOutcome = z.infer<typeof captureOutcomeSchema>;

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

/** What one click on a people search page became, as the page's button shows it. */
export const bulkOutcomeSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('done'), counts: bulkCountsSchema }),
  z.object({ state: z.literal('not-connected') }),
  /** Not a people search tab, LinkedIn turned off, or a reading that does not parse. */
  z.object({ state: z.literal('refused') }),
  /** A bulk capture from this tab a moment ago: nothing was read into the outbox. */
  z.object({ state: z.literal('throttled') }),
]);
export type BulkOutcome = z.infer<typeof bulkOutcomeSchema>;

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
    z.object({ name: z.nullable(z.string()), reason: z.enum(['member-id', 'no-profile-link', 'no-name', 'mismatch']) }),
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
   */
  z.strictObject({ type: z.literal('capture-tab'), tabId: z.number(), details: z.optional(enteredDetailsSchema) }),
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

// ---- extension → content script -----------------------------------------------------------------

export const tabRequestSchema = z.discriminatedUnion('type', [
  /** Capture the profile on this page now, as a click on the button would; with what the rep typed in the popup's "Enter details". */
  z.strictObject({ type: z.literal('capture-request'), details: z.optional(enteredDetailsSchema) }),
  /** What the page's button shows, for the popup. */
  z.strictObject({ type: z.literal('get-state') }),
]);
export type TabRequest = z.infer<typeof tabRequestSchema>;

/**
 * What a Capture button shows. The page's button and the popup render the same states, with the
 * labels of lib/shared/i18n ("Capture", "Capturing…", "Captured", "Queued", "Not connected", failures).
 */
export const buttonStateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('idle') }),
  z.object({ kind: z.literal('capturing') }),
  z.object({ kind: z.literal('captured'), capturedAt: z.string() }),
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

/** The answer to every TabRequest: the profile on the page (null when none) and its button state. */
export const tabStateSchema = z.object({
  profileUrl: z.nullable(z.string()),
  state: z.nullable(buttonStateSchema),
  /** The page is a people search (issue 13): a capture-request captures its results; `tab-bulk` tells what became of them. */
  peopleSearch: z.optional(z.literal(true)),
});
export type TabState = z.infer<typeof tabStateSchema>;
