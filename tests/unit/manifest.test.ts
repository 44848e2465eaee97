/**
 * The built manifest (npm test builds before the unit tests run): the permissions are the
 * product's promise (privacy policy §9.5), exactly storage + alarms and the three hosts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const outDir = join(import.meta.dirname, '../../.output/chrome-mv3');
type Manifest = Record<string, unknown> & {
  permissions?: string[];
  host_permissions?: string[];
  content_scripts?: { matches: string[]; js: string[]; all_frames?: boolean }[];
  icons?: Record<string, string>;
};
let manifest: Manifest;

beforeAll(() => {
  const path = join(outDir, 'manifest.json');
  if (!existsSync(path)) throw new Error('No build found: run `npm run build` before the unit tests (npm test does).');
  manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
});

describe('the built manifest', () => {
  it('asks for exactly storage and alarms', () => {
    expect([...(manifest.permissions ?? [])].sort()).toEqual(['alarms', 'storage']);
  });
  it('has host access to exactly LinkedIn, Instagram and the Metrikia API', () => {
    expect([...(manifest.host_permissions ?? [])].sort()).toEqual([
      'https://api.metrikia.io/*',
      'https://www.instagram.com/*',
      'https://www.linkedin.com/*',
    ]);
  });
  it('has no optional permissions, no externally connectable pages, no loosened CSP', () => {
    expect(manifest.optional_permissions).toBeUndefined();
    expect(manifest.optional_host_permissions).toBeUndefined();
    expect(manifest.externally_connectable).toBeUndefined();
    expect(manifest.content_security_policy).toBeUndefined();
  });
  it('names the product, its version, and takes its strings from _locales', () => {
    expect(manifest).toMatchObject({
      manifest_version: 3,
      name: '__MSG_extensionName__',
      description: '__MSG_extensionDescription__',
      default_locale: 'en',
      version: '0.1.0',
    });
    for (const locale of ['en', 'fr']) {
      const messages = JSON.parse(readFileSync(join(outDir, `_locales/${locale}/messages.json`), 'utf8')) as Record<string, { message: string }>;
      expect(messages.extensionName?.message).toBe('Metrikia Companion');
      expect(messages.extensionDescription?.message.length).toBeGreaterThan(10);
      expect(messages.commandCaptureProfile?.message.length).toBeGreaterThan(5);
    }
  });
  it('has real PNG icons at 16, 32, 48 and 128 px', () => {
    expect(Object.keys(manifest.icons ?? {}).sort()).toEqual(['128', '16', '32', '48']);
    for (const [size, file] of Object.entries(manifest.icons ?? {})) {
      const png = readFileSync(join(outDir, file));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.readUInt32BE(16)).toBe(Number(size)); // IHDR width
      expect(png.readUInt32BE(20)).toBe(Number(size)); // IHDR height
    }
  });
  it('has the popup, the options page, the worker, and one top-frame content script per site', () => {
    expect(manifest).toMatchObject({
      action: { default_popup: 'popup.html' },
      options_ui: { page: 'options.html', open_in_tab: true },
      background: { service_worker: 'background.js' },
    });
    const scripts = manifest.content_scripts ?? [];
    expect(scripts.map((script) => script.matches).sort()).toEqual([
      ['https://www.instagram.com/*'],
      ['https://www.linkedin.com/*'],
    ]);
    expect(scripts.every((script) => !script.all_frames)).toBe(true);
  });
  it('binds the capture shortcut to Alt+Shift+M (a key Chromium assigns by default)', () => {
    expect(manifest.commands).toMatchObject({
      'capture-profile': { suggested_key: { default: 'Alt+Shift+M' } },
    });
  });
  it('exposes no extension file to web pages', () => {
    expect(manifest.web_accessible_resources).toBeUndefined();
  });
});
