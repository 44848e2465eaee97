import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApiClient, type DeliveryResult } from '../../lib/worker/api';
import type { LeadPayload } from '../../lib/shared/contract';

const KEY = 'mk_live_s3cr3t';
const IDEMPOTENCY_KEY = '3f1c2a9e-7b4d-4c1a-9e2f-0a1b2c3d4e5f';
const lead: LeadPayload = {
  source: 'linkedin',
  profileUrl: 'https://www.linkedin.com/in/jane-doe',
  firstName: 'Jane',
  lastName: 'Doe',
  jobTitle: 'Head of Sales',
  capturedAt: '2026-11-23T09:41:07.512Z',
};

interface Call {
  url: string;
  init: RequestInit;
}

/** A fetch that records each request and answers with what `respond` returns (or throws). */
function fakeFetch(respond: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const call = { url: String(input), init: init ?? {} };
    calls.push(call);
    return respond(call);
  });
  return { fetch, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers });

async function post(response: () => Response): Promise<DeliveryResult> {
  const { fetch } = fakeFetch(response);
  return createApiClient({ fetch }).postLead(KEY, lead, IDEMPOTENCY_KEY);
}

/** A fetch that never answers but, like the real one, rejects when its signal aborts. */
function hangingFetch() {
  return vi.fn(
    (_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      }),
  );
}

afterEach(() => {
  vi.useRealTimers();
});

