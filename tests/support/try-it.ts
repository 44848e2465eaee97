/**
 * Trying the extension by hand, shared by `npm run demo` (a Chromium it drives) and `npm run api`
 * (one's own browser): the fixture pages to open, each at its real address; a server for them; and
 * the stand-in's controls that make the API fail.
 *
 * Run directly by node (type stripping): no TS-only syntax, `.ts` in relative imports.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { instagramPages, linkedinPages, readFixture } from '../fixtures/pages.ts';
import { CONTROL_PREFIX, DEMO_KEY } from './api-stand-in.ts';
import { certificate } from './certificate.ts';

export interface TryPage {
  /** The address it is served at, from the fixture table (tests/fixtures/pages.ts). */
  readonly url: string;
  /** Path under tests/fixtures/. */
  readonly file: string;
  /** What it stands for, and what the extension does there. */
  readonly what: string;
}

function tryPage(file: string, what: string): TryPage {
  const fixture = [...linkedinPages, ...instagramPages].find((page) => page.file === file);
  if (!fixture) throw new Error(`${file} is not in tests/fixtures/pages.ts`);
  const lead = fixture.expected.ok ? fixture.expected.lead : null;
  const reads = lead ? `: ${lead.firstName} ${lead.lastName}${lead.jobTitle ? `, ${lead.jobTitle}` : ''}` : '';
  return { url: fixture.url, file, what: `${what}${reads}` };
}

/** A LinkedIn profile in each layout docs/supported-pages.md lists, a people search, Instagram, a page it cannot read. */
export const TRY_PAGES: readonly TryPage[] = [
  tryPage('linkedin/new-layout.html', 'LinkedIn profile, 2026 layout'),
  tryPage('linkedin/hashed-layout.html', 'LinkedIn profile, hashed-class layout (2025)'),
  tryPage('linkedin/old-layout.html', 'LinkedIn profile, named-class layout (2021–2025)'),
  tryPage('linkedin/old-layout-viewer-code.html', 'LinkedIn profile with embedded <code> JSON'),
  tryPage('linkedin/guest-profile.html', 'LinkedIn public profile, signed out'),
  tryPage('linkedin/search-new-layout.html', 'LinkedIn people search: "Capture people on this page"'),
  tryPage('instagram/profile.html', 'Instagram profile'),
  tryPage('linkedin/stale.html', 'A page it cannot read (it still shows another profile): "Could not read this profile", then "Enter details"'),
];

/** The pages, numbered as the tabs are opened, each line after `indent`. */
export function describeTryPages(indent = '  '): string {
  return TRY_PAGES.map((page, index) => `${indent}${index + 1}. ${page.what}\n${indent}   ${page.url}`).join('\n');
}

export interface StandInControl {
  /** What the extension meets. */
  readonly what: string;
  readonly method: 'GET' | 'POST';
  /** After CONTROL_PREFIX. */
  readonly action: string;
  readonly body?: unknown;
}

/** The stand-in's controls a newcomer needs: each failure a rep can meet, and back to normal. */
export const FAILURES: readonly StandInControl[] = [
  {
    what: 'Offline: every capture request cut off (a TCP reset, as when the network is gone), until "back to normal"',
    method: 'POST',
    action: 'fail-next',
    body: { count: 1000, fault: { kind: 'reset' } },
  },
  { what: 'A server error: the next capture gets a 500', method: 'POST', action: 'fail-next', body: { fault: { kind: 'status', status: 500 } } },
  {
    what: 'Too many requests: the next capture gets a 429 with Retry-After: 30',
    method: 'POST',
    action: 'fail-next',
    body: { fault: { kind: 'rate-limit', retryAfter: '30' } },
  },
  { what: `A revoked key: ${DEMO_KEY} is refused (401) from now on`, method: 'POST', action: 'revoke-key', body: { key: DEMO_KEY } },
  { what: 'Back to normal: faults cleared, the key valid again (and the leads received so far forgotten)', method: 'POST', action: 'reset' },
  { what: 'The leads the stand-in holds', method: 'GET', action: 'leads?org=org_demo' },
];

/** `control` as a curl command line against the stand-in at `apiUrl` (-k: its certificate is self-signed). */
export function curlCommand(apiUrl: string, control: StandInControl): string {
  const target = `${apiUrl}${CONTROL_PREFIX}${control.action}`;
  if (control.method === 'GET') return `curl -k ${target}`;
  return `curl -k -X POST ${target}${control.body === undefined ? '' : ` -d '${JSON.stringify(control.body)}'`}`;
}

/** Every control of `controls`, with what it does, for a terminal. */
export function describeControls(apiUrl: string, controls: readonly StandInControl[] = FAILURES): string {
  return controls.map((control) => `  ${control.what}:\n    ${curlCommand(apiUrl, control)}`).join('\n');
}

/**
 * Serves TRY_PAGES over HTTPS at their own addresses, for a browser whose host rules send
 * www.linkedin.com and www.instagram.com here (the stand-in's self-signed certificate, so the
 * browser needs --ignore-certificate-errors). Anything else is a 404.
 */
export async function startTryPagesServer(port = 0): Promise<{ readonly port: number; close(): Promise<void> }> {
  const { key, cert } = await certificate();
  const pages = new Map(TRY_PAGES.map((page) => [new URL(page.url).href, readFixture(page.file)]));
  const server: Server = createServer({ key, cert }, (req, res) => {
    const html = pages.get(new URL(req.url ?? '/', `https://${req.headers.host ?? 'localhost'}`).href);
    // The charset matters: a fixture without <meta charset> would be read as windows-1252.
    if (html === undefined) res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not one of the pages to try.\n');
    else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => done());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
