import fp from 'fastify-plugin';
import { contract } from '../api/contract.js';
import { typed } from '../http/routes.js';
import { listTransferTargets } from './transfer-targets.js';

/** `GET /api/transfer-targets`: where the signed-in agent may send a call, as TCCC lists them. */
export const transferPlugin = fp(
  async (app) => {
    const { upstream, sdkAppId } = app.dialer;
    typed(app).route({
      ...contract.transfer.targets,
      handler: async (req) => {
        const user = await app.authenticate(req);
        return listTransferTargets(upstream, sdkAppId, user.seatUserId);
      },
    });
  },
  { name: 'tccc-dialer-transfer', dependencies: ['tccc-dialer-core', 'tccc-dialer-session'], fastify: '5.x' },
);
