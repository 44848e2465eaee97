/**
 * The contract's field limits and character rules (../shared/api-contract.md), on their own:
 * lib/shared/contract.ts builds its schemas from them, and code that runs in the page (the "Enter
 * details" form, the address matcher) imports them from here without pulling in the schema library.
 */
/** The longest canonical profile URL, and the fields a rep types in "Enter details": page code imports these alone. */
export const PROFILE_URL_MAX = 2048;
const FIRST_NAME_MAX = 100;
const LAST_NAME_MAX = 100;
const JOB_TITLE_MAX = 200;

export const LIMITS = {
  apiKey: 256,
  profileUrl: PROFILE_URL_MAX,
  firstName: FIRST_NAME_MAX,
  lastName: LAST_NAME_MAX,
  jobTitle: JOB_TITLE_MAX,
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
export const DETAILS_LIMITS = { firstName: FIRST_NAME_MAX, lastName: LAST_NAME_MAX, jobTitle: JOB_TITLE_MAX } as const;

/**
 * Characters the contract removes from every string: C0/C1 controls, zero-width characters, bidi
 * embeddings/overrides/isolates, the BOM, soft hyphens, and the interlinear annotation and
 * object-replacement characters pages use to smuggle content. lib/shared/text.ts strips exactly these.
 */
// eslint-disable-next-line no-control-regex
export const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFC]/;
/** Half of a surrogate pair without its other half: not text, and invalid UTF-8 on the wire. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Any run of whitespace, including the no-break and typographic spaces. */
export const WHITESPACE_RUN = /[\s\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+/g;
