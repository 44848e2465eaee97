/**
 * Issue 24, point 4: what `npm run demo` and `npm run api` offer for trying the extension by hand
 * (tests/support/try-it.ts). The pages are the fixture table's, each served at its own address,
 * and every printed command does to the stand-in what it says, over real HTTPS.
 */
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkedinPages, instagramPages, readFixture } from '../fixtures/pages';
import { DEMO_KEY, startApiStandIn, type ApiStandIn } from '../support/api-stand-in';
import { certificate } from '../support/certificate';
import { curlCommand, FAILURES, startTryPagesServer, TRY_PAGES, type StandInControl } from '../support/try-it';

interface Reply {
  status: number | 'cut off';
  headers: Record<string, unknown>;
  body: string;
}

/** One HTTPS request to 127.0.0.1:`port` for `host` (the certificate is the stand-in's own, for api.metrikia.io). */
async function send(port: number, host: string, method: string, path: string, options: { body?: string; key?: string } = {}): Promise<Reply> {
  const { cert } = await certificate();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        servername: 'api.metrikia.io',
        ca: cert,
        agent: false,
        method,
        path,
        headers: {
          host,
          ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
          ...(options.body ? { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? resolve({ status: 'cut off', headers: {}, body: '' }) : reject(error)));
    req.end(options.body);
  });
}

describe('the pages to try', () => {
  const fixtures = [...linkedinPages, ...instagramPages];

  it('are fixtures of the table, at the table’s addresses, one tab per address', () => {
    for (const page of TRY_PAGES) expect(fixtures.find((fixture) => fixture.file === page.file)?.url).toBe(page.url);
    expect(new Set(TRY_PAGES.map((page) => page.url)).size).toBe(TRY_PAGES.length);
  });

  it('hold a LinkedIn profile in each layout, a people search, an Instagram profile and a page the extension cannot read', () => {
    const expected = (page: (typeof TRY_PAGES)[number]) => fixtures.find((fixture) => fixture.file === page.file)?.expected;
    const profiles = TRY_PAGES.filter((page) => page.url.startsWith('https://www.linkedin.com/in/') && expected(page)?.ok);
    expect(profiles.map((page) => page.file)).toEqual([
      'linkedin/new-layout.html',
      'linkedin/hashed-layout.html',
      'linkedin/old-layout.html',
      'linkedin/old-layout-viewer-code.html',
      'linkedin/guest-profile.html',
    ]);
    expect(TRY_PAGES.filter((page) => page.url.startsWith('https://www.linkedin.com/search/results/people/'))).toHaveLength(1);
    expect(TRY_PAGES.filter((page) => page.url.startsWith('https://www.instagram.com/') && expected(page)?.ok)).toHaveLength(1);
    expect(TRY_PAGES.filter((page) => expected(page)?.ok === false && page.url.includes('/in/'))).toHaveLength(1);
  });
});

describe('npm run api', () => {
  let pages: Awaited<ReturnType<typeof startTryPagesServer>>;
  let api: ApiStandIn;
  beforeAll(async () => {
    [pages, api] = await Promise.all([startTryPagesServer(), startApiStandIn()]);
  });
  afterAll(async () => {
    await Promise.all([pages.close(), api.close()]);
  });

  it.each(TRY_PAGES.map((page) => [page.url, page]))('serves %s at its own address', async (_url, page) => {
    const url = new URL(page.url);
    const reply = await send(pages.port, url.host, 'GET', `${url.pathname}${url.search}`);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.body).toBe(readFixture(page.file));
  });

  it('serves nothing else', async () => {
    expect((await send(pages.port, 'www.linkedin.com', 'GET', '/feed/')).status).toBe(404);
    expect((await send(pages.port, 'www.instagram.com', 'GET', '/in/nadia-okafor/')).status).toBe(404);
  });

  it('prints commands that make the stand-in fail as they say, and come back', async () => {
    const control = (what: RegExp): StandInControl => {
      const found = FAILURES.find((failure) => what.test(failure.what));
      if (!found) throw new Error(`no control ${String(what)}`);
      return found;
    };
    /** Runs `control` as its printed curl command would. */
    const run = async (what: RegExp): Promise<Reply> => {
      const command = control(what);
      const body = /-d '(.*)'$/u.exec(curlCommand(api.url, command))?.[1];
      const reply = await send(api.port, 'api.metrikia.io', command.method, `/__stand-in/${command.action}`, body === undefined ? {} : { body });
      expect(reply.status, reply.body).toBe(200);
      return reply;
    };
    const capture = () => send(api.port, 'api.metrikia.io', 'POST', '/v1/leads', {
      key: DEMO_KEY,
      body: JSON.stringify({ source: 'linkedin', profileUrl: 'https://www.linkedin.com/in/jane-doe', firstName: 'Jane', lastName: 'Doe', jobTitle: null, capturedAt: new Date().toISOString() }),
    });
    const me = () => send(api.port, 'api.metrikia.io', 'GET', '/v1/me', { key: DEMO_KEY });

    await run(/^Offline/u);
    expect((await capture()).status).toBe('cut off');
    expect((await capture()).status).toBe('cut off');
    await run(/^Back to normal/u);
    expect((await capture()).status).toBe(201);
    await run(/500/u);
    expect((await capture()).status).toBe(500);
    await run(/429/u);
    const limited = await capture();
    expect([limited.status, limited.headers['retry-after']]).toEqual([429, '30']);
    await run(/revoked key/u);
    expect((await me()).status).toBe(401);
    await run(/^Back to normal/u);
    expect((await me()).status).toBe(200);
    expect((await capture()).status).toBe(201);
    expect(JSON.parse((await run(/^The leads/u)).body)).toMatchObject({ leads: [{ payload: { profileUrl: 'https://www.linkedin.com/in/jane-doe' } }] });
    expect(FAILURES.map((failure) => curlCommand(api.url, failure)).every((line) => line.startsWith(`curl -k `))).toBe(true);
  });
});
