/**
 * The Metrikia API contract (../shared/api-contract.md) as schemas: the one place that knows the
 * wire format. The client, the outbox, the content scripts and the tests' API stand-in import it.
 *
 * `zod/mini` rather than `zod`: same validation, but tree-shakable, so a content script that
 * parses two messages stays a few KB (see the bundle budget in the README).
 */
import * as z from 'zod/mini';
// With its extension: Node loads this file directly for the API stand-in (npm run api, bench, demo).
import { FORBIDDEN_CHARS, LIMITS, LONE_SURROGATE, WHITESPACE_RUN } from './limits.ts';

export const API_BASE_URL = 'https://api.metrikia.io';
/** A request with no response after this long counts as a network error. */
export const REQUEST_TIMEOUT_MS = 15_000;

export { LIMITS };

/** An API answer's body is read up to this many bytes; a longer one is treated as unreadable. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

export const sourceSchema = z.enum(['linkedin', 'instagram']);
export type Source = z.infer<typeof sourceSchema>;

// The contract's character rules live with its limits, which code in the page may import without zod.
export { FORBIDDEN_CHARS, LONE_SURROGATE, WHITESPACE_RUN };

/** True when `s` is already as lib/shared/text.ts `cleanText` would leave it. */
export function isCleanText(s: string): boolean {
  return (
    s === s.trim() &&
    s === s.replace(WHITESPACE_RUN, ' ') &&
    s === s.normalize('NFC') &&
    !FORBIDDEN_CHARS.test(s) &&
    !/[\t\n\r]/.test(s) &&
    !LONE_SURROGATE.test(s)
  );
}

// Strings must already be clean: the schema refuses, it never repairs.
const cleanString = (max: number, min = 0) =>
  z.string().check(z.minLength(min), z.maxLength(max), z.refine(isCleanText, 'not normalised'));

export const isoUtcSchema = z
  .string()
  .check(
    z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, 'not ISO 8601 UTC'),
    z.refine((s) => !Number.isNaN(Date.parse(s)), 'not a date'),
  );

export const profileUrlSchema = z
  .string()
  .check(
    z.maxLength(LIMITS.profileUrl),
    z.regex(/^https:\/\/www\.(linkedin\.com\/in|instagram\.com)\/[^/?#\s]+$/, 'not a canonical profile URL'),
  );

/** The body of `POST /v1/leads`. Strict: no other field is ever sent. */
export const leadPayloadSchema = z
  .strictObject({
    source: sourceSchema,
    profileUrl: profileUrlSchema,
    firstName: cleanString(LIMITS.firstName, 1),
    lastName: cleanString(LIMITS.lastName),
    jobTitle: z.nullable(cleanString(LIMITS.jobTitle)),
    capturedAt: isoUtcSchema,
  })
  .check(
    z.refine((lead) => lead.source === 'linkedin' || lead.jobTitle === null, {
      message: 'jobTitle is LinkedIn only',
      path: ['jobTitle'],
    }),
    z.refine(
      (lead) => lead.profileUrl.startsWith(lead.source === 'linkedin' ? 'https://www.linkedin.com/in/' : 'https://www.instagram.com/'),
      { message: 'profileUrl does not belong to source', path: ['profileUrl'] },
    ),
  );
export type LeadPayload = z.infer<typeof leadPayloadSchema>;

const bounded = (max: number) => z.string().check(z.maxLength(max));

export const meResponseSchema = z.object({
  organization: z.object({ id: bounded(LIMITS.organizationId), name: bounded(LIMITS.organizationName) }),
  user: z.object({ email: bounded(LIMITS.email) }),
});
export type MeResponse = z.infer<typeof meResponseSchema>;

export const leadResponseSchema = z.object({
  lead: z.object({ id: bounded(LIMITS.leadId), status: z.enum(['created', 'existing']) }),
});
export type LeadResponse = z.infer<typeof leadResponseSchema>;

export const errorBodySchema = z.object({
  error: z.object({
    code: bounded(LIMITS.errorCode),
    message: z.optional(bounded(LIMITS.errorMessage)),
    fields: z.optional(
      z
        .record(bounded(LIMITS.errorCode), bounded(LIMITS.errorMessage))
        .check(z.refine((fields) => Object.keys(fields).length <= LIMITS.errorFields, 'too many fields')),
    ),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/**
 * What the server said when it refused a body (400, 413, 422), or what the extension itself found
 * wrong with one (`httpStatus: null`): the API client's result, the retry policy's decision and the
 * outbox record all carry this one shape.
 */
export const rejectionSchema = z.object({
  httpStatus: z.nullable(z.number()),
  code: z.nullable(z.string()),
  message: z.nullable(z.string()),
  fields: z.record(z.string(), z.string()),
});
export type Rejection = z.infer<typeof rejectionSchema>;

/** Who a key belongs to, as `GET /v1/me` said when it was connected (stored, and shown by the pages). */
export const connectionSchema = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  email: z.string(),
  connectedAt: z.string(),
});
export type Connection = z.infer<typeof connectionSchema>;

/** UUID v4, as the Idempotency-Key must be. */
export const idempotencyKeySchema = z
  .string()
  .check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/));
