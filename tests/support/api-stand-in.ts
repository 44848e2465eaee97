/**
 * The Metrikia API stand-in: a real HTTPS server that implements ../../../shared/api-contract.md, so
 * unit tests, Playwright tests and `npm run dev` exercise the real client over TLS, timeouts and
 * resets included (a mocked `fetch` cannot prove those). It records every request and can be told to
 * misbehave (`failNext`, `setFaultPicker`, `setDelay`, `holdAnswers`, `revokeKey`).
 *
 * Run directly by node (`npm run api`): no TS-only syntax, `.ts` in relative imports.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import * as z from 'zod/mini';
import { idempotencyKeySchema, leadPayloadSchema, type LeadPayload } from '../../lib/shared/contract.ts';
import { certificate } from './certificate.ts';

export interface KeyIdentity {
  organization: { id: string; name: string };
  user: { email: string };
}

export const DEMO_KEY = 'mk_test_demo';
export const OTHER_KEY = 'mk_test_other';

/** The keys a stand-in knows unless `keys` is given; spread it to add more: `{...DEFAULT_KEYS, …}`. */
export const DEFAULT_KEYS: Readonly<Record<string, KeyIdentity>> = {
  [DEMO_KEY]: { organization: { id: 'org_demo', name: 'Acme' }, user: { email: 'rep@acme.io' } },
  [OTHER_KEY]: { organization: { id: 'org_other', name: 'Globex' }, user: { email: 'rep@globex.io' } },
};

/** Bodies above this are refused with 413 (the largest valid lead is about 2.5 KB). */
export const MAX_BODY_BYTES = 64 * 1024;
/** Control endpoints for manual use; never recorded, never faulted, no bearer auth. */
export const CONTROL_PREFIX = '/__stand-in/';

export type Fault =
  /** Answer with this status instead of processing; `body` defaults to a contract error body. */
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  /** 429 with `Retry-After: <retryAfter>` (seconds or an HTTP-date). */
  | { kind: 'rate-limit'; retryAfter: string }
  /** Read the request, never answer, until `close()`, `reset()` or `releaseHangs()`. */
  | { kind: 'hang' }
  /** Destroy the connection with a TCP RST instead of answering. */
  | { kind: 'reset' }
  /** Process the request for real (store the lead, remember the idempotency key), then RST. */
  | { kind: 'deliver-then-reset' }
  /**
   * Process the request for real, then answer its status with a body of `bytes` bytes (the real
   * answer's JSON, left open and padded), streamed until the client stops reading.
   */
  | { kind: 'huge-body'; bytes: number };

export type FaultPath = '/v1/leads' | '/v1/me';

/** Chooses the fault for a lead request (recorded, not yet answered), or null for none. */
export type FaultPicker = (request: RecordedRequest) => Fault | null;

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** The request target as sent, query included. */
  url: string;
  /** Names lower-cased; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The raw body, decoded as UTF-8 (at most 1 MiB is kept). */
  body: string;
  /** The body parsed as JSON, or null when it is empty or not JSON. */
  json: unknown;
  /** `Date.now()` when the request line arrived. */
  receivedAt: number;
  /** The status it was answered with, how it was cut off, or 'pending' while a delay runs. */
  response: number | 'hang' | 'reset' | 'pending';
  responseBody: string | null;
  /** Answered from the idempotency store (`Idempotent-Replayed: true`). */
  replayed: boolean;
  /** The scripted fault this request consumed, if any. */
  fault: Fault['kind'] | null;
  /** For a 'huge-body' answer: body bytes written before the client closed (or all of them). */
  bodyBytesSent?: number;
}

export interface StoredLead {
  id: string;
  orgId: string;
  /** The payload of the capture that created the lead. */
  payload: LeadPayload;
  /** The Idempotency-Key of the capture that created the lead. */
  idempotencyKey: string;
  createdAt: number;
  /** Non-replayed successful deliveries of this profileUrl: 1 on creation, +1 per "existing". */
  deliveries: number;
}

