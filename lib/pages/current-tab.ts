/**
 * What the popup offers for the tab it was opened over: the same Capture action, in the same
 * state, as the button on that page, or a sentence saying why there is none.
 *
 * The popup learns about the tab from two places, and trusts each for one thing:
 * - the tab's address (Chrome reveals it only on the sites in host_permissions, which is exactly
 *   the pages where a capture is possible): is this a profile (or a LinkedIn people search page), and
 *   on which platform;
 * - the content script's answer to `get-state` (null when no content script answered: the tab was
 *   opened before the extension was installed or updated): what its button shows.
 */
import { canonicalProfileUrl } from '../shared/profile-url';
import { isLinkedInPeopleSearch } from '../shared/sites/people-search';
import type { ButtonState, TabState } from '../shared/messages';
import type { Settings } from '../shared/storage';

export type CurrentTabView =
  /** Not a LinkedIn or Instagram profile, or the address is hidden from us (another site). */
  | { kind: 'no-profile' }
  /** A profile on a platform the rep turned off in the settings. */
  | { kind: 'platform-off' }
  /** A profile, but its page has no content script to talk to yet. */
  | { kind: 'reload' }
  /** The page's Capture button, in the state the page shows. */
  | { kind: 'capture'; state: ButtonState }
  /** A LinkedIn people search page (issue 13): its Capture, in the state the page's button is in. */
  | { kind: 'people-search'; state: ButtonState };

export function currentTabView(
  tabUrl: string | null | undefined,
  settings: Pick<Settings, 'linkedin' | 'instagram'>,
  answer: TabState | null,
): CurrentTabView {
  const search = Boolean(tabUrl && isLinkedInPeopleSearch(tabUrl));
  const source = search ? 'linkedin' : tabUrl ? canonicalProfileUrl(tabUrl)?.source : undefined;
  if (!source) return { kind: 'no-profile' };
  if (!settings[source]) return { kind: 'platform-off' };
  if (!answer) return { kind: 'reload' };
  if (search) return answer.peopleSearch && answer.state ? { kind: 'people-search', state: answer.state } : { kind: 'no-profile' };
  // The page shows no button (it moved on to a page that is not a profile).
  if (!answer.state || answer.profileUrl === null) return { kind: 'no-profile' };
  return { kind: 'capture', state: answer.state };
}
