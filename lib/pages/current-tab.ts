/**
 * What the popup offers for the tab it was opened over: the same Capture action, in the same
 * state, as the button on that page, or a sentence saying why there is none.
 *
 * The popup learns about the tab from three places, and trusts each for one thing:
 * - the tab's address (Chrome reveals it only on the sites in host_permissions, which is exactly
 *   the pages where a capture is possible): is this a profile (or a LinkedIn people search page), and
 *   on which platform;
 * - the content script's answer to `get-state` (null when no content script answered: the tab was
 *   opened before the extension was installed or updated): whether the page can capture, and what
 *   only the page knows (a capture under way, a page it could not read, a refusal of the click);
 * - the worker, the one owner of each capture's state (issue 20): connected or not, and what
 *   became of this profile's capture (sent, waiting, refused, already in Metrikia) and whom it named.
 */
import { canonicalProfileUrl } from '../shared/profile-url';
import { isLinkedInPeopleSearch } from '../shared/sites/people-search';
import { buttonStateOf } from '../shared/button-label';
import type { ButtonState, CaptureState, CapturedPerson, TabState } from '../shared/messages';
import type { Settings } from '../shared/storage';

export type CurrentTabView =
  /** Not a LinkedIn or Instagram profile, or the address is hidden from us (another site). */
  | { kind: 'no-profile' }
  /** A profile on a platform the rep turned off in the settings. */
  | { kind: 'platform-off' }
  /** A profile, but its page has no content script to talk to yet. */
  | { kind: 'reload' }
  /**
   * The profile's Capture, in its state now (Already in Metrikia is a captured state's `existing`),
   * and `person` whom the capture named as it was sent (null when the worker no longer knows).
   */
  | { kind: 'capture'; profileUrl: string; state: ButtonState; person: CapturedPerson | null }
  /** A LinkedIn people search page (issue 13): its Capture, in the state the page's button is in. */
  | { kind: 'people-search'; state: ButtonState };

/** What the worker said: whether a key is connected (null until it answered), and this profile's capture (null until asked). */
export interface WorkerWord {
  connected: boolean | null;
  capture: CaptureState | null;
}

const UNKNOWN: WorkerWord = { connected: null, capture: null };

/** What only the page knows: a capture under way from it, or why its last click sent nothing. */
export const onlyThePageKnows = (state: ButtonState): boolean =>
  state.kind === 'capturing' || (state.kind === 'failed' && state.reason !== 'rejected');

function profileView(profileUrl: string, page: ButtonState, worker: WorkerWord): CurrentTabView {
  const shown = (state: ButtonState): CurrentTabView => ({ kind: 'capture', profileUrl, state, person: null });
  if (worker.connected === false) return shown({ kind: 'not-connected' });
  if (onlyThePageKnows(page)) return shown(page);
  const { capture } = worker;
  // The page's "Not connected" may be older than the key the rep connected since.
  if (!capture) return shown(page.kind === 'not-connected' && worker.connected ? { kind: 'idle' } : page);
  const { status, person } = capture;
  return {
    kind: 'capture',
    profileUrl,
    state: buttonStateOf(status),
    person: status.state === 'none' ? null : person,
  };
}

export function currentTabView(
  tabUrl: string | null | undefined,
  settings: Pick<Settings, 'linkedin' | 'instagram'>,
  answer: TabState | null,
  worker: WorkerWord = UNKNOWN,
): CurrentTabView {
  const search = Boolean(tabUrl && isLinkedInPeopleSearch(tabUrl));
  const source = search ? 'linkedin' : tabUrl ? canonicalProfileUrl(tabUrl)?.source : undefined;
  if (!source) return { kind: 'no-profile' };
  if (!settings[source]) return { kind: 'platform-off' };
  if (!answer) return { kind: 'reload' };
  if (search) return answer.peopleSearch && answer.state ? { kind: 'people-search', state: answer.state } : { kind: 'no-profile' };
  // The page shows no button (it moved on to a page that is not a profile).
  if (!answer.state || answer.profileUrl === null) return { kind: 'no-profile' };
  return profileView(answer.profileUrl, answer.state, worker);
}
