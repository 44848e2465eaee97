/**
 * The popup's and the settings page's words: the app catalog in the language the rep chose
 * (Automatic follows the browser's). The pages' views take every string from it.
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
