import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../lib/shared/contract';
import { checkEnteredDetails, enterDetailsPrefill } from '../../lib/pages/entered-details';

const found = { firstName: 'Sri', lastName: 'Lalitha Jeevanige', jobTitle: null };

describe('enterDetailsPrefill', () => {
  it('offers the form only for an unsure name or a stale page, with what was found', () => {
    expect(enterDetailsPrefill({ kind: 'failed', reason: 'name-not-found', message: null, found })).toEqual(found);
    expect(enterDetailsPrefill({ kind: 'failed', reason: 'stale-page', message: null, found })).toEqual(found);
    expect(enterDetailsPrefill({ kind: 'failed', reason: 'stale-page', message: null })).toBeNull();
    expect(enterDetailsPrefill({ kind: 'failed', reason: 'not-a-profile', message: null, found })).toBeNull();
    expect(enterDetailsPrefill({ kind: 'failed', reason: 'logged-out', message: null })).toBeNull();
    expect(enterDetailsPrefill({ kind: 'idle' })).toBeNull();
    expect(enterDetailsPrefill(null)).toBeNull();
  });
});

describe('checkEnteredDetails', () => {
  it('cleans the fields as the contract asks, and an empty job title is null', () => {
    expect(checkEnteredDetails({ firstName: '  Sri  Lalitha ', lastName: 'Jeevanige\u200B', jobTitle: ' ' }, 'linkedin')).toEqual({
      ok: true,
      details: { firstName: 'Sri Lalitha', lastName: 'Jeevanige', jobTitle: null },
    });
  });

  it('requires a first name and enforces each limit after cleaning', () => {
    expect(checkEnteredDetails({ firstName: ' \u200B ', lastName: '', jobTitle: '' }, 'linkedin')).toEqual({
      ok: false,
      problems: { firstName: 'required' },
    });
    const result = checkEnteredDetails(
      { firstName: 'a'.repeat(LIMITS.firstName + 1), lastName: 'b'.repeat(LIMITS.lastName + 1), jobTitle: 'c'.repeat(LIMITS.jobTitle + 1) },
      'linkedin',
    );
    expect(result).toEqual({ ok: false, problems: { firstName: 'too-long', lastName: 'too-long', jobTitle: 'too-long' } });
    expect(checkEnteredDetails({ firstName: 'a'.repeat(LIMITS.firstName), lastName: '', jobTitle: '' }, 'linkedin').ok).toBe(true);
  });

  it('sends no job title for Instagram, whatever was typed', () => {
    expect(checkEnteredDetails({ firstName: 'Camille', lastName: 'Roux', jobTitle: 'CEO' }, 'instagram')).toEqual({
      ok: true,
      details: { firstName: 'Camille', lastName: 'Roux', jobTitle: null },
    });
  });
});
