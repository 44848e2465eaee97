/**
 * The Metrikia API client, per ../shared/api-contract.md. It never throws and never trusts a
 * response: every exchange ends as one of a few typed results, whatever the server (or a captive
 * portal, a proxy, a half-closed connection) sent back. Nothing here logs: the payload is personal
 * data and the key is a secret, so neither can reach a log line, an error message or a result.
 */
import * as z from 'zod/mini';
import {
  API_BASE_URL,
  MAX_RESPONSE_BYTES,
  REQUEST_TIMEOUT_MS,
  errorBodySchema,
  leadResponseSchema,
  meResponseSchema,
  type LeadPayload,
  type MeResponse,
  type Rejection,
} from '../shared/contract';
import { normalizeApiKey } from './api-key';
import { TOO_LARGE, parseJson, readCapped, unlessAborted } from './http';

export type VerifyResult =
  | { kind: 'ok'; me: MeResponse }
  /** `status: null`: the key was refused locally (see normalizeApiKey) and never sent. */
  | { kind: 'rejected'; status: 401 | 403 | null }
  | {
      kind: 'unavailable';
      reason: 'network' | 'timeout' | 'server-error' | 'unexpected-response';
      status: number | null;
    };

export type RetryableReason = 'server-error' | 'timeout' | 'network' | 'unexpected-response';

export type DeliveryResult =
  | { kind: 'delivered'; leadId: string; status: 'created' | 'existing'; replayed: boolean }
  /** 400, 413, 422: never retried. */
  | ({ kind: 'rejected' } & Rejection)
  /** 401/403: the key is refused; the user must connect another. */
  | { kind: 'unauthorized'; httpStatus: 401 | 403 }
  | { kind: 'rate-limited'; retryAfter: string | null }
  | { kind: 'retryable'; reason: RetryableReason; httpStatus: number | null };

export interface ApiClientDeps {
  fetch?: typeof fetch;
  baseUrl?: string;
  timeoutMs?: number;
  /** Bodies longer than this are not read (MAX_RESPONSE_BYTES by default). */
  maxResponseBytes?: number;
}

export interface ApiClient {
  verifyKey(apiKey: string): Promise<VerifyResult>;
  postLead(apiKey: string, payload: LeadPayload, idempotencyKey: string): Promise<DeliveryResult>;
}

/**
 * Field → short, stable code ('empty', 'too-long', 'invalid') for a payload that does not fit the
 * contract. Codes, not zod's sentences: the UI translates them, and zod's wording may change.
 */
export function payloadFieldErrors(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? 'payload');
    if (field in fields) continue;
    fields[field] = issue.code === 'too_big' ? 'too-long' : issue.code === 'too_small' ? 'empty' : 'invalid';
  }
  return fields;
}

type Failure = 'network' | 'timeout';

/**
 * What came back, if anything. A status with an unreadable body is still a response: for a 4xx the
 * status alone decides; for a 2xx, `bodyFailure` says why we cannot tell whether it was delivered.
 */
type Exchange =
  | { kind: 'response'; status: number; headers: Headers; text: string | null; bodyFailure: Failure | null }
  | { kind: 'failed'; reason: Failure };

const isSuccess = (status: number) => status >= 200 && status <= 299;
const isServerError = (status: number) => status >= 500 && status <= 599;

/** Where and how a client's requests go. */
interface Transport {
  send: typeof fetch;
  baseUrl: string;
  timeoutMs: number;
  maxResponseBytes: number;
}

/**
 * One request and its whole body, under one deadline: a server that sends headers and then
 * stalls mid-body is as unavailable as one that never answers. Errors are reduced to a reason
 * here and their messages dropped, as some fetch implementations quote header values (the key).
 */
