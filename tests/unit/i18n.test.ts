/**
 * Both languages say every message, in words of their own, with the same placeholders and plural
 * shape; every key is asked for by the code (a translator call, a `data-i18n` attribute, or a
 * value typed as a message key), and no message is built by concatenation.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appCatalogs } from '@/lib/shared/i18n/app';
import { buttonCatalogs } from '@/lib/shared/i18n/button';
import { format, resolveLocale } from '@/lib/shared/i18n/translate';

const root = join(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|html)$/.test(name) ? [path] : [];
  });
}
const CATALOG_DIR = join('lib', 'shared', 'i18n');
const sourcePaths = [...sourceFiles(join(root, 'lib')), ...sourceFiles(join(root, 'entrypoints'))];
const source = sourcePaths
  .filter((path) => !path.includes(CATALOG_DIR))
  .map((path) => readFileSync(path, 'utf8'))
  .join('\n');

/**
 * The places the code asks for a message by key. A key's string found anywhere is not enough:
 * "captured" and "queued" are also states of the protocol, and would be found with no label left.
 * - a translator call, `t('key')` or `buttonT(cond ? 'key' : 'other')`: string literals inside the
 *   parentheses of a call whose callee ends in t/T/translate;
 * - `data-i18n="key"` (and `data-i18n-<attribute>="key"`) in the pages' HTML, which localize.ts fills;
 * - a value the code types as a message key: literals assigned to a variable or property, or held
 *   in an object or array, declared with a type that names `…MessageKey`, and literals passed to a
 *   function that takes one.
 */
export function keysAskedFor(code: string): Set<string> {
  const keys = new Set<string>();
  const literals = (text: string) => [...text.matchAll(/'([A-Za-z][A-Za-z0-9]*)'|"([A-Za-z][A-Za-z0-9]*)"/g)].map((m) => m[1] ?? m[2] ?? '');
  for (const call of code.matchAll(/\b(?:\w*[a-z_]T|t|translate)\(((?:[^()]|\([^()]*\))*)\)/g)) for (const key of literals(call[1] ?? '')) keys.add(key);
  for (const attribute of code.matchAll(/data-i18n(?:-[\w-]+)?="([A-Za-z0-9]+)"/g)) keys.add(attribute[1] ?? '');
  const typed = [...code.matchAll(/\b(\w+)\s*:\s*[^=;\n]*MessageKey\b[^=;\n]*(?:=(?!>)\s*(\{[^}]*\}|\[[\s\S]*?\];|[^;\n]*))?/g)];
  for (const declaration of typed) {
    for (const key of literals(declaration[2] ?? '')) keys.add(key);
    const name = declaration[1] ?? '';
    // Assigned (`notice = 'key'`) or set as a property (`{ notice: 'key' }`).
    for (const assignment of code.matchAll(new RegExp(`\\b${name}\\s*[=:]\\s*([^;\\n,})]*)`, 'g'))) for (const key of literals(assignment[1] ?? '')) keys.add(key);
  }
  // Passed to a function that takes a message key (`radio('page', 'placementPage')`).
  for (const helper of code.matchAll(/(?:function\s+(\w+)\s*|(\w+)\s*=\s*)\(([^()]*MessageKey[^()]*)\)/g)) {
    const name = helper[1] ?? helper[2] ?? '';
    for (const call of code.matchAll(new RegExp(`\\b${name}\\(((?:[^()]|\\([^()]*\\))*)\\)`, 'g'))) for (const key of literals(call[1] ?? '')) keys.add(key);
  }
  return keys;
}
const asked = keysAskedFor(source);

/** Messages that are the same words in both languages: names, and each language's own name. */
const SAME_IN_BOTH = new Set(['Metrikia Companion', 'LinkedIn', 'Instagram', 'English', 'Français', 'Metrikia', 'Email']);

const placeholders = (message: unknown) => JSON.stringify(message).match(/\{\w+\}/g)?.sort() ?? [];

describe.each([
  ['button', buttonCatalogs],
  ['app', appCatalogs],
] as const)('the %s catalogs', (_name, catalogs) => {
  const enKeys = Object.keys(catalogs.en).sort();

  it.each(enKeys)('%s is said in French in words of its own', (key) => {
    const en = JSON.stringify((catalogs.en as Record<string, unknown>)[key]);
    const fr = JSON.stringify((catalogs.fr as Record<string, unknown>)[key]);
    if (SAME_IN_BOTH.has(JSON.parse(en) as string)) return;
    expect(fr, `${key}: the French message is the English one`).not.toBe(en);
  });

  it.each(enKeys)('%s has the same placeholders and plural shape in both languages', (key) => {
    const en = (catalogs.en as Record<string, unknown>)[key];
    const fr = (catalogs.fr as Record<string, unknown>)[key];
    expect(typeof fr).toBe(typeof en);
    expect(placeholders(fr)).toEqual(placeholders(en));
    expect(String(JSON.stringify(fr)).length).toBeGreaterThan(2);
  });

  it.each(enKeys)('%s is asked for by the code', (key) => {
    expect(asked.has(key), `${key}: no translator call, data-i18n attribute or typed message key asks for it`).toBe(true);
  });
});