export interface ApiStandIn {
  /** e.g. `https://127.0.0.1:8443`; the certificate is for `api.metrikia.io`. */
  readonly url: string;
  readonly port: number;
  /** PEM of the self-signed certificate: pass it as `ca` (with `servername: 'api.metrikia.io'`). */
  readonly certificate: string;
  /** The Chromium flags that point `https://api.metrikia.io` at this server. */
  readonly chromiumArgs: readonly string[];
  /** Every API request so far (control requests excluded), oldest first. A copy of the list. */
  readonly requests: readonly RecordedRequest[];
  leadRequests(): RecordedRequest[];
  leads(orgId?: string): StoredLead[];
  failNext(count: number, fault: Fault, options?: { path?: FaultPath }): void;
  /**
   * Asks `picker` for a fault for every `/v1/leads` request that no `failNext` fault is waiting
   * for (null: answer as the contract says); null turns it off. For seeded random faults.
   */
  setFaultPicker(picker: FaultPicker | null): void;
  setDelay(ms: number): void;
  /**
   * Until `releaseAnswers()`, answers wait: each request is processed when it arrives (a lead is
   * stored, its key remembered), and its answer leaves when released. For "in flight" on demand.
   */
  holdAnswers(): void;
  /** Sends every held answer now, and stops holding. */
  releaseAnswers(): void;
  revokeKey(key: string): void;
  addKey(key: string, identity: KeyIdentity, options?: { forbidden?: boolean }): void;
  /** Destroys the connections of requests held by a 'hang' fault. */
  releaseHangs(): void;
  /** Forgets leads, requests, idempotency keys, faults, the picker, delay and held answers; restores the initial keys. */
  reset(): void;
  waitForLeads(count: number, options?: { orgId?: string; timeoutMs?: number }): Promise<StoredLead[]>;
  waitForRequests(
    predicate: (request: RecordedRequest) => boolean,
    count: number,
    timeoutMs?: number,
  ): Promise<RecordedRequest[]>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Replaces DEFAULT_KEYS. */
  keys?: Record<string, KeyIdentity>;
  /** Called with one line per answered API request (used by `npm run api`). */
  log?: (line: string) => void;
}

/** Chromium flags that send `api.metrikia.io` to the stand-in and accept its certificate. */
export function chromiumApiArgs(port: number): string[] {
  // `ignoreHTTPSErrors` does not reach the service worker (TESTING.md); this flag does.
  return [`--host-resolver-rules=MAP api.metrikia.io 127.0.0.1:${port}`, '--ignore-certificate-errors'];
}

interface KeyState extends KeyIdentity {
  forbidden: boolean;
  revoked: boolean;
}

interface Answer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

interface ScriptedFault {
  fault: Fault;
  path: FaultPath;
  remaining: number;
}

const BODY_KEEP_LIMIT = 1024 * 1024;
const POLL_MS = 20;

const statusSchema = z.int().check(z.minimum(100), z.maximum(599));
const faultSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('status'),
    status: statusSchema,
    body: z.optional(z.string()),
    headers: z.optional(z.record(z.string(), z.string())),
  }),
  z.object({ kind: z.literal('rate-limit'), retryAfter: z.string() }),
  z.object({ kind: z.literal('hang') }),
  z.object({ kind: z.literal('reset') }),
  z.object({ kind: z.literal('deliver-then-reset') }),
  z.object({ kind: z.literal('huge-body'), bytes: z.int().check(z.minimum(0)) }),
]);
const failNextBodySchema = z.object({
  count: z.optional(z.int().check(z.minimum(1))),
  fault: faultSchema,
  path: z.optional(z.enum(['/v1/leads', '/v1/me'])),
});
const delayBodySchema = z.object({ ms: z.int().check(z.minimum(0)) });
const keyBodySchema = z.object({ key: z.string() });
const addKeyBodySchema = z.object({
  key: z.string(),
  organization: z.object({ id: z.string(), name: z.string() }),
  user: z.object({ email: z.string() }),
  forbidden: z.optional(z.boolean()),
});

