/**
 * A tiny translator over typed catalogs. Why not chrome.i18n: it follows the browser's language
 * only, and the rep picks English or French in the options, applied at once on every open page.
 * The manifest's own strings still come from public/_locales.
 *
 * Messages are whole sentences with named placeholders (`{count}`), never concatenated; a message
 * that depends on a number has plural forms chosen by Intl.PluralRules (French counts 0 as "one").
 */
import type { LanguagePreference } from '../storage';

export type Locale = 'en' | 'fr';
export type PluralMessage = { one: string; other: string };
export type Message = string | PluralMessage;
export type Catalog<Key extends string> = Record<Key, Message>;
export type Params = Record<string, string | number>;

export function resolveLocale(preference: LanguagePreference, uiLanguage: string): Locale {
  if (preference !== 'auto') return preference;
  return uiLanguage.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export function format(locale: Locale, message: Message, params: Params = {}): string {
  let text: string;
  if (typeof message === 'string') {
    text = message;
  } else {
    const count = params.count;
    if (typeof count !== 'number') throw new Error('plural message needs a numeric {count}');
    text = new Intl.PluralRules(locale).select(count) === 'one' ? message.one : message.other;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? new Intl.NumberFormat(locale).format(value) : value;
  });
}

export type Translate<Key extends string> = (key: Key, params?: Params) => string;

export function createTranslator<Key extends string>(
  catalogs: Record<Locale, Catalog<Key>>,
  locale: Locale,
): Translate<Key> {
  const catalog = catalogs[locale];
  return (key, params) => format(locale, catalog[key], params);
}

/** A date the way the rep's language writes it: "23 Nov 2026" / "23 nov. 2026". */
export function formatDate(locale: Locale, iso: string): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium' }).format(new Date(iso));
}
