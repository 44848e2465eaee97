/**
 * What the popup offers for the tab it was opened over (lib/pages/current-tab.ts): the page's own
 * Capture state when the tab is a profile on an enabled platform with a content script, and the
 * reason there is none otherwise.
 */
import { describe, expect, it } from 'vitest';
import type { ButtonState, CaptureState, TabState } from '@/lib/shared/messages';
import { currentTabView, type WorkerWord } from '@/lib/pages/current-tab';

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
      profileUrl: JANE,
      state,
      person: null,
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
      profileUrl: 'https://www.instagram.com/jane.doe',
      state,
      person: null,
    });
  });
});

describe('currentTabView follows the worker, the one owner of capture states (issue 20)', () => {
  const JANE_PERSON = { firstName: 'Jane', lastName: 'Doe', jobTitle: 'Head of Growth' };
  const at = '2026-12-06T09:41:00.000Z';
  const view = (page: TabState['state'], worker: WorkerWord) => currentTabView(`${JANE}/`, BOTH_ON, { profileUrl: JANE, state: page }, worker);

  it.each<[string, CaptureState, ButtonState]>([
    ['nothing captured', { status: { state: 'none' }, person: null }, { kind: 'idle' }],
    ['on its way', { status: { state: 'sending' }, person: JANE_PERSON }, { kind: 'capturing' }],
    ['waiting', { status: { state: 'queued', reason: 'offline' }, person: JANE_PERSON }, { kind: 'queued', reason: 'offline' }],
    ['delivered', { status: { state: 'captured', capturedAt: at, existing: false }, person: JANE_PERSON }, { kind: 'captured', capturedAt: at, existing: false }],
    ['already in Metrikia (a 200)', { status: { state: 'captured', capturedAt: at, existing: true }, person: JANE_PERSON }, { kind: 'captured', capturedAt: at, existing: true }],
    ['refused', { status: { state: 'rejected', message: 'Bad name' }, person: JANE_PERSON }, { kind: 'failed', reason: 'rejected', message: 'Bad name' }],
  ])('%s: the worker’s state wins over what the page said before (Queued → Captured with no reload)', (_case, capture, state) => {
    const page = { kind: 'queued', reason: 'offline' } as const;
    expect(view(page, { connected: true, capture })).toEqual({
      kind: 'capture',
      profileUrl: JANE,
      state,
      person: capture.status.state === 'none' ? null : JANE_PERSON,
    });
  });

  it('what only the page knows stays: a capture under way, a page it could not read, a refused click', () => {
    const capture: CaptureState = { status: { state: 'captured', capturedAt: at, existing: false }, person: null };
    const unread = { kind: 'failed', reason: 'name-not-found', message: null } as const;
    expect(view({ kind: 'capturing' }, { connected: true, capture })).toMatchObject({ state: { kind: 'capturing' } });
    expect(view(unread, { connected: true, capture })).toMatchObject({ state: unread });
  });

  it('not connected is the worker’s word, whatever the page said; a connected key clears the page’s stale "Not connected"', () => {
    expect(view({ kind: 'idle' }, { connected: false, capture: null })).toMatchObject({ state: { kind: 'not-connected' } });
    expect(view({ kind: 'not-connected' }, { connected: true, capture: null })).toMatchObject({ state: { kind: 'idle' } });
    expect(view({ kind: 'not-connected' }, { connected: null, capture: null })).toMatchObject({ state: { kind: 'not-connected' } });
  });
});
