import { expect, it } from 'vitest';
import { useEmulatorUpstream } from '../test-support/emulator-upstream.js';
import { listTransferTargets } from './transfer-targets.js';

const tccc = useEmulatorUpstream();

it("lists the app's other seats and its phone skill groups from TCCC, over signed HTTP", async () => {
  const targets = await listTransferTargets(
    tccc.upstream,
    tccc.emulator.config.sdkAppId,
    'agent@example.com',
  );
  expect(targets.seats.map((s) => s.userId)).toEqual(['agent2@example.com', 'supervisor@example.com']);
  expect(targets.seats[0]).toEqual({
    userId: 'agent2@example.com',
    name: 'Second Agent',
    staffNumber: '1002',
  });
  expect(targets.skillGroups).toContainEqual({ skillGroupId: '1001', name: '电话客服' });
  expect(targets.skillGroups.every((g) => /^\d+$/.test(g.skillGroupId))).toBe(true);
});
