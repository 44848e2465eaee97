/**
 * `npm run api`: the API stand-in, and the pages to try (tests/support/try-it.ts) at their real
 * addresses, for trying the extension by hand in one's own Chrome or Chromium (or with `npm run dev`).
 * It prints all that takes: the browser's flags, a throwaway profile, loading the extension, the key,
 * the pages, and the commands that make the API fail. Runs until Ctrl-C. PORT (default 8443) is the
 * stand-in's port; the pages are served on PORT + 1.
 * Run directly by node (type stripping): `.ts` imports, no TS-only syntax.
 */
import { resolve } from 'node:path';
import { CONTROL_PREFIX, DEFAULT_KEYS, DEMO_KEY, OTHER_KEY, startApiStandIn } from './api-stand-in.ts';
import { describeControls, describeTryPages, startTryPagesServer, type StandInControl } from './try-it.ts';

const port = Number(process.env['PORT'] ?? 8443);
if (!Number.isInteger(port) || port < 1 || port > 65534) {
  console.error(`PORT must be a port number below 65535 (the pages take PORT + 1), got ${process.env['PORT']}`);
  process.exit(1);
}

const standIn = await startApiStandIn({ port, log: (line) => console.log(line) });
const pages = await startTryPagesServer(port + 1);
const demo = DEFAULT_KEYS[DEMO_KEY];
const other = DEFAULT_KEYS[OTHER_KEY];
const extension = resolve(import.meta.dirname, '../..', process.env['EXTENSION_PATH'] ?? '.output/chrome-mv3');
const hostRules = [
  `MAP api.metrikia.io 127.0.0.1:${standIn.port}`,
  `MAP www.linkedin.com 127.0.0.1:${pages.port}`,
  `MAP www.instagram.com 127.0.0.1:${pages.port}`,
].join(',');

/** The stand-in's other controls, for tests beyond the usual failures. */
const MORE_CONTROLS: readonly StandInControl[] = [
  { what: 'Every request received', method: 'GET', action: 'requests' },
  { what: 'Two 500s in a row', method: 'POST', action: 'fail-next', body: { count: 2, fault: { kind: 'status', status: 500 } } },
  { what: 'The next key check never answers', method: 'POST', action: 'fail-next', body: { fault: { kind: 'hang' }, path: '/v1/me' } },
  { what: 'Every answer 3 s late', method: 'POST', action: 'delay', body: { ms: 3000 } },
  { what: 'Answer the requests left hanging (by cutting them off)', method: 'POST', action: 'release-hangs' },
];

console.log(`Metrikia API stand-in on ${standIn.url} (self-signed certificate for api.metrikia.io),
the pages to try on https://127.0.0.1:${pages.port} (PORT=${port}; PORT=9443 npm run api moves both).

Keys:
  ${DEMO_KEY}   ${demo?.organization.id} "${demo?.organization.name}" ${demo?.user.email}
  ${OTHER_KEY}  ${other?.organization.id} "${other?.organization.name}" ${other?.user.email}

Try the extension in your own Chrome or Chromium:
  1. Build it once: npm run build (the extension is ${extension}).
  2. Start the browser on a throwaway profile, so nothing of yours is touched and the flags below
     (which accept this stand-in's self-signed certificate) apply to that browser only:
       chromium --user-data-dir="$(mktemp -d)" --no-first-run --ignore-certificate-errors \\
         --host-resolver-rules="${hostRules}"
     (google-chrome takes the same flags). api.metrikia.io then reaches this stand-in, and
     www.linkedin.com and www.instagram.com the pages below; every other site is the real one.
  3. Load the extension: open chrome://extensions, turn on Developer mode, press Load unpacked and
     pick ${extension}
     (Chrome 137 and later ignore --load-extension). Its settings page opens: paste ${DEMO_KEY}
     and press Connect.
  4. Open the pages, click Capture (or the toolbar icon, or Alt+Shift+M), and watch the requests here:
${describeTryPages('     ')}

Make the API fail (-k: the certificate is self-signed):
${describeControls(standIn.url)}

More controls (an unknown one under ${standIn.url}${CONTROL_PREFIX} answers with the list of all):
${describeControls(standIn.url, MORE_CONTROLS)}

Ctrl-C to stop.
`);

let stopping = false;
async function stop(): Promise<void> {
  // A second Ctrl-C while closing exits at once.
  if (stopping) process.exit(1);
  stopping = true;
  await Promise.all([standIn.close(), pages.close()]);
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
