import { z } from 'zod';
import { type Env, list, readArea, variable } from './env.js';

export interface AgentStatusConfig {
  /** The rest reasons agents pick from; empty: the built-in lunch, training, meeting. */
  restReasons: string[];
}

const agentStatusVariables = {
  AGENT_REST_REASONS: variable(
    list.pipe(z.array(z.string().max(40)).max(20)),
    'a comma-separated list of up to 20 reasons of at most 40 characters, e.g. lunch,training,meeting',
  ),
};

/** Agent status: the reasons a rest may be taken for. */
export function agentStatusConfig(env: Env): AgentStatusConfig {
  return { restReasons: readArea(env, agentStatusVariables).AGENT_REST_REASONS };
}
