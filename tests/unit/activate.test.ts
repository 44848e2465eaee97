/**
 * What activating Capture does in each state (lib/shared/activate.ts), the rule the page's button
 * (tests/unit/capture-controller.test.ts) and the popup (tests/unit/popup.test.ts) both apply.
 */
import { describe, expect, it } from 'vitest';
import { activationOf } from '@/lib/shared/activate';
import type { ButtonState } from '@/lib/shared/messages';

describe('activationOf', () => {
  it.each<[ButtonState, ReturnType<typeof activationOf>]>([
    [{ kind: 'idle' }, 'capture'],
    [{ kind: 'capturing' }, 'none'],
    [{ kind: 'captured', capturedAt: '2026-01-01T00:00:00.000Z' }, 'offer-capture-again'],
    [{ kind: 'queued', reason: 'server' }, 'capture'],
    [{ kind: 'not-connected' }, 'open-settings'],
    [{ kind: 'failed', reason: 'rejected', message: null }, 'capture'],
    [{ kind: 'failed', reason: 'name-not-found', message: null }, 'capture'],
  ])('%j → %s', (state, expected) => {
    expect(activationOf(state)).toBe(expected);
  });
});
