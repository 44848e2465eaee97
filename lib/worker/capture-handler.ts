/**
 * The worker's side of a capture: a content script's reading made a lead (or a refusal) and handed
 * to delivery; what a page may know about its own profile; and the route by which the popup and the
 * shortcut ask a tab to capture. Called by the message handler (lib/worker/handlers.ts).
 */
import { leadPayloadSchema, type LeadPayload } from '../shared/contract';
import {
  tabStateSchema,
  type ButtonState,
  type CaptureOutcome,
  type ContentRequest,
  type EnteredDetails,
  type PageAnswer,
  type TabRequest,
  type TabState,
} from '../shared/messages';
import { capturablePage } from '../shared/capturable-page';
import { canonicalProfileUrl } from '../shared/profile-url';
import { isLinkedInPeopleSearch } from '../shared/sites/people-search';
import type { ScrapedLead } from '../shared/sites/types';
import { cleanText } from '../shared/text';
import type { BackgroundDeps } from './handlers';
import { buttonStateOfStatus, buttonWording, buttonWords, type PageShown } from './page-answer';
import { interpret } from './sites/interpret';

/**
 * A capture from a content script: the sensor's reading, interpreted here against the tab's
 * address (lib/worker/sites/interpret.ts), or what the rep typed in "Enter details". The platform and
 * the profile always come from the tab's address, never from the message.
 */
export async function captureFromPage(
  deps: BackgroundDeps,
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
  else if (!read.ok) return { state: 'unreadable', reason: read.reason, found: read.found };
  else if (request.readingAfter !== undefined && !sameReading(read.lead, interpret(request.readingAfter, sender.pageUrl))) {
    // The page showed someone else, or another title, a moment after the click than at it (a page
    // rewriting itself under the rep's click, issue 21): nothing is sent; the form offers what the
    // click saw.
    const { firstName, lastName, jobTitle } = read.lead;
    return { state: 'unreadable', reason: 'page-changed', found: { firstName, lastName, jobTitle } };
  } else fields = read.lead;

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
  // The answer waits for the capture only (issue 20): the badge follows it.
  void deps.refreshBadge().catch(() => undefined);
  return outcome;
}

/** The same person and title, read at the click and a moment later. */
function sameReading(atClick: ScrapedLead, after: ReturnType<typeof interpret>): boolean {
  return (
    after.ok &&
    after.lead.firstName === atClick.firstName &&
    after.lead.lastName === atClick.lastName &&
    after.lead.jobTitle === atClick.jobTitle
  );
}

type AnswerDeps = Pick<BackgroundDeps, 'settings' | 'uiLanguage' | 'bulkResults'>;

/** The page a content script of `tabId` shows at `pageUrl`, as its button's words need it. */
function pageShown(deps: AnswerDeps, pageUrl: string, tabId: number): PageShown {
  if (isLinkedInPeopleSearch(pageUrl)) return { profileUrl: null, peopleSearch: true, bulkCounts: deps.bulkResults?.get(tabId)?.counts ?? null };
  return { profileUrl: canonicalProfileUrl(pageUrl)?.profileUrl ?? null, peopleSearch: false };
}

/** A state of the button at `pageUrl`, with its words in the rep's language. */
export async function answerPage(deps: AnswerDeps, state: ButtonState, pageUrl: string, tabId: number): Promise<PageAnswer> {
  const settings = await deps.settings.get();
  const words = buttonWords(state, buttonWording(settings.language, deps.uiLanguage()), pageShown(deps, pageUrl, tabId));
  return { state, words };
}

/**
 * What the button shows on the tab's own page (never another profile's), from the worker's one
 * record of each capture (lib/worker/capture-states.ts): in memory, no read of the whole outbox or cache.
 */
export async function pageStatus(
  deps: AnswerDeps & Pick<BackgroundDeps, 'apiKey' | 'captureStates'>,
  pageUrl: string,
  tabId: number,
): Promise<PageAnswer> {
  const page = canonicalProfileUrl(pageUrl);
  const [apiKey, capture] = await Promise.all([deps.apiKey.get(), page ? deps.captureStates.get(page.profileUrl) : null]);
  const state = buttonStateOfStatus(capture?.status ?? { state: 'none' }, apiKey !== null);
  return answerPage(deps, state, pageUrl, tabId);
}

const NO_TAB_STATE: TabState = { profileUrl: null, state: null };

/** What the popup or the shortcut asks for with a capture in a tab. */
export interface TabCapture {
  /** What the rep typed in the popup's "Enter details". */
  details?: EnteredDetails;
  /** The page the rep saw (lib/shared/capturable-page.ts): nothing is captured if the tab shows another now. */
  expectedPage?: string;
}

/**
 * The one route of the popup's Capture, its "Enter details" and the keyboard shortcut: ask the
 * tab's content script to capture (it reads the page, sends `capture` and shows the outcome).
 * Resolves with what the tab then shows; a tab without our content script answers nothing.
 *
 * The person captured is the one the rep saw (issue 21): the tab refuses, saying on the page that
 * the page changed, when it no longer shows `expectedPage`, against the address it reads when it
 * captures. For the popup (`checkAddressFirst`), whose rep looks at the popup, the worker also
 * compares the tab's address first and then asks the tab nothing; the shortcut's rep looks at the
 * page, so the tab is asked and says it there.
 */
export async function captureInTab(
  deps: Pick<BackgroundDeps, 'sendToTab' | 'tabAddress'>,
  tabId: number,
  { details, expectedPage }: TabCapture = {},
  { checkAddressFirst = true }: { checkAddressFirst?: boolean } = {},
): Promise<TabState> {
  if (expectedPage !== undefined && checkAddressFirst) {
    const address = await deps.tabAddress(tabId).catch(() => null);
    if (address === null || capturablePage(address) !== expectedPage) {
      return { profileUrl: null, state: { kind: 'failed', reason: 'page-changed', message: null } };
    }
  }
  const request: TabRequest = {
    type: 'capture-request',
    ...(details ? { details } : {}),
    ...(expectedPage === undefined ? {} : { expectedPage }),
  };
  try {
    const answer = tabStateSchema.safeParse(await deps.sendToTab(tabId, request));
    if (answer.success) return answer.data;
  } catch {
    // No receiving end: the tab was opened before the extension was installed, or is another site.
  }
  return NO_TAB_STATE;
}
