import { defaultEmulatorConfig, type Emulator, startEmulator } from '@tccc-dialer/emulator';
import { afterAll, beforeAll } from 'vitest';
import { createUpstream } from '../upstream/client.js';
import type { Upstream } from '../upstream/upstream.js';

/**
 * One emulator over real HTTP for a test file, and the signed cloud-API client to it (quota high,
 * short back-off), both closed after the file. Read the fields inside tests and hooks.
 */
export function useEmulatorUpstream(): { emulator: Emulator; upstream: Upstream } {
  const tccc = {} as { emulator: Emulator; upstream: Upstream };
  beforeAll(async () => {
    tccc.emulator = await startEmulator({ port: 0 });
    tccc.upstream = createUpstream({
      apiEndpoint: tccc.emulator.apiEndpoint,
      secretId: defaultEmulatorConfig.secretId,
      secretKey: defaultEmulatorConfig.secretKey,
      sdkAppId: defaultEmulatorConfig.sdkAppId,
      protocol: 'http://',
      qps: 1000,
      retryBaseDelayMs: 20,
    });
  });
  afterAll(async () => {
    tccc.upstream.close?.();
    await tccc.emulator.close();
  });
  return tccc;
}
