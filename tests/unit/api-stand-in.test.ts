/**
 * The API stand-in against ../../../shared/api-contract.md, over real HTTPS. Every client test
 * trusts this server, so each contract row is pinned here. Requests verify the certificate (CA =
 * the self-signed certificate, SNI api.metrikia.io), which also proves it is valid for that host.
 */
import { request, type RequestOptions } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startApiStandIn, type ApiStandIn } from '../support/api-stand-in.ts';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
}

interface CallOptions {
  key?: string | null;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
}

function call(standIn: ApiStandIn, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const key = options.key === undefined ? 'mk_test_demo' : options.key;
  const requestOptions: RequestOptions = {
    host: '127.0.0.1',
    port: standIn.port,
    servername: 'api.metrikia.io',
    ca: standIn.certificate,
    // A fresh connection per call, as the stand-in closes each one anyway.
    agent: false,
    method,
    path,
    headers: { ...(key === null ? {} : { authorization: `Bearer ${key}` }), ...options.headers },
  };
  return new Promise((resolve, reject) => {
    const req = request(requestOptions, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: unknown = null;
        try {
          json = JSON.parse(body);
        } catch {
          // Not JSON: `body` says what it was.
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
      });
    });
    req.on('error', reject);
    if (options.timeoutMs !== undefined) {
      req.setTimeout(options.timeoutMs, () => req.destroy(new Error('client timeout')));
    }
    req.end(options.body);
  });
}

function lead(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    source: 'linkedin',
    profileUrl: 'https://www.linkedin.com/in/jane-doe',
    firstName: 'Jane',
    lastName: 'Doe',
    jobTitle: 'Head of Sales',
    capturedAt: '2026-11-23T09:41:07.512Z',
    ...overrides,
  };
}

