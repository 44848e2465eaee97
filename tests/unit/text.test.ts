import { describe, expect, it } from 'vitest';
import { isCleanText } from '@/lib/shared/contract';
import { cleanText, truncate } from '@/lib/shared/text';

describe('cleanText', () => {
  it.each([
    ['  Jane   Doe  ', 'Jane Doe'],
    ['Jane\u00A0Doe', 'Jane Doe'],
    ['Jane\tDoe\n', 'Jane Doe'],
    ['J\u200Bane', 'Jane'],
    ['\u202EeoD enaJ', 'eoD enaJ'],
    ['Ja\u0000ne', 'Jane'],
    ['Jo\u00ADsé', 'José'],
    ['Jose\u0301', 'José'],
    // A joiner between a letter and its accent: removing it makes a pair that must then compose.
    ['Jose\u200D\u0301', 'José'],
    ['\uFEFFJane', 'Jane'],
    ['\u2066Jane\u2069', 'Jane'],
    ['Ja\uD800ne', 'Jane'],
    ['Jane \uDE00Doe', 'Jane Doe'],
    ['Jane 😀', 'Jane 😀'],
  ])('%j → %j, which the contract accepts', (input, expected) => {
    const cleaned = cleanText(input);
    expect(cleaned).toBe(expected);
    expect(isCleanText(cleaned)).toBe(true);
  });
});

describe('truncate', () => {
  it('never splits a surrogate pair', () => {
    expect(truncate('ab😀', 3)).toBe('ab');
    expect(truncate('abc', 5)).toBe('abc');
  });
});
