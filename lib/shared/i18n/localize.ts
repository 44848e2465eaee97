/**
 * Static page text comes from the catalogs through data attributes, so the HTML holds structure
 * and the catalogs hold words: `data-i18n` sets textContent, `data-i18n-label` sets aria-label,
 * `data-i18n-title` sets title. Re-run on every language change.
 */
import type { AppMessageKey } from './app';
import { appCatalogs } from './app';
import { createTranslator, resolveLocale, type Locale, type Translate } from './translate';
import type { LanguagePreference } from '../storage';

export function appTranslator(preference: LanguagePreference, uiLanguage: string): {
  locale: Locale;
  t: Translate<AppMessageKey>;
} {
  const locale = resolveLocale(preference, uiLanguage);
  return { locale, t: createTranslator(appCatalogs, locale) };
}

function isAppKey(key: string | undefined): key is AppMessageKey {
  return key !== undefined && Object.hasOwn(appCatalogs.en, key);
}

export function localizeDocument(root: ParentNode & { documentElement?: HTMLElement }, locale: Locale, t: Translate<AppMessageKey>): void {
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    if (isAppKey(element.dataset.i18n)) element.textContent = t(element.dataset.i18n);
  }
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    if (isAppKey(element.dataset.i18nLabel)) element.setAttribute('aria-label', t(element.dataset.i18nLabel));
  }
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n-title]')) {
    if (isAppKey(element.dataset.i18nTitle)) element.title = t(element.dataset.i18nTitle);
  }
  if (root.documentElement) root.documentElement.lang = locale;
}