export async function startApiStandIn(options: StartOptions = {}): Promise<ApiStandIn> {
  const { key: tlsKey, cert } = await certificate();
  const initialKeys = options.keys ?? DEFAULT_KEYS;
  const log = options.log;

  let keys = new Map<string, KeyState>();
  let recorded: RecordedRequest[] = [];
  /** orgId → profileUrl → lead */
  let leadsByOrg = new Map<string, Map<string, StoredLead>>();
  /** `${orgId} ${idempotencyKey}` → the 2xx answer to replay */
  let idempotent = new Map<string, Answer>();
  let faults: ScriptedFault[] = [];
  let delayMs = 0;
  let picker: FaultPicker | null = null;
  /** Held answers (holdAnswers), or null when answers are not held. */
  let held: Array<{ res: ServerResponse; send: () => void }> | null = null;
  const hung = new Set<ServerResponse>();
  const delayTimers = new Set<NodeJS.Timeout>();
  /** Raw TCP sockets by remote address: a TLS socket cannot send an RST itself. */
  const rawSockets = new Map<string, Socket>();

  function restoreKeys(): void {
    keys = new Map(
      Object.entries(initialKeys).map(([key, identity]) => [key, { ...identity, forbidden: false, revoked: false }]),
    );
  }
  restoreKeys();

  const server: Server = createServer({ key: tlsKey, cert }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the stand-in must show up as a 500 the test can see, not as an unhandled rejection.
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'text/plain', connection: 'close' }).end(String(error));
      }
    });
  });
  server.on('connection', (socket: Socket) => {
    const id = `${socket.remoteAddress}:${socket.remotePort}`;
    rawSockets.set(id, socket);
    socket.on('close', () => rawSockets.delete(id));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = Date.now();
    const target = new URL(req.url ?? '/', 'https://api.metrikia.io');
    const body = await readBody(req);
    const text = body.text;

    if (target.pathname.startsWith(CONTROL_PREFIX)) return control(req.method ?? '', target, text, res);

    const record: RecordedRequest = {
      method: req.method ?? '',
      path: target.pathname,
      url: req.url ?? '/',
      headers: lowerCaseHeaders(req.rawHeaders),
      body: text,
      json: parseJsonOrNull(text),
      receivedAt,
      response: 'pending',
      responseBody: null,
      replayed: false,
      fault: null,
    };
    recorded.push(record);

    const faultPath = route(record.method, record.path);
    const scripted = faultPath ? (takeFault(faultPath) ?? pickFault(faultPath, record)) : undefined;
    record.fault = scripted?.kind ?? null;

    switch (scripted?.kind) {
      case 'hang':
        record.response = 'hang';
        hung.add(res);
        res.on('close', () => hung.delete(res));
        logLine(record);
        return;
      case 'reset':
        return resetConnection(res, record);
      case 'deliver-then-reset':
        answer(record, body);
        return resetConnection(res, record);
      case 'status':
        return respond(res, record, {
          status: scripted.status,
          body: scripted.body ?? errorBody(defaultErrorCode(scripted.status), `Scripted ${scripted.status}.`),
          headers: { 'content-type': guessContentType(scripted.body), ...scripted.headers },
        });
      case 'huge-body':
        return streamHugeBody(res, record, answer(record, body), scripted.bytes);
      case 'rate-limit':
        return respond(res, record, {
          status: 429,
          body: errorBody('rate_limited', 'Too many requests.'),
          headers: { 'retry-after': scripted.retryAfter },
        });
      case undefined:
        return respond(res, record, answer(record, body));
    }
  }

  /** The contract's answer to an API request, with its side effects (storing leads). */
  function answer(record: RecordedRequest, body: Body): Answer {
    if (record.method === 'OPTIONS') return preflight(record);
    const known = route(record.method, record.path);
    if (!known) {
      const allowed = record.path === '/v1/me' ? 'GET' : record.path === '/v1/leads' ? 'POST' : undefined;
      return allowed
        ? { status: 405, body: errorBody('method_not_allowed', `Use ${allowed}.`), headers: { allow: allowed } }
        : { status: 404, body: errorBody('not_found', `No route for ${record.method} ${record.path}.`) };
    }

    const bearer = /^Bearer (\S+)$/i.exec(record.headers['authorization'] ?? '')?.[1];
    const identity = bearer === undefined ? undefined : keys.get(bearer);
    // Never echo the key: the contract keeps it out of every message.
    if (!identity || identity.revoked) return { status: 401, body: errorBody('invalid_api_key', 'Invalid or revoked API key.') };

    if (known === '/v1/me') {
      // A "forbidden" key is still a valid key: the contract's /v1/me answers only 200 or 401.
      return json(200, { organization: identity.organization, user: identity.user });
    }

    if (identity.forbidden) return { status: 403, body: errorBody('forbidden', 'This API key may not create leads.') };

    const orgId = identity.organization.id;
    const idempotencyKey = record.headers['idempotency-key'];
    if (idempotencyKey === undefined) return invalid(400, 'The Idempotency-Key header is required.');
    if (!idempotencyKeySchema.safeParse(idempotencyKey).success) {
      return invalid(400, 'The Idempotency-Key header must be a lower-case UUID v4.');
    }
    // Replay before looking at the body: the contract says the first answer comes back unchanged.
    const replay = idempotent.get(`${orgId} ${idempotencyKey}`);
    if (replay) {
      record.replayed = true;
      return { ...replay, headers: { ...replay.headers, 'idempotent-replayed': 'true' } };
    }

    const mediaType = (record.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json') return invalid(400, 'Content-Type must be application/json.');
    if (body.bytes > MAX_BODY_BYTES) {
      return { status: 413, body: errorBody('payload_too_large', `The body exceeds ${MAX_BODY_BYTES} bytes.`) };
    }
    if (!body.validUtf8) return invalid(400, 'The body is not valid UTF-8.');
    if (record.json === null) return invalid(400, 'The body is not valid JSON.');

    const parsed = leadPayloadSchema.safeParse(record.json);
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error.issues);
      return {
        status: 422,
        body: JSON.stringify({
          error: {
            code: 'validation_failed',
            message: 'The lead is not valid.',
            ...(Object.keys(fields).length > 0 ? { fields } : {}),
          },
        }),
      };
    }

    const payload = parsed.data;
    let orgLeads = leadsByOrg.get(orgId);
    if (!orgLeads) leadsByOrg.set(orgId, (orgLeads = new Map()));
    const existing = orgLeads.get(payload.profileUrl);
    let result: Answer;
    if (existing) {
      existing.deliveries += 1;
      result = json(200, { lead: { id: existing.id, status: 'existing' } });
    } else {
      const lead: StoredLead = {
        id: `lead_${randomBytes(8).toString('hex')}`,
        orgId,
        payload,
        idempotencyKey,
        createdAt: Date.now(),
        deliveries: 1,
      };
      orgLeads.set(payload.profileUrl, lead);
      result = json(201, { lead: { id: lead.id, status: 'created' } });
    }
    idempotent.set(`${orgId} ${idempotencyKey}`, result);
    return result;
  }

  function respond(res: ServerResponse, record: RecordedRequest, result: Answer): void {
    const send = (): void => {
      record.response = result.status;
      record.responseBody = result.body;
      logLine(record);
      if (res.destroyed) return;
      res.writeHead(result.status, {
        'content-type': 'application/json',
        ...corsHeaders(record),
        // No keep-alive: Chromium silently re-sends a request whose reused socket fails before any
        // response byte, which would hide 'reset' faults (and double-count deliveries) in e2e tests.
        connection: 'close',
        ...result.headers,
      });
      res.end(result.body);
    };
    if (held) return void held.push({ res, send });
    if (delayMs === 0) return send();
    const timer = setTimeout(() => {
      delayTimers.delete(timer);
      send();
    }, delayMs);
    delayTimers.add(timer);
  }

  /** Streams `result` padded to `bytes`, 64 KiB at a time with backpressure, until the client goes away. */
  function streamHugeBody(res: ServerResponse, record: RecordedRequest, result: Answer, bytes: number): void {
    record.response = result.status;
    record.responseBody = null;
    record.bodyBytesSent = 0;
    logLine(record);
    res.writeHead(result.status, { 'content-type': 'application/json', ...corsHeaders(record), connection: 'close' });
    const opening = Buffer.from(`${result.body.replace(/}\s*$/, '')},"padding":"`);
    const padding = Buffer.alloc(64 * 1024, 'x');
    const write = (): void => {
      while (!res.destroyed && (record.bodyBytesSent ?? 0) < bytes) {
        const chunk = record.bodyBytesSent === 0 ? opening : padding;
        const part = chunk.subarray(0, Math.min(chunk.length, bytes - (record.bodyBytesSent ?? 0)));
        record.bodyBytesSent = (record.bodyBytesSent ?? 0) + part.length;
        if (!res.write(part)) {
          res.once('drain', write);
          return;
        }
      }
      if (!res.destroyed) res.end();
    };
    res.on('close', () => res.off('drain', write));
    write();
  }

  function resetConnection(res: ServerResponse, record: RecordedRequest): void {
    record.response = 'reset';
    logLine(record);
    const raw = rawSockets.get(`${res.socket?.remoteAddress}:${res.socket?.remotePort}`);
    // resetAndDestroy() refuses TLS sockets (their handle is not TCP), so reset the TCP socket below.
    if (raw && !raw.destroyed) raw.resetAndDestroy();
    else res.socket?.destroy();
  }

  function takeFault(path: FaultPath): Fault | undefined {
    const next = faults.find((scripted) => scripted.path === path);
    if (!next) return undefined;
    next.remaining -= 1;
    if (next.remaining === 0) faults = faults.filter((scripted) => scripted !== next);
    return next.fault;
  }

  function pickFault(path: FaultPath, record: RecordedRequest): Fault | undefined {
    if (path !== '/v1/leads' || !picker) return undefined;
    const picked = picker(record);
    return picked === null ? undefined : faultSchema.parse(picked);
  }

  function logLine(record: RecordedRequest): void {
    log?.(`${new Date().toISOString()} ${record.method} ${record.url} → ${record.response}${record.replayed ? ' (replayed)' : ''}`);
  }

  function control(method: string, target: URL, text: string, res: ServerResponse): void {
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify(body, null, 2));
    };
    const body = parseJsonOrNull(text) ?? {};
    const action = `${method} ${target.pathname.slice(CONTROL_PREFIX.length)}`;
    try {
      switch (action) {
        case 'GET leads':
          return reply(200, { leads: standIn.leads(target.searchParams.get('org') ?? undefined) });
        case 'GET requests':
          return reply(200, { requests: recorded });
        case 'POST fail-next': {
          const { count, fault, path } = failNextBodySchema.parse(body);
          standIn.failNext(count ?? 1, fault, path ? { path } : {});
          return reply(200, { faults });
        }
        case 'POST delay':
          standIn.setDelay(delayBodySchema.parse(body).ms);
          return reply(200, { delayMs });
        case 'POST revoke-key':
          standIn.revokeKey(keyBodySchema.parse(body).key);
          return reply(200, { ok: true });
        case 'POST add-key': {
          const { key, organization, user, forbidden } = addKeyBodySchema.parse(body);
          standIn.addKey(key, { organization, user }, { forbidden: forbidden ?? false });
          return reply(200, { ok: true });
        }
        case 'POST release-hangs':
          standIn.releaseHangs();
          return reply(200, { ok: true });
        case 'POST reset':
          standIn.reset();
          return reply(200, { ok: true });
        default:
          return reply(404, {
            error: 'unknown control action',
            actions: ['GET leads?org=', 'GET requests', 'POST fail-next {count, fault, path?}', 'POST delay {ms}',
              'POST revoke-key {key}', 'POST add-key {key, organization, user, forbidden?}', 'POST release-hangs', 'POST reset'],
          });
      }
    } catch (error) {
      const message =
        error instanceof z.core.$ZodError ? z.prettifyError(error) : error instanceof Error ? error.message : String(error);
      return reply(400, { error: message });
    }
  }

  async function waitFor<T>(what: string, timeoutMs: number, check: () => T[], count: number): Promise<T[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = check();
      if (found.length >= count) return found;
      if (Date.now() >= deadline) {
        throw new Error(
          `API stand-in: expected ${count} ${what} within ${timeoutMs} ms, got ${found.length}.\n` +
            `Requests received (${recorded.length}):\n${describeRequests(recorded)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  const standIn: ApiStandIn = {
    url: `https://127.0.0.1:${port}`,
    port,
    certificate: cert,
    chromiumArgs: chromiumApiArgs(port),
    get requests() {
      return [...recorded];
    },
    leadRequests: () => recorded.filter((r) => r.method === 'POST' && r.path === '/v1/leads'),
    leads: (orgId = 'org_demo') =>
      [...(leadsByOrg.get(orgId)?.values() ?? [])].sort((a, b) => a.createdAt - b.createdAt),
    failNext(count, fault, faultOptions = {}) {
      if (!Number.isInteger(count) || count < 1) throw new Error(`failNext: count must be a positive integer, got ${count}`);
      faults.push({ fault: faultSchema.parse(fault), path: faultOptions.path ?? '/v1/leads', remaining: count });
    },
    setFaultPicker(next) {
      picker = next;
    },
    holdAnswers() {
      held ??= [];
    },
    releaseAnswers() {
      const answers = held ?? [];
      held = null;
      for (const { send } of answers) send();
    },
    setDelay(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error(`setDelay: ms must be >= 0, got ${ms}`);
      delayMs = ms;
    },
    revokeKey(key) {
      const state = keys.get(key);
      // Throwing catches a typo in a test that would otherwise pass for the wrong reason.
      if (!state) throw new Error('revokeKey: the stand-in does not know this key');
      state.revoked = true;
    },
    addKey(key, identity, keyOptions = {}) {
      keys.set(key, {
        organization: { ...identity.organization },
        user: { ...identity.user },
        forbidden: keyOptions.forbidden ?? false,
        revoked: false,
      });
    },
    releaseHangs() {
      for (const res of hung) res.socket?.destroy();
      hung.clear();
    },
    reset() {
      standIn.releaseHangs();
      // Held answers are dropped with their connections: a new test starts with none in flight.
      for (const { res } of held ?? []) res.socket?.destroy();
      held = null;
      picker = null;
      for (const timer of delayTimers) clearTimeout(timer);
      delayTimers.clear();
      recorded = [];
      leadsByOrg = new Map();
      idempotent = new Map();
      faults = [];
      delayMs = 0;
      restoreKeys();
    },
    waitForLeads(count, waitOptions = {}) {
      const orgId = waitOptions.orgId ?? 'org_demo';
      return waitFor(`leads in ${orgId}`, waitOptions.timeoutMs ?? 5_000, () => standIn.leads(orgId), count);
    },
    waitForRequests(predicate, count, timeoutMs = 5_000) {
      return waitFor('matching requests', timeoutMs, () => recorded.filter(predicate), count);
    },
    close() {
      for (const timer of delayTimers) clearTimeout(timer);
      delayTimers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // server.close() waits for open connections; hung and keep-alive sockets would keep it open.
      for (const socket of rawSockets.values()) socket.destroy();
      hung.clear();
      return closed;
    },
  };
  return standIn;
}

/** Which contract endpoint a request is for, or undefined. OPTIONS is never faulted. */
function route(method: string, path: string): FaultPath | undefined {
  if (method === 'GET' && path === '/v1/me') return '/v1/me';
  if (method === 'POST' && path === '/v1/leads') return '/v1/leads';
  return undefined;
}

function preflight(record: RecordedRequest): Answer {
  // The extension's worker does not need CORS (host permission), but a page-based client might.
  return {
    status: 204,
    body: '',
    headers: {
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers':
        record.headers['access-control-request-headers'] ?? 'authorization, content-type, idempotency-key',
      'access-control-max-age': '600',
    },
  };
}

function corsHeaders(record: RecordedRequest): Record<string, string> {
  return {
    'access-control-allow-origin': record.headers['origin'] ?? '*',
    'access-control-expose-headers': 'retry-after, idempotent-replayed',
    vary: 'origin',
  };
}

function json(status: number, body: unknown): Answer {
  return { status, body: JSON.stringify(body) };
}

function errorBody(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

function invalid(status: number, message: string): Answer {
  return { status, body: errorBody('validation_failed', message) };
}

function defaultErrorCode(status: number): string {
  const codes: Record<number, string> = {
    400: 'validation_failed',
    401: 'invalid_api_key',
    403: 'forbidden',
    413: 'payload_too_large',
    422: 'validation_failed',
    429: 'rate_limited',
  };
  return codes[status] ?? (status >= 500 ? 'internal_error' : 'error');
}

function guessContentType(body: string | undefined): string {
  if (body === undefined) return 'application/json';
  if (body.trimStart().startsWith('<')) return 'text/html; charset=utf-8';
  return parseJsonOrNull(body) === null ? 'text/plain; charset=utf-8' : 'application/json';
}

function fieldErrors(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[key] ??= 'unknown field';
      continue;
    }
    const field = issue.path[0];
    // A root issue (the body is not an object) has no field; the message says it all.
    if (typeof field === 'string') fields[field] ??= describeIssue(issue);
  }
  return fields;
}

