import fp from 'fastify-plugin';
import { contract } from '../api/contract.js';
import { typed } from '../http/routes.js';
import { listCallerIds } from './caller-ids.js';
import { listTransferTargets } from './transfer-targets.js';

/**
 * What TCCC says a call may use: `GET /api/transfer-targets` (where the signed-in agent may send a
 * call) and `GET /api/caller-ids` (the numbers to call from).
 */
export const transferPlugin = fp(
  async (app) => {
    const { upstream, sdkAppId } = app.dialer;
    const api = typed(app);
    api.route({
      ...contract.callerIds.list,
      handler: async () => listCallerIds(upstream, sdkAppId),
    });
    api.route({
      ...contract.transfer.targets,
      handler: async (req) => {
        const user = await app.authenticate(req);
        return listTransferTargets(upstream, sdkAppId, user.seatUserId);
      },
    });
  },
  { name: 'tccc-dialer-transfer', dependencies: ['tccc-dialer-core', 'tccc-dialer-session'], fastify: '5.x' },
);