describe('the pages\' HTML', () => {
  it.each(sourcePaths.filter((path) => path.endsWith('.html')))('%s: text shown before localizing is the English message', (path) => {
    const html = readFileSync(path, 'utf8');
    for (const match of html.matchAll(/data-i18n="(\w+)"[^>]*>([^<]+)</g)) {
      const [, key = '', text = ''] = match;
      expect(text.trim(), key).toBe(String((appCatalogs.en as Record<string, unknown>)[key]));
    }
  });
});

describe('what counts as asking for a key', () => {
  it('a call, a conditional in a call, an attribute and typed values count; a bare string does not', () => {
    const asked = keysAskedFor(`
      label.textContent = t('capture');
      toggle.textContent = t(showing ? 'hideKey' : 'showKey');
      const errors: Record<Extract<Answer, { ok: false }>['error'], AppMessageKey> = {
        empty: 'errorEmpty',
        bad: 'errorBad',
      };
      const parts: ReadonlyArray<[keyof Counts, ButtonMessageKey]> = [
        ['captured', 'bulkCaptured'],
      ];
      let notice: AppMessageKey | null = null;
      notice = 'clearedNotice';
      context.set({ notice: 'exportedNotice' });
      const radio = (value: Placement, label: AppMessageKey): VNode => h('label', {}, t(label));
      radio('page', 'placementPage');
      <h1 data-i18n="optionsTitle">Settings</h1>
      if (state.kind === 'queued') return;
    `);
    expect([...asked].sort()).toEqual(['bulkCaptured', 'capture', 'captured', 'clearedNotice', 'errorBad', 'errorEmpty', 'exportedNotice', 'hideKey', 'optionsTitle', 'page', 'placementPage', 'showKey']);
  });
});

describe('format', () => {
  it('chooses plural forms per language (French counts 0 as singular)', () => {
    const message = { one: '{count} capture', other: '{count} captures' };
    expect(format('en', message, { count: 0 })).toBe('0 captures');
    expect(format('en', message, { count: 1 })).toBe('1 capture');
    expect(format('fr', message, { count: 0 })).toBe('0 capture');
    expect(format('fr', message, { count: 2 })).toBe('2 captures');
  });
  it('fills named placeholders and formats numbers per language', () => {
    expect(format('en', '{n} of {total}', { n: 1200, total: 'all' })).toBe('1,200 of all');
    expect(format('fr', '{n}', { n: 1200 })).toMatch(/^1\s200$/);
  });
  it('resolves Automatic from the browser language', () => {
    expect(resolveLocale('auto', 'fr-CA')).toBe('fr');
    expect(resolveLocale('auto', 'de-DE')).toBe('en');
    expect(resolveLocale('en', 'fr-FR')).toBe('en');
  });
  it('keeps the contract labels exactly', () => {
    expect(buttonCatalogs.en).toMatchObject({
      capture: 'Capture',
      capturing: 'Capturing…',
      captured: 'Captured',
      queued: 'Queued',
      notConnected: 'Not connected',
      captureAgain: 'Capture again',
      couldNotRead: 'Could not read this profile',
    });
    expect(appCatalogs.en).toMatchObject({
      apiKeyLabel: 'API key',
      connect: 'Connect',
      disconnect: 'Disconnect',
      retryNow: 'Retry now',
      linkedin: 'LinkedIn',
      instagram: 'Instagram',
      languageLabel: 'Language',
      languageAuto: 'Automatic',
      languageEn: 'English',
      languageFr: 'Français',
      exportData: 'Export my data',
      clearData: 'Clear local data',
      openSettings: 'Open settings',
      edit: 'Edit',
      discard: 'Discard',
      notConnected: 'Not connected',
      dataHeading: 'Your data on this device',
    });
  });
});

describe('one word per field', () => {
  // The page's "Enter details" form and the popup's Edit ask for the same three fields: a rep
  // who meets both reads the same words (issue 24: "Poste" on the page, "Intitulé du poste" in the popup).
  it.each(['en', 'fr'] as const)('the page’s form and the popup name the fields alike (%s)', (locale) => {
    const fields = ['firstName', 'lastName', 'jobTitle'] as const;
    const words = (catalog: Record<(typeof fields)[number], unknown>) => fields.map((field) => catalog[field]);
    expect(words(appCatalogs[locale])).toEqual(words(buttonCatalogs[locale]));
  });
});
