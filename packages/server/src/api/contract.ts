import { agentStatusRoutes } from './agent-status.js';
import { boardRoutes } from './board.js';
import { callerIdRoutes } from './caller-ids.js';
import { callersRoutes } from './callers.js';
import { callsRoutes } from './calls.js';
import { campaignsRoutes } from './campaigns.js';
import { complianceRoutes } from './compliance.js';
import { customersRoutes } from './customers.js';
import { healthRoutes } from './health.js';
import { numberMappingRoutes } from './number-mapping.js';
import { numberRevealsRoutes } from './number-reveals.js';
import { pushRoutes } from './push.js';
import { qualityRoutes } from './quality.js';
import { reviewRoutes } from './review.js';
import { sessionRoutes } from './session.js';
import { transferRoutes } from './transfer.js';

/**
 * Every route of the HTTP API with its schemas: the server registers its handlers against these, the
 * OpenAPI document is generated from them, and the typed client takes its types from them.
 */
export const contract = {
  session: sessionRoutes,
  health: healthRoutes,
  push: pushRoutes,
  calls: callsRoutes,
  customers: customersRoutes,
  campaigns: campaignsRoutes,
  compliance: complianceRoutes,
  numberMapping: numberMappingRoutes,
  board: boardRoutes,
  review: reviewRoutes,
  quality: qualityRoutes,
  callers: callersRoutes,
  agentStatus: agentStatusRoutes,
  transfer: transferRoutes,
  callerIds: callerIdRoutes,
  numberReveals: numberRevealsRoutes,
} as const;

export type Contract = typeof contract;
