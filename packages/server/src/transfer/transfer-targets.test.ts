import { type Emulator, startEmulator } from '@tccc-dialer/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUpstream } from '../upstream/client.js';
import type { Upstream } from '../upstream/upstream.js';
import { listTransferTargets } from './transfer-targets.js';

let emulator: Emulator;
let upstream: Upstream;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  upstream = createUpstream({
    apiEndpoint: emulator.apiEndpoint,
    protocol: 'http://',
    secretId: emulator.config.secretId,
    secretKey: emulator.config.secretKey,
    sdkAppId: emulator.config.sdkAppId,
  });
});
afterAll(async () => {
  upstream?.close?.();
  await emulator?.close();
});

it("lists the app's other seats and its phone skill groups from TCCC, over signed HTTP", async () => {
  const targets = await listTransferTargets(upstream, emulator.config.sdkAppId, 'agent@example.com');
  expect(targets.seats.map((s) => s.userId)).toEqual(['agent2@example.com', 'supervisor@example.com']);
  expect(targets.seats[0]).toEqual({
    userId: 'agent2@example.com',
    name: 'Second Agent',
    staffNumber: '1002',
  });
  expect(targets.skillGroups).toContainEqual({ skillGroupId: '1001', name: '电话客服' });
  expect(targets.skillGroups.every((g) => /^\d+$/.test(g.skillGroupId))).toBe(true);
});
