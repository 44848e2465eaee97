/**
 * One protocol (issue 20): lib/shared/messages.ts is the only definition of what crosses between
 * the page, the worker and the extension pages. No other module of lib/ declares a message of it
 * again, as a schema (`z.literal('capture')`) or as a type (`{ type: 'get-state' } | …`): the
 * content script trusts the protocol's own types for what only our extension sends it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appRequestSchema, contentRequestSchema, tabRequestSchema } from '@/lib/shared/messages';

const ROOT = join(import.meta.dirname, '..', '..');
const PROTOCOL = 'lib/shared/messages.ts';

const MESSAGE_TYPES = [contentRequestSchema, appRequestSchema, tabRequestSchema].flatMap((schema) => [
  ...((schema._zod.propValues?.['type'] ?? []) as Iterable<unknown>),
]) as string[];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Where `source` declares a message of type `name` again: as a schema literal, or as a type member. */
export function redefinitions(source: string, name: string): string[] {
  const quoted = `['"]${name}['"]`;
  const found: string[] = [];
  for (const match of source.matchAll(new RegExp(`z\\.literal\\(\\s*${quoted}\\s*\\)`, 'gu'))) found.push(match[0]);
  // `{ type: 'x' …}` in a type position: after `type X =`, `|`, `<`, `extends` or a `:` annotation, not a value.
  for (const match of source.matchAll(new RegExp(`(\\btype\\s+\\w+(?:<[^>]*>)?\\s*=\\s*|\\|\\s*|<\\s*|\\bextends\\s+|\\)\\s*:\\s*|\\w\\??:\\s*)\\{\\s*type\\??:\\s*${quoted}`, 'gu'))) {
    found.push(match[0]);
  }
  return found;
}

describe('one definition of every message', () => {
  it('finds the message types in the protocol', () => {
    expect(MESSAGE_TYPES).toEqual(expect.arrayContaining(['page-status', 'capture', 'bulk-capture', 'describe', 'capture-request', 'get-state', 'capture-state', 'capture-tab']));
  });

  it.each(sourceFiles('lib').filter((path) => path !== PROTOCOL))('%s declares no message type of the protocol again', (path) => {
    const source = readFileSync(join(ROOT, path), 'utf8');
    const again = MESSAGE_TYPES.flatMap((name) => redefinitions(source, name).map((found) => `${relative(ROOT, path)}: ${found}`));
    expect(again).toEqual([]);
  });

  it('the rule sees a restated schema and a restated type, and lets values through', () => {
    expect(redefinitions(`const s = z.literal('get-state');`, 'get-state')).toHaveLength(1);
    expect(redefinitions(`type R = { type: 'get-state' } | { type: 'capture-request'; details?: D };`, 'capture-request')).toHaveLength(1);
    expect(redefinitions(`function f(m: unknown): { type: 'get-state' } | null {`, 'get-state')).toHaveLength(1);
    expect(redefinitions(`return deps.send({ type: 'page-status' });`, 'page-status')).toEqual([]);
    expect(redefinitions(`const request: TabRequest = { type: 'capture-request' };`, 'capture-request')).toEqual([]);
  });
});
