import fp from 'fastify-plugin';
import { campaignsRoutes } from './campaigns-routes.js';
import { complianceRoutes } from './compliance-routes.js';

/** Call lists, claiming, dispositions and callbacks, and the compliance checks every dial passes. */
export const campaignsPlugin = fp(
  async (app) => {
    campaignsRoutes(app);
    complianceRoutes(app);
  },
  {
    name: 'tccc-dialer-campaigns',
    dependencies: ['tccc-dialer-core', 'tccc-dialer-session'],
    fastify: '5.x',
  },
);
