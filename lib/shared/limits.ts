/**
 * The contract's field limits (../shared/api-contract.md), on their own: lib/shared/contract.ts builds its
 * schemas from them, and code that runs in the page (the "Enter details" form, the address matcher)
 * imports them from here without pulling in the schema library.
 */
export const LIMITS = {
  apiKey: 256,
  profileUrl: 2048,
  firstName: 100,
  lastName: 100,
  jobTitle: 200,
  /** Bounds on what the server may hand us: anything longer is not an answer we keep or show. */
  leadId: 200,
  errorCode: 100,
  errorMessage: 500,
  /** Field errors: at most this many fields, each name and message at most errorCode / errorMessage. */
  errorFields: 20,
  organizationId: 200,
  organizationName: 200,
  email: 320,
} as const;

/** The fields a rep types in "Enter details" (the page's button and the popup), with their limits. */
export const DETAILS_LIMITS = { firstName: LIMITS.firstName, lastName: LIMITS.lastName, jobTitle: LIMITS.jobTitle } as const;
