import type { BoardAgent } from '../api/index.js';

/** Whether the agent's after-call work has run past the limit it started with (the list's or the deployment's). */
export function wrapUpOverrun(row: BoardAgent, now: number): boolean {
  if (row.status !== 'afterCallWork' || row.wrapUpSeconds === null) return false;
  return now - Date.parse(row.statusSince) > row.wrapUpSeconds * 1000;
}
