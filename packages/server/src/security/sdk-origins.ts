/**
 * Where the TCCC Web SDK loads its script and talks to (signalling, SIP over WebSocket, RTC, IM, logs),
 * per site. From the vendor's firewall allowlists (China site: FAQ 679/120903; international site:
 * 1229/71846). WebSocket forms are listed too: a scheme-less CSP source does not cover `wss:` everywhere.
 */
const chinaHosts = [
  'tccc.qcloud.com',
  'api.tccc.qcloud.com',
  'api-bak.tccc.qcloud.com',
  'otlp.tccc.qcloud.com',
  'sip.tccc.qcloud.com',
  'sip2.tccc.qcloud.com',
  'yun.tim.qq.com',
  'wss.im.qcloud.com',
  '*.rtc.qcloud.com',
  '*.rtc.qq.com',
  '*.cloud-rtc.com',
  '*.cloud-rtc.net',
  '*.my-imcloud.com',
  '*.rtc-web.com',
  '*.rtc-web.io',
];

const internationalHosts = [
  'connect.tencentcloud.com',
  'api.connect.tencentcloud.com',
  'sip.connect.tencentcloud.com',
  '*.rtc.tencentcloud.com',
];

function sources(hosts: string[]): string[] {
  return hosts.flatMap((h) => [`https://${h}`, `wss://${h}`]);
}

/** The SDK origins for the site whose cloud API endpoint is given (`ccc.intl.…` is the international site). */
export function defaultSdkOrigins(apiEndpoint: string): string[] {
  return sources(apiEndpoint.toLowerCase().includes('.intl.') ? internationalHosts : chinaHosts);
}
