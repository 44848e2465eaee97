import { describe, expect, it } from 'vitest';
import { normalizeApiKey } from '../../lib/worker/api-key';

describe('normalizeApiKey', () => {
  it('keeps an ordinary key unchanged', () => {
    expect(normalizeApiKey('mk_live_AbC123-._~')).toEqual({ ok: true, key: 'mk_live_AbC123-._~' });
  });

  it('trims surrounding whitespace, as a paste often brings some', () => {
    expect(normalizeApiKey('  \t mk_live_abc\r\n')).toEqual({ ok: true, key: 'mk_live_abc' });
  });

  it.each(['', '   ', '\n\t', '\u00A0\u3000'])('refuses an empty key (%j)', (input) => {
    expect(normalizeApiKey(input)).toEqual({ ok: false, error: 'empty' });
  });

  it('accepts 256 characters and refuses 257', () => {
    expect(normalizeApiKey('k'.repeat(256))).toEqual({ ok: true, key: 'k'.repeat(256) });
    expect(normalizeApiKey('k'.repeat(257))).toEqual({ ok: false, error: 'too-long' });
  });

  it('measures the length after trimming', () => {
    expect(normalizeApiKey(`  ${'k'.repeat(256)}  `)).toEqual({ ok: true, key: 'k'.repeat(256) });
  });

  it.each([
    ['an inner space', 'mk live'],
    ['an inner tab', 'mk\tlive'],
    ['a newline', 'mk\nlive'],
    ['a NUL', 'mk\u0000live'],
    ['DEL', 'mk\u007Flive'],
    ['a C1 control', 'mk\u0085live'],
    ['a no-break space', 'mk\u00A0live'],
    ['a zero-width space', 'mk\u200Blive'],
    ['a bidi override', 'mk\u202Elive'],
    ['an inner BOM', 'mk\uFEFFlive'],
    ['a character fetch cannot put in a header', 'mk_clé_€'],
  ])('refuses a key containing %s', (_label, input) => {
    expect(normalizeApiKey(input)).toEqual({ ok: false, error: 'invalid-characters' });
  });
});