describe('postLead: the request', () => {
  it('POSTs exactly the contract: URL, method, headers, body keys and values', async () => {
    const { fetch, calls } = fakeFetch(() => json(201, { lead: { id: 'lead_1', status: 'created' } }));
    await createApiClient({ fetch }).postLead(KEY, lead, IDEMPOTENCY_KEY);

    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.url).toBe('https://api.metrikia.io/v1/leads');
    expect(call?.init.method).toBe('POST');
    expect(new Headers(call?.init.headers)).toEqual(
      new Headers({
        Authorization: `Bearer ${KEY}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': IDEMPOTENCY_KEY,
      }),
    );
    expect([...new Headers(call?.init.headers).keys()].sort()).toEqual(['authorization', 'content-type', 'idempotency-key']);
    const body: Record<string, unknown> = JSON.parse(String(call?.init.body));
    expect(body).toStrictEqual(lead);
    expect(Object.keys(body).sort()).toEqual(
      ['capturedAt', 'firstName', 'jobTitle', 'lastName', 'profileUrl', 'source'],
    );
    expect(call?.init.signal).toBeInstanceOf(AbortSignal);
    expect(call?.init.credentials).toBe('omit');
    expect(call?.init.redirect).toBe('error');
  });

  it('uses an injected base URL without doubling the slash', async () => {
    const { fetch, calls } = fakeFetch(() => json(201, { lead: { id: 'lead_1', status: 'created' } }));
    await createApiClient({ fetch, baseUrl: 'https://127.0.0.1:8443/' }).postLead(KEY, lead, IDEMPOTENCY_KEY);
    expect(calls[0]?.url).toBe('https://127.0.0.1:8443/v1/leads');
  });
});

describe('postLead: every status of the contract', () => {
  it('201 → delivered, created', async () => {
    expect(await post(() => json(201, { lead: { id: 'lead_1', status: 'created' } }))).toEqual({
      kind: 'delivered',
      leadId: 'lead_1',
      status: 'created',
      replayed: false,
    });
  });

  it('200 → delivered, existing', async () => {
    expect(await post(() => json(200, { lead: { id: 'lead_9', status: 'existing' } }))).toEqual({
      kind: 'delivered',
      leadId: 'lead_9',
      status: 'existing',
      replayed: false,
    });
  });

  it('a replayed 201 → delivered, replayed', async () => {
    const replay = () => json(201, { lead: { id: 'lead_1', status: 'created' } }, { 'Idempotent-Replayed': 'true' });
    expect(await post(replay)).toEqual({ kind: 'delivered', leadId: 'lead_1', status: 'created', replayed: true });
  });

  it('422 with fields → rejected with the server’s code, message and fields', async () => {
    const body = { error: { code: 'validation_failed', message: 'First name is too long', fields: { firstName: 'too long' } } };
    expect(await post(() => json(422, body))).toEqual({
      kind: 'rejected',
      httpStatus: 422,
      code: 'validation_failed',
      message: 'First name is too long',
      fields: { firstName: 'too long' },
    });
  });

  it('400 without fields → rejected with empty fields', async () => {
    expect(await post(() => json(400, { error: { code: 'validation_failed', message: 'Bad request' } }))).toEqual({
      kind: 'rejected',
      httpStatus: 400,
      code: 'validation_failed',
      message: 'Bad request',
      fields: {},
    });
  });

  it('413 with an HTML body → rejected, nothing invented', async () => {
    expect(await post(() => text(413, '<html><body>Request Entity Too Large</body></html>'))).toEqual({
      kind: 'rejected',
      httpStatus: 413,
      code: null,
      message: null,
      fields: {},
    });
  });

  it('422 with truncated JSON → still rejected (the status decides, the body only informs)', async () => {
    expect(await post(() => text(422, '{"error": {"code": "validation_fai'))).toEqual({
      kind: 'rejected',
      httpStatus: 422,
      code: null,
      message: null,
      fields: {},
    });
  });

  it('422 whose fields are not strings → rejected without trusting the body', async () => {
    const result = await post(() => json(422, { error: { code: 'validation_failed', fields: { firstName: 42 } } }));
    expect(result).toEqual({ kind: 'rejected', httpStatus: 422, code: null, message: null, fields: {} });
  });

  it.each([401, 403] as const)('%i → unauthorized', async (status) => {
    expect(await post(() => json(status, { error: { code: 'invalid_api_key', message: 'no' } }))).toEqual({
      kind: 'unauthorized',
      httpStatus: status,
    });
  });

  it('429 with Retry-After → rate-limited, the header handed on as sent', async () => {
    expect(await post(() => json(429, { error: { code: 'rate_limited' } }, { 'Retry-After': '120' }))).toEqual({
      kind: 'rate-limited',
      retryAfter: '120',
    });
  });

  it('429 without Retry-After → rate-limited, retryAfter null', async () => {
    expect(await post(() => text(429, ''))).toEqual({ kind: 'rate-limited', retryAfter: null });
  });

  it.each([500, 502, 503])('%i with an HTML body → retryable server-error', async (status) => {
    expect(await post(() => text(status, '<h1>Bad Gateway</h1>'))).toEqual({
      kind: 'retryable',
      reason: 'server-error',
      httpStatus: status,
    });
  });

  it.each([
    ['an empty body', ''],
    ['HTML', '<html>captive portal</html>'],
    ['truncated JSON', '{"lead": {"id": "lead_1", "sta'],
    ['JSON of another shape', '{"ok": true}'],
    ['an unknown lead status', '{"lead": {"id": "lead_1", "status": "merged"}}'],
  ])('a 201 with %s → retryable unexpected-response (the Idempotency-Key makes the retry safe)', async (_label, body) => {
    expect(await post(() => text(201, body))).toEqual({
      kind: 'retryable',
      reason: 'unexpected-response',
      httpStatus: 201,
    });
  });

  it.each([404, 405, 409, 302])('an unexpected %i → retryable unexpected-response', async (status) => {
    expect(await post(() => text(status, 'nope'))).toEqual({
      kind: 'retryable',
      reason: 'unexpected-response',
      httpStatus: status,
    });
  });

  it('a fetch that throws → retryable network, and the key appears nowhere in the result', async () => {
    const { fetch } = fakeFetch(() => {
      throw new TypeError(`Headers.append: "Bearer ${KEY}" is an invalid header value.`);
    });
    const result = await createApiClient({ fetch }).postLead(KEY, lead, IDEMPOTENCY_KEY);
    expect(result).toEqual({ kind: 'retryable', reason: 'network', httpStatus: null });
    expect(JSON.stringify(result)).not.toContain(KEY);
  });

  it('a body that fails mid-read on a 201 → retryable network, not delivered', async () => {
    const broken = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"lead":'));
        controller.error(new TypeError('connection reset'));
      },
    });
    expect(await post(() => new Response(broken, { status: 201 }))).toEqual({
      kind: 'retryable',
      reason: 'network',
      httpStatus: 201,
    });
  });
});

describe('postLead: the 15-second deadline', () => {
  it('defaults to 15000 ms: still waiting at 14999 ms, a timeout at 15000 ms', async () => {
    vi.useFakeTimers();
    const fetch = hangingFetch();
    let settled: DeliveryResult | null = null;
    void createApiClient({ fetch }).postLead(KEY, lead, IDEMPOTENCY_KEY).then((result) => (settled = result));

    await vi.advanceTimersByTimeAsync(14_999);
    expect(settled).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toEqual({ kind: 'retryable', reason: 'timeout', httpStatus: null });
  });

  it('covers the body read: headers then a stalled body is a timeout', async () => {
    vi.useFakeTimers();
    const stalled = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"lead": {"id": "lead_1"'));
      },
    });
    const { fetch } = fakeFetch(() => new Response(stalled, { status: 201 }));
    let settled: DeliveryResult | null = null;
    void createApiClient({ fetch, timeoutMs: 1_000 })
      .postLead(KEY, lead, IDEMPOTENCY_KEY)
      .then((result) => (settled = result));

    await vi.advanceTimersByTimeAsync(999);
    expect(settled).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toEqual({ kind: 'retryable', reason: 'timeout', httpStatus: 201 });
  });

  it('gives up even on a fetch that ignores its abort signal', async () => {
    vi.useFakeTimers();
    const fetch = vi.fn(() => new Promise<Response>(() => {}));
    let settled: DeliveryResult | null = null;
    void createApiClient({ fetch, timeoutMs: 500 })
      .postLead(KEY, lead, IDEMPOTENCY_KEY)
      .then((result) => (settled = result));
    await vi.advanceTimersByTimeAsync(500);
    expect(settled).toEqual({ kind: 'retryable', reason: 'timeout', httpStatus: null });
  });

  it('clears its timer once answered', async () => {
    vi.useFakeTimers();
    const { fetch } = fakeFetch(() => json(201, { lead: { id: 'lead_1', status: 'created' } }));
    await createApiClient({ fetch }).postLead(KEY, lead, IDEMPOTENCY_KEY);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('verifyKey', () => {
  const me = { organization: { id: 'org_1', name: 'Acme' }, user: { email: 'rep@acme.io' } };

  it('GETs /v1/me with only the Authorization header and returns who is connected', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, me));
    expect(await createApiClient({ fetch }).verifyKey(KEY)).toEqual({ kind: 'ok', me });
    expect(calls[0]?.url).toBe('https://api.metrikia.io/v1/me');
    expect(calls[0]?.init.method).toBe('GET');
    expect(calls[0]?.init.body).toBeUndefined();
    expect([...new Headers(calls[0]?.init.headers).entries()]).toEqual([['authorization', `Bearer ${KEY}`]]);
  });

  it.each([401, 403] as const)('%i → rejected', async (status) => {
    const { fetch } = fakeFetch(() => json(status, { error: { code: 'invalid_api_key' } }));
    expect(await createApiClient({ fetch }).verifyKey(KEY)).toEqual({ kind: 'rejected', status });
  });

  it('refuses a malformed key locally, without a request', async () => {
    const { fetch } = fakeFetch(() => json(200, me));
    expect(await createApiClient({ fetch }).verifyKey('   ')).toEqual({ kind: 'rejected', status: null });
    expect(fetch).not.toHaveBeenCalled();
  });

  it.each([
    [503, '<html>down</html>', { reason: 'server-error', status: 503 }],
    [200, '', { reason: 'unexpected-response', status: 200 }],
    [200, '{"organization": {"id": "org_1"}', { reason: 'unexpected-response', status: 200 }],
    [404, 'not found', { reason: 'unexpected-response', status: 404 }],
  ] as const)('%i with %j → unavailable', async (status, body, expected) => {
    const { fetch } = fakeFetch(() => text(status, body));
    expect(await createApiClient({ fetch }).verifyKey(KEY)).toEqual({ kind: 'unavailable', ...expected });
  });

  it('a fetch that throws → unavailable network', async () => {
    const { fetch } = fakeFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    expect(await createApiClient({ fetch }).verifyKey(KEY)).toEqual({ kind: 'unavailable', reason: 'network', status: null });
  });

  it('no answer within 15 s → unavailable timeout', async () => {
    vi.useFakeTimers();
    const pending = createApiClient({ fetch: hangingFetch() }).verifyKey(KEY);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(await pending).toEqual({ kind: 'unavailable', reason: 'timeout', status: null });
  });
});

describe('answers are read up to 64 KB', () => {
  /** A body streamed in 1 KB chunks, counting how many chunks the client pulled. */
  function streamed(totalBytes: number, prefix = '') {
    let pulled = 0;
    const encoder = new TextEncoder();
    const chunk = encoder.encode('x'.repeat(1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0 && prefix) {
          controller.enqueue(encoder.encode(prefix));
          sent += prefix.length;
          return;
        }
        if (sent >= totalBytes) return controller.close();
        pulled++;
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    return { body, pulled: () => pulled };
  }

  it('a 201 of 10 MB is not read past the cap and counts as unreadable (retried under the same key)', async () => {
    const huge = streamed(10 * 1024 * 1024, '{"lead":{"id":"lead_1","status":"created","pad":"');
    expect(await post(() => new Response(huge.body, { status: 201 }))).toEqual({
      kind: 'retryable',
      reason: 'unexpected-response',
      httpStatus: 201,
    });
    expect(huge.pulled()).toBeLessThanOrEqual(66);
  });

  it('a Content-Length over the cap is refused before reading', async () => {
    const huge = streamed(1024 * 1024);
    const response = new Response(huge.body, { status: 422, headers: { 'Content-Length': String(1024 * 1024) } });
    expect(await post(() => response)).toEqual({ kind: 'rejected', httpStatus: 422, code: null, message: null, fields: {} });
    expect(huge.pulled()).toBeLessThanOrEqual(1);
  });

  it('a body just under the cap is read', async () => {
    const body = JSON.stringify({ lead: { id: 'lead_1', status: 'created' }, pad: 'x'.repeat(60 * 1024) });
    expect(await post(() => text(201, body))).toMatchObject({ kind: 'delivered', leadId: 'lead_1' });
  });

  it('a smaller cap can be injected', async () => {
    const { fetch } = fakeFetch(() => json(201, { lead: { id: 'lead_1', status: 'created' } }));
    expect(await createApiClient({ fetch, maxResponseBytes: 10 }).postLead(KEY, lead, IDEMPOTENCY_KEY)).toMatchObject({
      kind: 'retryable',
      reason: 'unexpected-response',
    });
  });
});

describe('length limits on what the server says', () => {
  it('a leadId over 200 characters is not a delivery we record', async () => {
    expect(await post(() => json(201, { lead: { id: 'l'.repeat(201), status: 'created' } }))).toMatchObject({
      kind: 'retryable',
      reason: 'unexpected-response',
    });
  });

  it('an error message over 500 characters, or too many field errors, leaves only the status', async () => {
    const long = { error: { code: 'validation_failed', message: 'm'.repeat(501) } };
    expect(await post(() => json(422, long))).toEqual({ kind: 'rejected', httpStatus: 422, code: null, message: null, fields: {} });
    const fields = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`f${i}`, 'bad']));
    expect(await post(() => json(422, { error: { code: 'validation_failed', fields } }))).toMatchObject({ code: null, fields: {} });
  });

  it('an organization name or email over its limit is not a usable /v1/me answer', async () => {
    const me = (name: string, email: string) => () => json(200, { organization: { id: 'org_1', name }, user: { email } });
    const { fetch } = fakeFetch(me('n'.repeat(201), 'rep@acme.io'));
    expect(await createApiClient({ fetch }).verifyKey(KEY)).toMatchObject({ kind: 'unavailable', reason: 'unexpected-response' });
    const second = fakeFetch(me('Acme', `${'e'.repeat(320)}@acme.io`));
    expect(await createApiClient({ fetch: second.fetch }).verifyKey(KEY)).toMatchObject({ kind: 'unavailable' });
  });
});
