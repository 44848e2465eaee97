/**
 * Page objects for the end-to-end tests: what a rep does, in the words the UI shows. Tests read
 * as the steps a person takes; selectors live here only.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expect, openOptions, servePage } from '../../support/extension.ts';
import { DEMO_KEY } from '../../support/api-stand-in.ts';

/** Connects `key` on the options page and waits for the confirmation. Returns the options page. */
export async function connectKey(context: BrowserContext, extensionId: string, key = DEMO_KEY): Promise<Page> {
  const options = await openOptions(context, extensionId);
  await options.getByLabel('API key', { exact: true }).fill(key);
  await options.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(options.getByText('Connected to Acme as rep@acme.io')).toBeVisible();
  return options;
}

/** A fixture page's HTML, by its path under tests/fixtures/. */
export function fixtureHtml(file: string): string {
  return readFileSync(new URL(`../../fixtures/${file}`, import.meta.url), 'utf8');
}

/** Serves a fixture file at `url` and opens it in a new tab. */
export async function openProfile(context: BrowserContext, url: string, fixture: string): Promise<Page> {
  await servePage(context, url, fixtureHtml(fixture));
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** The injected Capture widget's main button (Playwright pierces its open shadow root). */
export function captureButton(page: Page) {
  return page.locator('metrikia-companion').getByRole('button').last();
}
