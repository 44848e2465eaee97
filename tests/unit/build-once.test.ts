/**
 * Issue 24, point 3: `npm run build` builds once and writes the store zip. It used to be
 * `wxt build && wxt zip`, and `wxt zip` builds again before zipping (WXT's zip() calls
 * internalBuild()), so every build ran twice. This runs the real script into a folder of its own.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const outDir = mkdtempSync(join(tmpdir(), 'metrikia-build-once-'));

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

/**
 * The environment of a rep's shell: vitest's NODE_ENV=test and VITEST* would make WXT's logger
 * (consola, through std-env's isTest) drop the "Building …" lines this counts.
 */
function buildEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(?:NODE_ENV|TEST|VITEST.*)$/u.test(name)));
  return { ...env, WXT_OUT_DIR: outDir, NO_COLOR: '1' };
}

it('npm run build builds the extension once and writes the store zip beside it', () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const run = spawnSync('npm', ['run', 'build'], { cwd: ROOT, env: buildEnv(), encoding: 'utf8' });
  const output = `${run.stdout}${run.stderr}`;
  expect(run.status, output).toBe(0);
  expect(output.match(/Building chrome-mv3/gu)?.length, output).toBe(1);
  expect(existsSync(join(outDir, 'chrome-mv3', 'manifest.json'))).toBe(true);
  expect(existsSync(join(outDir, `metrikia-companion-${version}-chrome.zip`))).toBe(true);
}, 60_000);