/** zod/mini ships no locale, so its messages are all "Invalid input"; say something useful. */
function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'too_big':
      return `at most ${String(issue.maximum)}`;
    case 'too_small':
      return `at least ${String(issue.minimum)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return issue.message;
  }
}

function lowerCaseHeaders(raw: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] ?? '').toLowerCase();
    const value = raw[i + 1] ?? '';
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return headers;
}

function parseJsonOrNull(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

interface Body {
  text: string;
  /** The full size, even past what is kept. */
  bytes: number;
  validUtf8: boolean;
}

async function readBody(req: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  let kept = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    bytes += buffer.length;
    // Drain everything (answering before the upload ends makes clients see a reset, not a 413),
    // but keep only the first MiB.
    if (kept < BODY_KEEP_LIMIT) {
      chunks.push(buffer);
      kept += buffer.length;
    }
  }
  const raw = Buffer.concat(chunks);
  let validUtf8 = true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    validUtf8 = false;
  }
  return { text: raw.toString('utf8'), bytes, validUtf8 };
}

/** One line per request, for timeout errors: enough to see what the client actually sent. */
export function describeRequests(requests: readonly RecordedRequest[]): string {
  if (requests.length === 0) return '  (none)';
  return requests
    .map((r) => {
      const key = r.headers['idempotency-key'] ? ` key=${r.headers['idempotency-key']}` : '';
      const body = r.body.length > 200 ? `${r.body.slice(0, 200)}…` : r.body;
      return `  ${r.method} ${r.url} → ${r.response}${r.replayed ? ' (replayed)' : ''}${key} ${body}`;
    })
    .join('\n');
}
