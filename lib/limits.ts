/**
 * The contract's field limits (../shared/api-contract.md), on their own: lib/contract.ts builds its
 * schemas from them, and code that runs in the page (the "Enter details" form, the address matcher)
 * imports them from here without pulling in the schema library.
 */
export const LIMITS = {
  apiKey: 256,
  profileUrl: 2048,
  firstName: 100,
  lastName: 100,
  jobTitle: 200,
} as const;
