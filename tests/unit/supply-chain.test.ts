/**
 * Supply chain (issue 7): what third-party code ships inside the extension, and that the build
 * loads no code from anywhere but its own package.
 *
 * `npm audit --omit=dev` cannot be the whole answer here: its advisory endpoint is not reachable
 * from these machines (it answers 405), and in an extension the bundler copies code from
 * devDependencies too (WXT's storage and browser wrappers, the polyfill). So this test pins the
 * set instead:
 * - the packages whose code is in the bundle, read from the source maps of a fresh build, are
 *   exactly the ones listed below (each with its reason in the README, "Dependencies in the
 *   shipped bundle");
 * - each comes from the lockfile with an integrity hash, at the version listed, runs no install
 *   script, and carries a licence we accept;
 * - the built extension names no URL outside an allow-list, imports nothing at run time, and keeps
 *   Chrome's default MV3 content security policy.
 * The build checked for URLs is the one the e2e tests run (`EXTENSION_PATH`, else .output/).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BUILT = resolve(ROOT, process.env['EXTENSION_PATH'] ?? '.output/chrome-mv3');

/** Every package with code in the bundle, its locked version, and where its code lands. */
const SHIPPED: Record<string, { version: string; licence: string; in: Array<'background' | 'content scripts' | 'pages'> }> = {
  zod: { version: '4.6.7', licence: 'MIT', in: ['background', 'pages'] },
  'idb-keyval': { version: '6.3.0', licence: 'Apache-2.0', in: ['background'] },
  'webextension-polyfill': { version: '0.12.0', licence: 'MPL-2.0', in: ['background', 'pages'] },
  '@wxt-dev/webextension-polyfill': { version: '1.0.0', licence: 'MIT', in: ['background', 'pages'] },
  '@wxt-dev/browser': { version: '0.3.6', licence: 'MIT', in: ['background', 'pages'] },
  '@wxt-dev/storage': { version: '1.3.0', licence: 'MIT', in: ['background', 'pages'] },
  superlock: { version: '1.3.5', licence: 'MIT', in: ['background', 'pages'] },
  wxt: { version: '0.21.4', licence: 'MIT', in: ['background', 'content scripts'] },
};

/**
 * Every absolute URL the built extension may contain, and why. None is fetched but the API: the
 * others are compared against (sender and address checks), or are text in WXT's error messages.
 */
const ALLOWED_URLS: Record<string, string> = {
  'https://api.metrikia.io': 'the API, the only host the extension contacts (host permission + API_BASE_URL)',
  'https://api.metrikia.io/*': 'the manifest host permission for the API',
  'https://www.linkedin.com': 'compared with the sender’s origin and the address bar; never fetched',
  'https://www.linkedin.com/*': 'the content script match pattern and host permission',
  'https://www.linkedin.com/in/': 'prefix of canonical profile URLs',
  'https://www.instagram.com': 'compared with the sender’s origin and the address bar; never fetched',
  'https://www.instagram.com/*': 'the content script match pattern and host permission',
  'https://www.instagram.com/': 'prefix of canonical profile URLs',
  'http://www.w3.org/2000/svg': 'the SVG namespace for the button’s icon (createElementNS)',
  'https://wxt.dev/guide/go-further/testing.html': 'text of a WXT error message',
  'https://github.com/wxt-dev/wxt/issues/371': 'text of a WXT error message',
};

interface LockEntry {
  version?: string;
  license?: string;
  integrity?: string;
  resolved?: string;
  hasInstallScript?: boolean;
  dependencies?: Record<string, string>;
  dev?: boolean;
}

const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** The content scripts' files, as the manifest declares them (unlisted scripts at the root). */
const CONTENT_SCRIPT_FILES = new Set(['linkedin.js', 'instagram.js']);

function areaOf(file: string): 'background' | 'content scripts' | 'pages' {
  if (file.startsWith('background')) return 'background';
  if (CONTENT_SCRIPT_FILES.has(file.replace(/\.map$/, ''))) return 'content scripts';
  return 'pages';
}

