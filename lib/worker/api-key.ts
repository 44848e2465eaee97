/**
 * What an API key may look like before it is stored or sent (../shared/api-contract.md,
 * "Authentication"). A refused key never leaves the extension.
 */
import { LIMITS } from '../shared/contract';

export type ApiKeyError = 'empty' | 'too-long' | 'invalid-characters';
export type NormalizedApiKey = { ok: true; key: string } | { ok: false; error: ApiKeyError };

// Printable ASCII only. The contract refuses whitespace and control characters; we also refuse
// anything else a header cannot carry faithfully: `fetch` throws on characters above U+00FF (a
// thrown fetch would look like a network error and be retried forever) and Latin-1 bytes are
// decoded differently by different servers. Zero-width and bidi characters, which a paste from a
// web page or a chat app can smuggle in, are refused by the same rule.
const SENDABLE = /^[\x21-\x7E]+$/;

export function normalizeApiKey(input: string): NormalizedApiKey {
  const key = input.trim();
  if (key.length === 0) return { ok: false, error: 'empty' };
  if (key.length > LIMITS.apiKey) return { ok: false, error: 'too-long' };
  if (!SENDABLE.test(key)) return { ok: false, error: 'invalid-characters' };
  return { ok: true, key };
}
