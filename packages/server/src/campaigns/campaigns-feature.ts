import type { Feature } from '../features.js';
import { campaignsRoutes } from './campaigns-routes.js';
import { complianceRoutes } from './compliance-routes.js';

/** Call lists, claiming, dispositions and callbacks, and the compliance checks every dial passes. */
export const campaignsFeature: Feature = async (app, ctx) => {
  await app.register(async (scope) => campaignsRoutes(scope, ctx));
  await app.register(async (scope) => complianceRoutes(scope, ctx));
};