async function exchange(
  transport: Transport,
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Exchange> {
  const { send, baseUrl, timeoutMs, maxResponseBytes } = transport;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const failure = (): Failure => (controller.signal.aborted ? 'timeout' : 'network');
  try {
    let response: Response;
    try {
      response = await unlessAborted(
        send(`${baseUrl}${path}`, {
          method,
          headers,
          body,
          signal: controller.signal,
          // Nothing but the key authenticates us; no cookies, no caching of personal data, and
          // no redirect that could carry the request to a host the contract does not name.
          credentials: 'omit',
          cache: 'no-store',
          redirect: 'error',
        }),
        controller.signal,
      );
    } catch {
      return { kind: 'failed', reason: failure() };
    }
    try {
      const text = await unlessAborted(readCapped(response, maxResponseBytes), controller.signal);
      // An oversized body is no answer we can read: for a 2xx that means we cannot tell what
      // was created (retried under the same key), for a 4xx the status alone decides.
      if (text === TOO_LARGE) {
        return { kind: 'response', status: response.status, headers: response.headers, text: null, bodyFailure: null };
      }
      return { kind: 'response', status: response.status, headers: response.headers, text, bodyFailure: null };
    } catch {
      return { kind: 'response', status: response.status, headers: response.headers, text: null, bodyFailure: failure() };
    }
  } finally {
    clearTimeout(timer);
  }
}

export function createApiClient(deps: ApiClientDeps = {}): ApiClient {
  const transport: Transport = {
    // Looked up at call time, and called as a plain function: Chrome's fetch throws "Illegal
    // invocation" when called as a method of another object.
    send: deps.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    baseUrl: (deps.baseUrl ?? API_BASE_URL).replace(/\/+$/, ''),
    timeoutMs: deps.timeoutMs ?? REQUEST_TIMEOUT_MS,
    maxResponseBytes: deps.maxResponseBytes ?? MAX_RESPONSE_BYTES,
  };

  async function verifyKey(apiKey: string): Promise<VerifyResult> {
    const key = normalizeApiKey(apiKey);
    if (!key.ok) return { kind: 'rejected', status: null };

    const result = await exchange(transport, 'GET', '/v1/me', { Authorization: `Bearer ${key.key}` });
    if (result.kind === 'failed') return { kind: 'unavailable', reason: result.reason, status: null };
    const { status } = result;
    if (status === 401 || status === 403) return { kind: 'rejected', status };
    if (isSuccess(status)) {
      const me = meResponseSchema.safeParse(parseJson(result.text));
      if (me.success) return { kind: 'ok', me: me.data };
    }
    const reason = isServerError(status) ? 'server-error' : 'unexpected-response';
    return { kind: 'unavailable', reason, status };
  }

  /**
   * `apiKey` is one normalizeApiKey accepted and `payload` one leadPayloadSchema checked, both where
   * they entered the worker (lib/worker/delivery-state.ts reads the key, the capture handler and the
   * outbox's reads parse the payload): only the fields the contract names ever leave.
   */
  async function postLead(apiKey: string, payload: LeadPayload, idempotencyKey: string): Promise<DeliveryResult> {
    const result = await exchange(
      transport,
      'POST',
      '/v1/leads',
      {
        Authorization: `Bearer ${apiKey}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': idempotencyKey,
      },
      JSON.stringify(payload),
    );
    if (result.kind === 'failed') return { kind: 'retryable', reason: result.reason, httpStatus: null };
    return classifyLeadResponse(result);
  }

  return { verifyKey, postLead };
}

/**
 * The contract's response table. Statuses it does not name (404, 405, 409, 3xx…) are retried with
 * backoff: a capture must never be lost, the Idempotency-Key makes every retry harmless, a 404 or
 * 409 is most often a deploy, a proxy or a concurrent request with the same key, and the outbox's
 * 7-day expiry bounds the cost if it never heals.
 */
function classifyLeadResponse(response: Extract<Exchange, { kind: 'response' }>): DeliveryResult {
  const { status, headers, text } = response;
  if (isSuccess(status)) {
    if (response.bodyFailure) return { kind: 'retryable', reason: response.bodyFailure, httpStatus: status };
    const body = leadResponseSchema.safeParse(parseJson(text));
    // A 2xx we cannot read (truncated, HTML from a proxy) is retried: the same key makes the
    // server replay its first answer, so the retry cannot create a second lead.
    if (!body.success) return { kind: 'retryable', reason: 'unexpected-response', httpStatus: status };
    return {
      kind: 'delivered',
      leadId: body.data.lead.id,
      status: body.data.lead.status,
      replayed: headers.get('Idempotent-Replayed')?.trim().toLowerCase() === 'true',
    };
  }
  if (status === 400 || status === 413 || status === 422) {
    const body = errorBodySchema.safeParse(parseJson(text));
    const error = body.success ? body.data.error : null;
    return {
      kind: 'rejected',
      httpStatus: status,
      code: error?.code ?? null,
      message: error?.message ?? null,
      fields: error?.fields ?? {},
    };
  }
  if (status === 401 || status === 403) return { kind: 'unauthorized', httpStatus: status };
  if (status === 429) return { kind: 'rate-limited', retryAfter: headers.get('Retry-After') };
  if (isServerError(status)) return { kind: 'retryable', reason: 'server-error', httpStatus: status };
  return { kind: 'retryable', reason: 'unexpected-response', httpStatus: status };
}
