/**
 * `npm run api`, `npm run bench`, `npm run demo` and `npm run screenshots` run TypeScript with
 * Node's own type stripping, not through a bundler: every module they load must import with file
 * extensions and use no TypeScript-only syntax (parameter properties, enums). This loads the shared
 * modules those scripts import, in a plain `node`, as they do.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const MODULES = [
  'tests/support/api-stand-in.ts',
  'tests/support/extension.ts',
  'tests/e2e/pages/flows.ts',
  'tests/support/try-it.ts',
  'lib/shared/welcome.ts',
  'lib/shared/i18n/app.ts',
  'lib/shared/i18n/button.ts',
  'lib/shared/i18n/translate.ts',
];

it.each(MODULES)('%s loads in plain Node', (module) => {
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(`./${module}`)}); console.log('loaded');`], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  expect(output.trim()).toBe('loaded');
}, 30_000);
