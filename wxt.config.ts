import { defineConfig } from 'wxt';

// The manifest is generated from here. Permissions are part of the product's promise (privacy
// policy §9.5): exactly storage + alarms, and host access to the two sites and the API.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  srcDir: '.',
  // Parallel work (and the benchmarks) can build into their own folder; the default is .output/.
  outDir: process.env.WXT_OUT_DIR ?? '.output',
  // Explicit imports only: a reader should see where every name comes from.
  imports: false,
  manifest: {
    name: '__MSG_extensionName__',
    description: '__MSG_extensionDescription__',
    default_locale: 'en',
    permissions: ['storage', 'alarms'],
    host_permissions: [
      'https://www.linkedin.com/*',
      'https://www.instagram.com/*',
      'https://api.metrikia.io/*',
    ],
    // The content scripts are unlisted scripts (entrypoints/linkedin.ts, instagram.ts) declared
    // here, so that WXT's content-script context, which a page can observe and stop, is not built.
    content_scripts: [
      { matches: ['https://www.linkedin.com/*'], js: ['linkedin.js'], run_at: 'document_idle' },
      { matches: ['https://www.instagram.com/*'], js: ['instagram.js'], run_at: 'document_idle' },
    ],
    icons: { 16: 'icons/16.png', 32: 'icons/32.png', 48: 'icons/48.png', 128: 'icons/128.png' },
    action: {
      default_title: '__MSG_extensionName__',
      default_icon: { 16: 'icons/16.png', 32: 'icons/32.png', 48: 'icons/48.png', 128: 'icons/128.png' },
    },
    commands: {
      // Measured in Chromium 156 (commands.getAll() from the worker, fresh profile, 2026-12-01):
      // Alt+Shift+C and Alt+Shift+P are left unassigned (they clash with Chrome's own keys);
      // Alt+Shift+M, K, L, S and Ctrl+Shift+K are assigned. M, for Metrikia. tests/e2e/shortcut.spec.ts
      // checks that a fresh install gets it.
      'capture-profile': {
        suggested_key: { default: 'Alt+Shift+M' },
        description: '__MSG_commandCaptureProfile__',
      },
    },
  },
  zip: {
    artifactTemplate: 'metrikia-companion-{{version}}-{{browser}}.zip',
  },
});
