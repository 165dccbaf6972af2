import fp from 'fastify-plugin';
import { campaignsRoutes } from './campaigns-routes.js';
import { complianceRoutes } from './compliance-routes.js';

/** Call lists, claiming, dispositions and callbacks, and the compliance checks every dial passes. */
export const campaignsPlugin = fp(
  async (app) => {
    const db = app.dialer.db;
    if (db === undefined) throw new Error('tccc-dialer: call lists need a database');
    campaignsRoutes(app, db);
    complianceRoutes(app, db);
  },
  {
    name: 'tccc-dialer-campaigns',
    dependencies: ['tccc-dialer-core', 'tccc-dialer-session'],
    fastify: '5.x',
  },
);
