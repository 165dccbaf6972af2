import { z } from 'zod';
import { type Env, readArea, variable } from './env.js';

export interface BoardConfig {
  /**
   * How often one replica reads TCCC's `DescribeStaffStatusMetrics` and `DescribeCallInMetrics` to
   * correct the supervisor's board (`BOARD_RECONCILE_SECONDS`, default 15; 0 turns it off).
   */
  boardReconcileMs: number;
}

const boardVariables = {
  BOARD_RECONCILE_SECONDS: variable(
    z.coerce.number().int().min(0).max(3600).default(15),
    'whole seconds between reads of TCCC status metrics for the board, 0-3600 (0 turns them off), e.g. 15',
  ),
};

/** The supervisor's live board. */
export function boardConfig(env: Env): BoardConfig {
  return { boardReconcileMs: readArea(env, boardVariables).BOARD_RECONCILE_SECONDS * 1000 };
}
