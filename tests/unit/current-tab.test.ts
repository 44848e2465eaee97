/**
 * What the popup offers for the tab it was opened over (lib/pages/current-tab.ts): the page's own
 * Capture state when the tab is a profile on an enabled platform with a content script, and the
 * reason there is none otherwise.
 */
import { describe, expect, it } from 'vitest';
import type { TabState } from '@/lib/shared/messages';
import { currentTabView } from '@/lib/pages/current-tab';

const BOTH_ON = { linkedin: true, instagram: true };
const JANE = 'https://www.linkedin.com/in/jane-doe';
const idle: TabState = { profileUrl: JANE, state: { kind: 'idle' } };

describe('currentTabView', () => {
  it.each([
    ['no tab at all', null],
    ['a tab whose address Chrome hides (a site outside host_permissions)', undefined],
    ['another site', 'https://example.com/in/jane-doe'],
    ['the LinkedIn feed', 'https://www.linkedin.com/feed/'],
    ['an Instagram post', 'https://www.instagram.com/p/Cxyz123/'],
  ])('no profile: %s', (_case, url) => {
    expect(currentTabView(url, BOTH_ON, idle)).toEqual({ kind: 'no-profile' });
  });

  it('a profile on a platform turned off says so, whatever the page answered', () => {
    expect(currentTabView(`${JANE}/`, { linkedin: false, instagram: true }, idle)).toEqual({ kind: 'platform-off' });
    expect(currentTabView('https://www.instagram.com/jane.doe/', { linkedin: true, instagram: false }, null)).toEqual({
      kind: 'platform-off',
    });
  });

  it('a profile whose page did not answer (opened before the extension was installed) asks for a reload', () => {
    expect(currentTabView(`${JANE}/`, BOTH_ON, null)).toEqual({ kind: 'reload' });
  });

  it('a page that shows no button (moved on to a non-profile page) offers nothing', () => {
    expect(currentTabView(`${JANE}/`, BOTH_ON, { profileUrl: null, state: null })).toEqual({ kind: 'no-profile' });
  });

  it.each([
    { kind: 'idle' },
    { kind: 'capturing' },
    { kind: 'captured', capturedAt: '2026-11-23T09:00:00.000Z' },
    { kind: 'queued', reason: 'offline' },
    { kind: 'not-connected' },
    { kind: 'failed', reason: 'rejected', message: 'First name is not a name' },
  ] as const)('mirrors the page button state $kind', (state) => {
    expect(currentTabView(`${JANE}/?miniProfileUrn=x`, BOTH_ON, { profileUrl: JANE, state })).toEqual({
      kind: 'capture',
      state,
    });
  });

  it('a LinkedIn people search page (issue 13): its Capture in the page’s state; off with LinkedIn; reload without a content script', () => {
    const search = 'https://www.linkedin.com/search/results/people/?keywords=growth&page=2';
    const state = { kind: 'idle' } as const;
    expect(currentTabView(search, BOTH_ON, { profileUrl: null, state, peopleSearch: true })).toEqual({ kind: 'people-search', state });
    expect(currentTabView(search, { linkedin: false, instagram: true }, { profileUrl: null, state: null })).toEqual({ kind: 'platform-off' });
    expect(currentTabView(search, BOTH_ON, null)).toEqual({ kind: 'reload' });
    // The page moved on to a page with no button.
    expect(currentTabView(search, BOTH_ON, { profileUrl: null, state: null })).toEqual({ kind: 'no-profile' });
    expect(currentTabView('https://www.linkedin.com/search/results/companies/?keywords=x', BOTH_ON, { profileUrl: null, state, peopleSearch: true })).toEqual({ kind: 'no-profile' });
  });

  it('works the same for an Instagram profile', () => {
    const url = 'https://www.instagram.com/jane.doe/';
    const state = { kind: 'idle' } as const;
    expect(currentTabView(url, BOTH_ON, { profileUrl: 'https://www.instagram.com/jane.doe', state })).toEqual({
      kind: 'capture',
      state,
    });
  });
});
