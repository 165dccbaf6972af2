import { createI18n } from 'vue-i18n';
import { type Locale, locales, messages } from './messages.js';

const storageKey = 'tccc-dialer.locale';

const language = (tag: string) => tag.split('-')[0]?.toLowerCase();

/**
 * The language the workbench opens in: the one the agent last chose in this browser; before any
 * choice, the first of the browser's languages that the workbench has (by language, so en-GB reads
 * as English); Chinese when it has none of them.
 */
export function initialLocale(
  browserLanguages: readonly string[] | undefined,
  storage: Pick<Storage, 'getItem'> | undefined,
): Locale {
  const chosen = storage?.getItem(storageKey);
  const remembered = locales.find((l) => l === chosen);
  if (remembered) return remembered;
  for (const tag of browserLanguages ?? []) {
    const match = locales.find((l) => language(l) === language(tag));
    if (match) return match;
  }
  return 'zh-CN';
}

export interface AppI18nOptions {
  /** The browser's preferred languages, most preferred first (`navigator.languages`). */
  browserLanguages?: readonly string[] | undefined;
  storage?: Pick<Storage, 'getItem'> | undefined;
}

export function createAppI18n({
  browserLanguages = globalThis.navigator?.languages,
  storage = globalThis.localStorage,
}: AppI18nOptions = {}) {
  return createI18n({
    legacy: false,
    locale: initialLocale(browserLanguages, storage),
    fallbackLocale: 'zh-CN',
    messages,
  });
}

/** The page's one i18n: the views translate with it, and the API asks the server for its language. */
export const i18n = createAppI18n();

/** The language the UI shows now. */
export const currentLocale = (): Locale => i18n.global.locale.value;

/**
 * The agent picked a language: show it now, and open in it from now on whatever the browser says.
 * Only this remembers a language; the one taken from the browser is not stored.
 */
export function chooseLocale(
  locale: Locale,
  storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage,
) {
  i18n.global.locale.value = locale;
  storage?.setItem(storageKey, locale);
}

export type { Locale };
export { locales };
