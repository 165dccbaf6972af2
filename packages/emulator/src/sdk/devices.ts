// `tccc.Devices` (reference §1.6): support check and device lists (no selection API exists).

/** Chrome 56+ and Edge 80+, as documented. */
export function isSupportedUserAgent(userAgent: string): boolean {
  const edge = /Edg\/(\d+)/.exec(userAgent);
  if (edge) return Number(edge[1]) >= 80;
  const chrome = /Chrom(?:e|ium)\/(\d+)/.exec(userAgent);
  return chrome ? Number(chrome[1]) >= 56 : false;
}

export function createDevices(nav: Navigator) {
  const list = async (kind: MediaDeviceKind): Promise<MediaDeviceInfo[]> =>
    nav.mediaDevices ? (await nav.mediaDevices.enumerateDevices()).filter((d) => d.kind === kind) : [];
  return {
    isBrowserSupported: (): boolean =>
      isSupportedUserAgent(nav.userAgent) && typeof nav.mediaDevices?.getUserMedia === 'function',
    getMicrophones: () => list('audioinput'),
    getSpeakers: () => list('audiooutput'),
  };
}