function postLead(
  standIn: ApiStandIn,
  body: unknown,
  options: { idempotencyKey?: string; key?: string | null; timeoutMs?: number } = {},
): Promise<Reply> {
  return call(standIn, 'POST', '/v1/leads', {
    key: options.key,
    timeoutMs: options.timeoutMs,
    headers: {
      'content-type': 'application/json',
      'idempotency-key': options.idempotencyKey ?? crypto.randomUUID(),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Two Idempotency-Keys for the tests that name their requests. */
const KEY_A = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
const KEY_B = '1a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';

let api: ApiStandIn;
beforeAll(async () => {
  api = await startApiStandIn();
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => {
  api.reset();
});

describe('GET /v1/me', () => {
  it('answers 200 with the organization and user of the key', async () => {
    const reply = await call(api, 'GET', '/v1/me');
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ organization: { id: 'org_demo', name: 'Acme' }, user: { email: 'rep@acme.io' } });
    const other = await call(api, 'GET', '/v1/me', { key: 'mk_test_other' });
    expect(other.json).toEqual({ organization: { id: 'org_other', name: 'Globex' }, user: { email: 'rep@globex.io' } });
  });

  it.each([
    ['missing', null],
    ['unknown', 'mk_test_nope'],
  ])('answers 401 invalid_api_key for a %s key', async (_label, key) => {
    const reply = await call(api, 'GET', '/v1/me', { key });
    expect(reply.status).toBe(401);
    expect(reply.json).toMatchObject({ error: { code: 'invalid_api_key' } });
  });

  it('answers 401 once a key is revoked, and never echoes the key', async () => {
    api.revokeKey('mk_test_demo');
    const reply = await call(api, 'GET', '/v1/me');
    expect(reply.status).toBe(401);
    expect(reply.body).not.toContain('mk_test_demo');
  });

  it('accepts a key added at run time, with a case-insensitive Bearer scheme', async () => {
    api.addKey('mk_test_new', { organization: { id: 'org_new', name: 'Initech' }, user: { email: 'a@initech.io' } });
    const reply = await call(api, 'GET', '/v1/me', { key: null, headers: { authorization: 'bearer mk_test_new' } });
    expect(reply.json).toMatchObject({ organization: { id: 'org_new' } });
  });
});

describe('POST /v1/leads', () => {
  it('answers 201 created on the first capture and stores the lead', async () => {
    const key = crypto.randomUUID();
    const reply = await postLead(api, lead(), { idempotencyKey: key });
    expect(reply.status).toBe(201);
    expect(reply.json).toEqual({ lead: { id: expect.stringMatching(/^lead_[0-9a-f]+$/), status: 'created' } });
    expect(api.leads()).toEqual([
      expect.objectContaining({ orgId: 'org_demo', payload: lead(), idempotencyKey: key, deliveries: 1 }),
    ]);
  });

  it('answers 200 existing with the same id for another capture of the same profile', async () => {
    const first = await postLead(api, lead());
    const second = await postLead(api, lead({ jobTitle: 'CEO', capturedAt: '2026-11-24T10:00:00Z' }));
    expect(second.status).toBe(200);
    expect(second.json).toEqual({ lead: { id: (first.json as { lead: { id: string } }).lead.id, status: 'existing' } });
    expect(api.leads()).toHaveLength(1);
    expect(api.leads()[0]?.deliveries).toBe(2);
  });

  it('replays a repeated Idempotency-Key: same status and body, Idempotent-Replayed, nothing new', async () => {
    const key = crypto.randomUUID();
    const first = await postLead(api, lead(), { idempotencyKey: key });
    const again = await postLead(api, lead(), { idempotencyKey: key });
    expect(again.status).toBe(first.status);
    expect(again.body).toBe(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(api.leads()).toHaveLength(1);
    expect(api.leads()[0]?.deliveries).toBe(1);
    expect(api.leadRequests().map((r) => [r.response, r.replayed])).toEqual([[201, false], [201, true]]);
  });

  it('replays a 200 existing as 200 existing', async () => {
    await postLead(api, lead());
    const key = crypto.randomUUID();
    const existing = await postLead(api, lead(), { idempotencyKey: key });
    const again = await postLead(api, lead(), { idempotencyKey: key });
    expect([existing.status, again.status]).toEqual([200, 200]);
    expect(again.body).toBe(existing.body);
    expect(api.leads()[0]?.deliveries).toBe(2);
  });

  it('does not remember failed answers: the same key succeeds after a 500', async () => {
    api.failNext(1, { kind: 'status', status: 500 });
    const key = crypto.randomUUID();
    expect((await postLead(api, lead(), { idempotencyKey: key })).status).toBe(500);
    const retry = await postLead(api, lead(), { idempotencyKey: key });
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
  });

  it('answers 401 invalid_api_key for a missing or revoked key, and stores nothing', async () => {
    expect((await postLead(api, lead(), { key: null })).status).toBe(401);
    api.revokeKey('mk_test_demo');
    const reply = await postLead(api, lead());
    expect(reply.status).toBe(401);
    expect(reply.json).toMatchObject({ error: { code: 'invalid_api_key' } });
    expect(api.leads()).toEqual([]);
  });

  it('answers 403 forbidden for a key that may not create leads (its /v1/me still works)', async () => {
    api.addKey('mk_test_reader', { organization: { id: 'org_demo', name: 'Acme' }, user: { email: 'ro@acme.io' } }, { forbidden: true });
    const reply = await postLead(api, lead(), { key: 'mk_test_reader' });
    expect(reply.status).toBe(403);
    expect(reply.json).toMatchObject({ error: { code: 'forbidden' } });
    expect((await call(api, 'GET', '/v1/me', { key: 'mk_test_reader' })).status).toBe(200);
    expect(api.leads()).toEqual([]);
  });

  it('answers 422 validation_failed with fields for an unknown field', async () => {
    const reply = await postLead(api, lead({ email: 'jane@example.com' }));
    expect(reply.status).toBe(422);
    expect(reply.json).toEqual({
      error: { code: 'validation_failed', message: expect.any(String), fields: { email: 'unknown field' } },
    });
    expect(api.leads()).toEqual([]);
  });

  it.each([
    ['firstName', lead({ firstName: ' Jane' })],
    ['firstName', lead({ firstName: '' })],
    ['lastName', lead({ lastName: 'x'.repeat(101) })],
    ['jobTitle', lead({ source: 'instagram', profileUrl: 'https://www.instagram.com/jane', jobTitle: 'CEO' })],
    ['profileUrl', lead({ profileUrl: 'https://www.linkedin.com/in/jane-doe/' })],
    ['capturedAt', lead({ capturedAt: '2026-11-23 09:41' })],
    ['source', lead({ source: 'facebook' })],
  ])('answers 422 naming %s when it breaks the contract', async (field, body) => {
    const reply = await postLead(api, body);
    expect(reply.status).toBe(422);
    expect(reply.json).toMatchObject({ error: { code: 'validation_failed', fields: { [field]: expect.any(String) } } });
  });

  it('answers 422 without fields for a body that is not an object', async () => {
    const reply = await postLead(api, '[1, 2]');
    expect(reply.status).toBe(422);
    expect(reply.json).toEqual({ error: { code: 'validation_failed', message: expect.any(String) } });
  });

  it.each([
    ['malformed JSON', { 'content-type': 'application/json' }, '{"source": "linkedin",'],
    ['a missing Content-Type', {}, JSON.stringify(lead())],
    ['a text/plain Content-Type', { 'content-type': 'text/plain' }, JSON.stringify(lead())],
  ])('answers 400 validation_failed for %s', async (_label, headers, body) => {
    const reply = await call(api, 'POST', '/v1/leads', {
      headers: { 'idempotency-key': crypto.randomUUID(), ...headers },
      body,
    });
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ error: { code: 'validation_failed' } });
  });

  it('accepts application/json with a charset parameter', async () => {
    const reply = await call(api, 'POST', '/v1/leads', {
      headers: { 'idempotency-key': crypto.randomUUID(), 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(lead()),
    });
    expect(reply.status).toBe(201);
  });

  it.each([
    ['missing', undefined],
    ['not a UUID', 'capture-1'],
    ['a UUID v1', 'c232ab00-9414-11ec-b3c8-9f6bdeced846'],
    ['upper-case', crypto.randomUUID().toUpperCase()],
  ])('answers 400 for an Idempotency-Key that is %s', async (_label, idempotencyKey) => {
    const reply = await call(api, 'POST', '/v1/leads', {
      headers: { 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
      body: JSON.stringify(lead()),
    });
    expect(reply.status).toBe(400);
    expect(api.leads()).toEqual([]);
  });

  it('answers 413 for a body over 64 KB, and accepts exactly 64 KB', async () => {
    const over = JSON.stringify(lead({ padding: 'x'.repeat(64 * 1024) }));
    const tooLarge = await postLead(api, over);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.json).toMatchObject({ error: { code: 'payload_too_large' } });

    // 64 KB is still read and judged on its content (422 for the unknown field), not refused as too large.
    const base = JSON.stringify(lead({ padding: '' }));
    const exact = JSON.stringify(lead({ padding: 'x'.repeat(64 * 1024 - base.length) }));
    expect(Buffer.byteLength(exact)).toBe(64 * 1024);
    expect((await postLead(api, exact)).status).toBe(422);
  });

  it('keeps leads per organization: same profile in another org is a new lead, keys do not cross orgs', async () => {
    const key = crypto.randomUUID();
    const demo = await postLead(api, lead(), { idempotencyKey: key });
    const other = await postLead(api, lead(), { idempotencyKey: key, key: 'mk_test_other' });
    expect([demo.status, other.status]).toEqual([201, 201]);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(other.body).not.toBe(demo.body);
    expect(api.leads('org_demo')).toHaveLength(1);
    expect(api.leads('org_other')).toEqual([expect.objectContaining({ orgId: 'org_other', idempotencyKey: key })]);
  });
});

describe('faults', () => {
  it('answers 429 with Retry-After in seconds or as an HTTP-date', async () => {
    const date = 'Wed, 25 Nov 2026 10:00:00 GMT';
    api.failNext(1, { kind: 'rate-limit', retryAfter: '7' });
    api.failNext(1, { kind: 'rate-limit', retryAfter: date });
    const seconds = await postLead(api, lead());
    const httpDate = await postLead(api, lead());
    expect([seconds.status, seconds.headers['retry-after']]).toEqual([429, '7']);
    expect([httpDate.status, httpDate.headers['retry-after']]).toEqual([429, date]);
    expect(seconds.json).toMatchObject({ error: { code: 'rate_limited' } });
    expect(api.leads()).toEqual([]);
  });

  it('answers a scripted 500 with an HTML body, in order, then goes back to normal', async () => {
    api.failNext(2, { kind: 'status', status: 500, body: '<html><body>Bad gateway</body></html>' });
    api.failNext(1, { kind: 'status', status: 503, body: '', headers: { 'retry-after': '1' } });
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await postLead(api, lead()));
    expect(replies.map((r) => r.status)).toEqual([500, 500, 503, 201]);
    expect(replies[0]?.headers['content-type']).toContain('text/html');
    expect(replies[0]?.body).toBe('<html><body>Bad gateway</body></html>');
    expect(replies[2]?.headers['retry-after']).toBe('1');
    expect(api.leadRequests().map((r) => r.fault)).toEqual(['status', 'status', 'status', null]);
  });

  it('scripts 401, 403 and 422 with contract bodies by default', async () => {
    api.failNext(1, { kind: 'status', status: 401 });
    api.failNext(1, { kind: 'status', status: 403 });
    api.failNext(1, {
      kind: 'status',
      status: 422,
      body: JSON.stringify({ error: { code: 'validation_failed', message: 'no', fields: { firstName: 'too long' } } }),
    });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await postLead(api, lead())).json);
    expect(codes).toEqual([
      { error: { code: 'invalid_api_key', message: expect.any(String) } },
      { error: { code: 'forbidden', message: expect.any(String) } },
      { error: { code: 'validation_failed', message: 'no', fields: { firstName: 'too long' } } },
    ]);
  });

  it('applies faults to /v1/leads unless told /v1/me', async () => {
    api.failNext(1, { kind: 'status', status: 500 }, { path: '/v1/me' });
    expect((await postLead(api, lead())).status).toBe(201);
    expect((await call(api, 'GET', '/v1/me')).status).toBe(500);
    expect((await call(api, 'GET', '/v1/me')).status).toBe(200);
  });

  it('hangs: the client times out, the request is recorded as hang, nothing is stored', async () => {
    api.failNext(1, { kind: 'hang' });
    await expect(postLead(api, lead(), { timeoutMs: 200 })).rejects.toThrow('client timeout');
    expect(api.leadRequests().map((r) => r.response)).toEqual(['hang']);
    expect(api.leads()).toEqual([]);
  });

  it('releaseHangs() cuts a hanging request off', async () => {
    api.failNext(1, { kind: 'hang' }, { path: '/v1/me' });
    const pending = call(api, 'GET', '/v1/me');
    await api.waitForRequests((r) => r.response === 'hang', 1, 2_000);
    api.releaseHangs();
    await expect(pending).rejects.toThrow();
  });

  // syscall 'read' is a real RST; a plain close would be node's "socket hang up" (also ECONNRESET).
  it('resets the connection: the client gets ECONNRESET, nothing is stored', async () => {
    api.failNext(1, { kind: 'reset' });
    await expect(postLead(api, lead())).rejects.toMatchObject({ code: 'ECONNRESET', syscall: 'read' });
    expect(api.leadRequests().map((r) => r.response)).toEqual(['reset']);
    expect(api.leads()).toEqual([]);
  });

  it('deliver-then-reset stores the lead, and a retry with the same key is replayed, not duplicated', async () => {
    api.failNext(1, { kind: 'deliver-then-reset' });
    const key = crypto.randomUUID();
    await expect(postLead(api, lead(), { idempotencyKey: key })).rejects.toMatchObject({ code: 'ECONNRESET', syscall: 'read' });
    const stored = api.leads();
    expect(stored).toEqual([expect.objectContaining({ idempotencyKey: key, deliveries: 1 })]);

    const retry = await postLead(api, lead(), { idempotencyKey: key });
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json).toEqual({ lead: { id: stored[0]?.id, status: 'created' } });
    expect(api.leads()).toEqual(stored);
  });

  it('huge-body stores the lead and streams a padded body of that size, all of it to a client that reads it all', async () => {
    api.failNext(1, { kind: 'huge-body', bytes: 1024 * 1024 });
    const reply = await postLead(api, lead(), { idempotencyKey: crypto.randomUUID() });
    expect(reply.status).toBe(201);
    expect(Buffer.byteLength(reply.body)).toBe(1024 * 1024);
    expect(reply.body).toMatch(/^\{"lead":\{"id":"lead_[^"]+","status":"created"\},"padding":"x+$/);
    expect(api.leads()).toHaveLength(1);
    expect(api.leadRequests()[0]).toMatchObject({ response: 201, fault: 'huge-body', bodyBytesSent: 1024 * 1024 });
  });

  it('huge-body stops writing once the client goes away', async () => {
    api.failNext(1, { kind: 'huge-body', bytes: 256 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: api.port,
          servername: 'api.metrikia.io',
          ca: api.certificate,
          agent: false,
          method: 'POST',
          path: '/v1/leads',
          headers: { authorization: 'Bearer mk_test_demo', 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        },
        (res) => {
          let read = 0;
          res.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > 64 * 1024) {
              res.destroy();
              resolve();
            }
          });
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(lead()));
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const sent = api.leadRequests()[0]?.bodyBytesSent ?? 0;
    expect(sent).toBeGreaterThan(64 * 1024);
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });

  it('setDelay() delays every response', async () => {
    api.setDelay(300);
    const started = performance.now();
    const reply = await call(api, 'GET', '/v1/me');
    expect(reply.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('holdAnswers() processes each request as it arrives and holds its answer until releaseAnswers()', async () => {
    api.holdAnswers();
    let answered = false;
    const held = postLead(api, lead(), { idempotencyKey: KEY_A }).then((reply) => ((answered = true), reply));
    await api.waitForLeads(1);
    expect(api.leadRequests().map((request) => request.response)).toEqual(['pending']);
    expect(answered).toBe(false);
    api.releaseAnswers();
    expect((await held).status).toBe(201);
    // Released: answers go at once again.
    expect((await postLead(api, lead({ profileUrl: 'https://www.linkedin.com/in/john' }), { idempotencyKey: KEY_B })).status).toBe(201);
  });

  it('setFaultPicker() faults the lead requests it picks, after any failNext fault, until turned off', async () => {
    const seen: string[] = [];
    api.setFaultPicker((request) => {
      seen.push(request.headers['idempotency-key'] ?? '');
      return request.headers['idempotency-key'] === KEY_A ? { kind: 'status', status: 503 } : null;
    });
    api.failNext(1, { kind: 'rate-limit', retryAfter: '1' });
    expect((await postLead(api, lead(), { idempotencyKey: KEY_A })).status).toBe(429);
    expect((await postLead(api, lead(), { idempotencyKey: KEY_A })).status).toBe(503);
    expect((await postLead(api, lead(), { idempotencyKey: KEY_B })).status).toBe(201);
    expect((await call(api, 'GET', '/v1/me')).status).toBe(200);
    expect(seen).toEqual([KEY_A, KEY_B]);
    api.setFaultPicker(null);
    expect((await postLead(api, lead({ profileUrl: 'https://www.linkedin.com/in/john' }), { idempotencyKey: KEY_A })).status).toBe(201);
    expect(api.leadRequests().map((request) => request.fault)).toEqual(['rate-limit', 'status', null, null]);
  });

  it('close() does not wait for hanging or delayed requests', async () => {
    const own = await startApiStandIn();
    own.failNext(1, { kind: 'hang' });
    own.setDelay(60_000);
    const hanging = postLead(own, lead()).catch((error: unknown) => error);
    const delayed = call(own, 'GET', '/v1/me').catch((error: unknown) => error);
    await own.waitForRequests(() => true, 2, 2_000);
    const started = performance.now();
    await own.close();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(await hanging).toBeInstanceOf(Error);
    expect(await delayed).toBeInstanceOf(Error);
  });
});

describe('recording and helpers', () => {
  it('records method, path, lower-cased headers, raw body, parsed JSON and the answer', async () => {
    const body = JSON.stringify(lead());
    const key = crypto.randomUUID();
    const before = Date.now();
    await call(api, 'POST', '/v1/leads?debug=1', {
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body,
    });
    expect(api.requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/v1/leads',
        url: '/v1/leads?debug=1',
        body,
        json: lead(),
        response: 201,
        replayed: false,
        fault: null,
        headers: expect.objectContaining({
          'content-type': 'application/json',
          'idempotency-key': key,
          authorization: 'Bearer mk_test_demo',
        }),
      }),
    ]);
    expect(api.requests[0]?.receivedAt).toBeGreaterThanOrEqual(before);
  });

  it('answers a CORS preflight permissively, without recording it as a lead request', async () => {
    const reply = await call(api, 'OPTIONS', '/v1/leads', {
      key: null,
      headers: {
        origin: 'chrome-extension://abc',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, idempotency-key',
      },
    });
    expect(reply.status).toBe(204);
    expect(reply.headers['access-control-allow-origin']).toBe('chrome-extension://abc');
    expect(reply.headers['access-control-allow-headers']).toBe('authorization, content-type, idempotency-key');
    expect(api.leadRequests()).toEqual([]);
  });

  it('answers 404 and 405 for other routes', async () => {
    expect((await call(api, 'GET', '/v1/nope')).status).toBe(404);
    const wrongMethod = await call(api, 'GET', '/v1/leads');
    expect([wrongMethod.status, wrongMethod.headers['allow']]).toEqual([405, 'POST']);
  });

  it('waitForLeads resolves once enough leads exist, and says what arrived when it times out', async () => {
    const waiting = api.waitForLeads(1, { timeoutMs: 2_000 });
    await postLead(api, lead());
    expect(await waiting).toHaveLength(1);

    await postLead(api, lead({ extra: true }));
    await expect(api.waitForLeads(2, { timeoutMs: 100 })).rejects.toThrow(
      /expected 2 leads in org_demo within 100 ms, got 1[\s\S]*POST \/v1\/leads → 422/,
    );
  });

  it('reset() forgets leads, requests, idempotency keys, faults, delay and key changes', async () => {
    const key = crypto.randomUUID();
    await postLead(api, lead(), { idempotencyKey: key });
    api.failNext(5, { kind: 'status', status: 500 });
    api.setDelay(5_000);
    api.revokeKey('mk_test_demo');
    api.reset();
    expect([api.requests, api.leads()]).toEqual([[], []]);
    const reply = await postLead(api, lead(), { idempotencyKey: key });
    expect(reply.status).toBe(201);
    expect(reply.headers['idempotent-replayed']).toBeUndefined();
  });

  it('is scriptable over HTTP for manual use, without bearer auth and without being recorded', async () => {
    const scripted = await call(api, 'POST', '/__stand-in/fail-next', {
      key: null,
      body: JSON.stringify({ count: 1, fault: { kind: 'rate-limit', retryAfter: '3' } }),
    });
    expect(scripted.status).toBe(200);
    expect((await postLead(api, lead())).status).toBe(429);
    await postLead(api, lead());
    const listed = await call(api, 'GET', '/__stand-in/leads?org=org_demo', { key: null });
    expect(listed.json).toEqual({ leads: [expect.objectContaining({ orgId: 'org_demo', payload: lead() })] });
    const refused = await call(api, 'POST', '/__stand-in/fail-next', { key: null, body: '{"fault":{"kind":"nope"}}' });
    expect(refused.status).toBe(400);
    expect(api.requests.map((r) => r.path)).toEqual(['/v1/leads', '/v1/leads']);
  });
});
