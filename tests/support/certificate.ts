/**
 * A self-signed TLS certificate for `api.metrikia.io`, so the unchanged production build can talk to
 * the local API stand-in over real HTTPS (Chromium maps the host with `--host-resolver-rules`).
 *
 * Made with the `openssl` CLI rather than a JS library: it is on every machine we test on and keeps
 * the project free of a crypto dependency used only by tests. One certificate per process, generated
 * on first use; the key files live in a temp dir only for the few milliseconds openssl needs them.
 *
 * Run directly by node (`npm run api`): no TS-only syntax, `.ts` in relative imports.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CERTIFICATE_HOST = 'api.metrikia.io';

export interface Certificate {
  /** PEM private key (ECDSA P-256: generated in milliseconds, unlike RSA). */
  readonly key: string;
  /** PEM certificate. It is self-signed, so it is also the CA a node client passes as `ca`. */
  readonly cert: string;
}

let pending: Promise<Certificate> | undefined;

/** The process's certificate, generated on the first call and reused afterwards. */
export function certificate(): Promise<Certificate> {
  pending ??= generate().catch((error: unknown) => {
    // Let a later call try again (e.g. after openssl is installed) instead of caching the failure.
    pending = undefined;
    throw error;
  });
  return pending;
}

async function generate(): Promise<Certificate> {
  const dir = await mkdtemp(join(tmpdir(), 'metrikia-cert-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    await run('openssl', [
      'req', '-x509', '-nodes', '-sha256', '-days', '7',
      '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
      '-keyout', keyPath, '-out', certPath,
      '-subj', `/CN=${CERTIFICATE_HOST}`,
      // The SAN, not the CN, is what TLS clients check; the IP lets a client connect by address too.
      '-addext', `subjectAltName=DNS:${CERTIFICATE_HOST},IP:127.0.0.1`,
    ]);
    const [key, cert] = await Promise.all([readFile(keyPath, 'utf8'), readFile(certPath, 'utf8')]);
    return { key, cert };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 10_000 }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      const missing = error.code === 'ENOENT';
      reject(
        new Error(
          missing
            ? 'The API stand-in needs the openssl CLI to make its certificate: `apt-get install -y openssl`.'
            : `openssl failed to make the stand-in certificate: ${stderr.trim() || error.message}`,
        ),
      );
    });
  });
}