describe('the packages in the shipped bundle', () => {
  let mapsDir: string;
  /** package name → the areas of the extension whose bundle holds its code. */
  const found = new Map<string, Set<string>>();

  beforeAll(() => {
    // A separate build with source maps, so the bundle says which package each byte came from.
    mapsDir = mkdtempSync(join(tmpdir(), 'metrikia-sourcemaps-'));
    const config = join(mapsDir, 'wxt.config.ts');
    writeFileSync(
      config,
      `import base from ${JSON.stringify(join(ROOT, 'wxt.config.ts'))};\n` +
        `export default { ...base, outDir: ${JSON.stringify(join(mapsDir, 'out'))}, vite: () => ({ build: { sourcemap: true } }) };\n`,
    );
    execFileSync(process.execPath, [join(ROOT, 'node_modules/wxt/bin/wxt.mjs'), 'build', '-c', config], { cwd: ROOT, stdio: 'pipe' });
    const out = join(mapsDir, 'out/chrome-mv3');
    for (const file of filesUnder(out).filter((path) => path.endsWith('.map'))) {
      const map = JSON.parse(readFileSync(file, 'utf8')) as { sources: string[] };
      for (const source of map.sources) {
        const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1];
        if (name) found.set(name, (found.get(name) ?? new Set()).add(areaOf(relative(out, file))));
      }
    }
  }, 120_000);

  afterAll(() => {
    if (mapsDir) rmSync(mapsDir, { recursive: true, force: true });
  });

  it('are exactly the listed ones, each where the list says', () => {
    expect(Object.fromEntries([...found].map(([name, areas]) => [name, [...areas].sort()]))).toEqual(
      Object.fromEntries(Object.entries(SHIPPED).map(([name, entry]) => [name, [...entry.in].sort()])),
    );
  });

  it.each(Object.entries(SHIPPED))('%s: locked at the listed version with an integrity hash, no install script, an accepted licence', (name, entry) => {
    const locked = lock.packages[`node_modules/${name}`];
    expect(locked?.version).toBe(entry.version);
    expect(locked?.integrity).toMatch(/^sha512-/);
    expect(locked?.hasInstallScript).toBeUndefined();
    expect(locked?.license).toBe(entry.licence);
    if (locked?.resolved) expect(locked.resolved).toMatch(/^https:\/\/registry\.npmjs\.org\//);
  });

  it('bring in no other package at run time: their lockfile dependencies are shipped ones or type definitions', () => {
    for (const name of Object.keys(SHIPPED)) {
      if (name === 'wxt') continue; // the build tool; only its small runtime helpers are bundled (checked above)
      for (const dependency of Object.keys(lock.packages[`node_modules/${name}`]?.dependencies ?? {})) {
        expect(dependency in SHIPPED || dependency.startsWith('@types/'), `${name} → ${dependency}`).toBe(true);
      }
    }
  });

  it('package.json lists exactly zod and idb-keyval as dependencies (the rest arrives through WXT, a devDependency)', () => {
    expect(Object.keys(pkg.dependencies ?? {}).sort()).toEqual(['idb-keyval', 'zod']);
  });

  it('no package in the lockfile runs an install script (only the project’s own postinstall)', () => {
    const withScripts = Object.entries(lock.packages).filter(([path, entry]) => path !== '' && entry.hasInstallScript);
    expect(withScripts.map(([path]) => path)).toEqual([]);
  });
});

describe('the built extension loads no remote code', () => {
  let files: string[];
  beforeAll(() => {
    if (!existsSync(join(BUILT, 'manifest.json'))) {
      throw new Error(`No build at ${BUILT}: run \`npm run build\` before the unit tests (npm test does), or set EXTENSION_PATH.`);
    }
    files = filesUnder(BUILT).filter((file) => /\.(?:js|html|css|json)$/.test(file));
  });

  it('names no URL outside the allow-list', () => {
    const urls = new Set<string>();
    for (const file of files) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\b(?:https?|wss?|ftp):\/\/[^\s"'`)<>\\]+/g)) urls.add(match[0]);
    }
    expect([...urls].filter((url) => !(url in ALLOWED_URLS))).toEqual([]);
    expect(urls).toContain('https://api.metrikia.io');
  });

  it('imports and fetches nothing by URL: no import(), importScripts, remote script or stylesheet', () => {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const name = relative(BUILT, file);
      expect(text, name).not.toMatch(/\bimportScripts\s*\(/);
      expect(text, name).not.toMatch(/\bimport\s*\(\s*["'`]?(?:https?:)?\/\//);
      if (file.endsWith('.html')) {
        expect(text, name).not.toMatch(/<(?:script|link|img|iframe)[^>]+(?:src|href)=["']?(?:https?:)?\/\//i);
      }
    }
  });

  it('keeps Chrome’s default MV3 content security policy and exposes nothing to the web', () => {
    const manifest = JSON.parse(readFileSync(join(BUILT, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest['manifest_version']).toBe(3);
    expect(manifest['content_security_policy']).toBeUndefined();
    expect(manifest['externally_connectable']).toBeUndefined();
    expect(manifest['web_accessible_resources']).toBeUndefined();
    expect(manifest['sandbox']).toBeUndefined();
    expect(manifest['update_url']).toBeUndefined();
  });
});
