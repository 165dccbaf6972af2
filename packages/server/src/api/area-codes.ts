/**
 * Mainland China's landline area codes (区号) for the larger cities, and the area code of a national
 * number. Free of imports: the workbench reads it to pick a caller ID in the callee's area.
 */
export const areaNames: Readonly<Record<string, { 'zh-CN': string; 'en-US': string }>> = {
  '010': { 'zh-CN': '北京', 'en-US': 'Beijing' },
  '020': { 'zh-CN': '广州', 'en-US': 'Guangzhou' },
  '021': { 'zh-CN': '上海', 'en-US': 'Shanghai' },
  '022': { 'zh-CN': '天津', 'en-US': 'Tianjin' },
  '023': { 'zh-CN': '重庆', 'en-US': 'Chongqing' },
  '024': { 'zh-CN': '沈阳', 'en-US': 'Shenyang' },
  '025': { 'zh-CN': '南京', 'en-US': 'Nanjing' },
  '027': { 'zh-CN': '武汉', 'en-US': 'Wuhan' },
  '028': { 'zh-CN': '成都', 'en-US': 'Chengdu' },
  '029': { 'zh-CN': '西安', 'en-US': 'Xi’an' },
  '0571': { 'zh-CN': '杭州', 'en-US': 'Hangzhou' },
  '0755': { 'zh-CN': '深圳', 'en-US': 'Shenzhen' },
};

/**
 * The area code of a national landline number (`02160000000` → `021`, `057188886666` → `0571`);
 * undefined for mobiles and service numbers, whose area the number itself does not say.
 */
export function landlineAreaCode(national: string): string | undefined {
  if (/^0(?:10|2\d)\d{7,8}$/.test(national)) return national.slice(0, 3);
  if (/^0[3-9]\d{2}\d{7,8}$/.test(national)) return national.slice(0, 4);
  return undefined;
}

/** The first number of the callee's area, if the account has one: the "local number" caller ID. */
export function localCallerId(callee: string, numbers: readonly string[]): string | undefined {
  const area = landlineAreaCode(callee);
  return area === undefined ? undefined : numbers.find((n) => landlineAreaCode(n) === area);
}
