/**
 * Both languages carry the same keys, every key is used somewhere, and no message is built by
 * concatenation: placeholders are named and plural messages have both forms.
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
const source = [...sourceFiles(join(root, 'lib')), ...sourceFiles(join(root, 'entrypoints'))]
  .filter((path) => !path.includes(`${join('lib', 'i18n')}`))
  .map((path) => readFileSync(path, 'utf8'))
  .join('\n');

const placeholders = (message: unknown) => JSON.stringify(message).match(/\{\w+\}/g)?.sort() ?? [];

describe.each([
  ['button', buttonCatalogs],
  ['app', appCatalogs],
] as const)('the %s catalogs', (_name, catalogs) => {
  const enKeys = Object.keys(catalogs.en).sort();

  it('have the same keys in English and French', () => {
    expect(Object.keys(catalogs.fr).sort()).toEqual(enKeys);
  });

  it.each(enKeys)('%s has the same placeholders and plural shape in both languages', (key) => {
    const en = (catalogs.en as Record<string, unknown>)[key];
    const fr = (catalogs.fr as Record<string, unknown>)[key];
    expect(typeof fr).toBe(typeof en);
    expect(placeholders(fr)).toEqual(placeholders(en));
    expect(String(JSON.stringify(fr)).length).toBeGreaterThan(2);
  });

  it.each(enKeys)('%s is used in the code', (key) => {
    const used = new RegExp(`['"\`]${key}['"\`]`).test(source);
    expect(used, `${key} is never used outside the catalogs`).toBe(true);
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
