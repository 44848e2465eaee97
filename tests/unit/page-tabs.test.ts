/**
 * lib/worker/page-tabs.ts: the worker pushes a capture's new state to every tab of ours showing that
 * profile, and to no other (issue 20), learning the tabs from our content scripts' own messages.
 */
import { describe, expect, it, vi } from 'vitest';
import type { CaptureState, PageAnswer, TabRequest } from '@/lib/shared/messages';
import { createCaptureStates } from '@/lib/worker/capture-states';
import { PAGE_TABS_MAX, createPageTabs } from '@/lib/worker/page-tabs';

const JANE = 'https://www.linkedin.com/in/jane-doe';
const CAPTURED: CaptureState = { status: { state: 'captured', capturedAt: '2026-12-01T10:00:00.000Z', existing: false }, person: null };

function setup() {
  const sent: [number, TabRequest][] = [];
  const states = createCaptureStates({
    outbox: { isWaiting: async () => false, needsAttention: async () => false },
    leadCache: { lookup: async () => null },
  });
  const answer = vi.fn(async (state: CaptureState): Promise<PageAnswer> => ({ state: { kind: state.status.state === 'captured' ? 'captured' : 'idle', capturedAt: '2026-12-01T10:00:00.000Z' } as PageAnswer['state'], words: { label: state.status.state, detail: '' } }));
  const tabs = createPageTabs({
    sendToTab: async (tabId, request) => void sent.push([tabId, request]),
    answer,
    state: (profileUrl) => states.get(profileUrl),
  });
  states.subscribe(tabs.onCaptureEvent);
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { sent, states, tabs, flush, answer };
}

describe('pushing capture states to the tabs that show them', () => {
  it('tells every tab showing the profile, whatever its address variant, and no other tab', async () => {
    const { sent, states, tabs, flush } = setup();
    tabs.heard(1, `${JANE}/`);
    tabs.heard(2, `${JANE}/details/experience/?lang=fr`);
    tabs.heard(3, 'https://www.linkedin.com/in/john-smith/');
    tabs.heard(4, 'https://www.linkedin.com/feed/');
    states.report(JANE, CAPTURED.status);
    await flush();
    expect(sent.map(([tabId]) => tabId).sort()).toEqual([1, 2]);
    expect(sent[0]?.[1]).toMatchObject({ type: 'capture-state', profileUrl: JANE, answer: { words: { label: 'captured' } } });
  });

  it('forgets a tab that navigated to another profile or closed, and keeps one that stays on the profile', async () => {
    const { sent, states, tabs, flush } = setup();
    tabs.heard(1, `${JANE}/`);
    tabs.heard(2, `${JANE}/`);
    tabs.heard(3, `${JANE}/`);
    tabs.navigated(1, 'https://www.linkedin.com/in/john-smith/');
    tabs.navigated(2, `${JANE}/recent-activity/`);
    tabs.forget(3);
    states.report(JANE, CAPTURED.status);
    await flush();
    expect(sent.map(([tabId]) => tabId)).toEqual([2]);
  });

  it('after an erasure, tells each tab what its profile is now', async () => {
    const { sent, states, tabs, flush } = setup();
    tabs.heard(1, `${JANE}/`);
    states.erased();
    await flush();
    await flush();
    expect(sent).toEqual([[1, { type: 'capture-state', profileUrl: JANE, answer: { state: { kind: 'idle', capturedAt: expect.any(String) }, words: { label: 'none', detail: '' } } }]]);
  });

  it(`remembers at most ${PAGE_TABS_MAX} tabs`, async () => {
    const { sent, states, tabs, flush } = setup();
    for (let tabId = 0; tabId <= PAGE_TABS_MAX; tabId += 1) tabs.heard(tabId, `${JANE}/`);
    states.report(JANE, CAPTURED.status);
    await flush();
    expect(sent).toHaveLength(PAGE_TABS_MAX);
    expect(sent.map(([tabId]) => tabId)).not.toContain(0);
  });
});
