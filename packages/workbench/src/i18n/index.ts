import { createI18n } from 'vue-i18n';
import { type Locale, locales, messages } from './messages.js';

const storageKey = 'tccc-dialer.locale';

function storedLocale(storage: Storage | undefined): Locale {
  const value = storage?.getItem(storageKey);
  return locales.find((l) => l === value) ?? 'zh-CN';
}

export function createAppI18n(storage: Storage | undefined = globalThis.localStorage) {
  return createI18n({ legacy: false, locale: storedLocale(storage), fallbackLocale: 'zh-CN', messages });
}

/** The page's one i18n: the views translate with it, and the API asks the server for its language. */
export const i18n = createAppI18n();

/** The language the UI shows now. */
export const currentLocale = (): Locale => i18n.global.locale.value;

export function rememberLocale(locale: Locale, storage: Storage | undefined = globalThis.localStorage) {
  storage?.setItem(storageKey, locale);
  document.documentElement.lang = locale;
}

export type { Locale };
export { locales };
