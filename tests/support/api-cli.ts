/**
 * `npm run api`: the API stand-in for manual testing with a real Chromium and `npm run dev`.
 * Runs until Ctrl-C. Run directly by node (type stripping): `.ts` imports, no TS-only syntax.
 */
import { CONTROL_PREFIX, DEFAULT_KEYS, DEMO_KEY, OTHER_KEY, startApiStandIn } from './api-stand-in.ts';

const port = Number(process.env['PORT'] ?? 8443);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got ${process.env['PORT']}`);
  process.exit(1);
}

const standIn = await startApiStandIn({ port, log: (line) => console.log(line) });
const demo = DEFAULT_KEYS[DEMO_KEY];
const other = DEFAULT_KEYS[OTHER_KEY];
const control = `${standIn.url}${CONTROL_PREFIX}`;

console.log(`Metrikia API stand-in on ${standIn.url} (self-signed certificate for api.metrikia.io)

Keys:
  ${DEMO_KEY}   ${demo?.organization.id} "${demo?.organization.name}" ${demo?.user.email}
  ${OTHER_KEY}  ${other?.organization.id} "${other?.organization.name}" ${other?.user.email}

Start Chromium with:
  --host-resolver-rules="MAP api.metrikia.io 127.0.0.1:${standIn.port}" --ignore-certificate-errors

Control (no auth; -k because the certificate is self-signed):
  curl -k ${control}leads?org=org_demo
  curl -k ${control}requests
  curl -k -X POST ${control}fail-next -d '{"count":2,"fault":{"kind":"status","status":500}}'
  curl -k -X POST ${control}fail-next -d '{"fault":{"kind":"rate-limit","retryAfter":"30"}}'
  curl -k -X POST ${control}fail-next -d '{"fault":{"kind":"hang"},"path":"/v1/me"}'
  curl -k -X POST ${control}delay -d '{"ms":3000}'
  curl -k -X POST ${control}revoke-key -d '{"key":"${DEMO_KEY}"}'
  curl -k -X POST ${control}release-hangs
  curl -k -X POST ${control}reset

Ctrl-C to stop.
`);

let stopping = false;
async function stop(): Promise<void> {
  // A second Ctrl-C while closing exits at once.
  if (stopping) process.exit(1);
  stopping = true;
  await standIn.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
