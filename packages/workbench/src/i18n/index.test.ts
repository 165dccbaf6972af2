import { afterEach, describe, expect, it } from 'vitest';
import { chooseLocale, createAppI18n, currentLocale, i18n, initialLocale } from './index.js';

/** A browser's localStorage, as far as the language goes. */
function memoryStorage(entries: Record<string, string> = {}) {
  const items = new Map(Object.entries(entries));
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}
const chosen = (locale: string) => memoryStorage({ 'tccc-dialer.locale': locale });

afterEach(() => {
  i18n.global.locale.value = 'zh-CN';
});

describe('the language the workbench opens in', () => {
  it('is English on a first visit from a browser set to English', () => {
    const app = createAppI18n({ browserLanguages: ['en-GB', 'zh-CN'], storage: memoryStorage() });
    expect(app.global.locale.value).toBe('en-US');
    expect(app.global.t('login.submit')).toBe('Sign in');
  });

  it('is the first of the browser’s languages the workbench has', () => {
    expect(initialLocale(['fr-FR', 'en-US', 'zh-CN'], memoryStorage())).toBe('en-US');
    expect(initialLocale(['ja-JP', 'zh-TW', 'en'], memoryStorage())).toBe('zh-CN');
    expect(initialLocale(['EN'], memoryStorage())).toBe('en-US');
  });

  it('is Chinese when the browser names no language the workbench has, or none at all', () => {
    expect(initialLocale(['fr-FR', 'de'], memoryStorage())).toBe('zh-CN');
    expect(initialLocale([], memoryStorage())).toBe('zh-CN');
    expect(initialLocale(undefined, undefined)).toBe('zh-CN');
  });

  it('is the agent’s own choice, whatever the browser says', () => {
    expect(initialLocale(['en-US'], chosen('zh-CN'))).toBe('zh-CN');
    expect(initialLocale(['zh-CN'], chosen('en-US'))).toBe('en-US');
    // Something else under the key (an older build, a hand edit) is no choice.
    expect(initialLocale(['en-US'], chosen('klingon'))).toBe('en-US');
  });

  it('follows a choice made on the page, now and on the next visit', () => {
    const storage = memoryStorage();
    chooseLocale('zh-CN', storage);
    expect(currentLocale()).toBe('zh-CN');
    // The next visit, from the same English browser, opens in the language the agent chose.
    expect(initialLocale(['en-US'], storage)).toBe('zh-CN');
  });
});
