import { z } from 'zod';
import { type Env, list, readArea, variable } from './env.js';

export interface AgentStatusConfig {
  /** The rest reasons agents pick from; empty: the built-in lunch, training, meeting. */
  restReasons: string[];
  /** After-call work after a call outside a list, in seconds; 0: none. */
  wrapUpSeconds: number;
  /** The dispositions of a call outside a list, by key; empty: the built-in ones. */
  callDispositions: string[];
  /** How long after its browser was last heard from an agent stops counting as signed in, in seconds. */
  statusStaleSeconds: number;
}

const agentStatusVariables = {
  AGENT_REST_REASONS: variable(
    list.pipe(z.array(z.string().max(40)).max(20)),
    'a comma-separated list of up to 20 reasons of at most 40 characters, e.g. lunch,training,meeting',
  ),
  WRAP_UP_SECONDS: variable(
    z.coerce.number().int().min(0).max(600).default(0),
    'whole seconds of after-call work after a call outside a list, 0-600 (0: none), e.g. 15',
  ),
  CALL_DISPOSITIONS: variable(
    list.pipe(z.array(z.string().regex(/^[\w-]{1,40}$/)).max(20)),
    'a comma-separated list of up to 20 keys (letters, digits, _ or -, at most 40 each), e.g. interested,notInterested,complaint',
  ),
  AGENT_STATUS_STALE_SECONDS: variable(
    z.coerce.number().int().min(90).max(3600).default(180),
    'whole seconds, 90-3600 (the browser is heard from every 60 s), e.g. 180',
  ),
};

/** Agent status: the reasons a rest may be taken for, and after-call work outside lists. */
export function agentStatusConfig(env: Env): AgentStatusConfig {
  const v = readArea(env, agentStatusVariables);
  return {
    restReasons: v.AGENT_REST_REASONS,
    wrapUpSeconds: v.WRAP_UP_SECONDS,
    callDispositions: v.CALL_DISPOSITIONS,
    statusStaleSeconds: v.AGENT_STATUS_STALE_SECONDS,
  };
}
