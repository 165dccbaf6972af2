// How the emulated far end behaves, chosen by the dialled number (documented in docs/emulator.md).
import { nationalNumber } from './numbers.js';

export type CalleeBehaviour =
  | { kind: 'answer' }
  | { kind: 'answer-then-hang-up'; afterSeconds: number }
  | { kind: 'fail'; endStatus: number; afterRing: 'ring' | 'no-answer' };

/** Numbers with a fixed outcome; every other valid number answers and stays up until hung up. */
export const calleeTable: ReadonlyArray<{ number: string; behaviour: CalleeBehaviour; note: string }> = [
  { number: '13800138000', behaviour: { kind: 'answer' }, note: 'answers; stays up until hung up' },
  { number: '13800138001', behaviour: { kind: 'fail', endStatus: 206, afterRing: 'ring' }, note: 'busy' },
  {
    number: '13800138002',
    behaviour: { kind: 'fail', endStatus: 202, afterRing: 'no-answer' },
    note: 'rings, nobody answers (after noAnswerMs)',
  },
  {
    number: '13800138003',
    behaviour: { kind: 'fail', endStatus: 204, afterRing: 'ring' },
    note: 'power off',
  },
  {
    number: '13800138004',
    behaviour: { kind: 'fail', endStatus: 205, afterRing: 'ring' },
    note: 'number does not exist',
  },
  {
    number: '13800138006',
    behaviour: { kind: 'fail', endStatus: 203, afterRing: 'ring' },
    note: 'callee rejects the call',
  },
];

/** `1380013801N` (N = 1–9): answers, then the callee hangs up after N seconds. */
const HANG_UP_AFTER = /^1380013801([1-9])$/;

export function calleeBehaviour(dialled: string): CalleeBehaviour {
  const national = nationalNumber(dialled);
  const fixed = calleeTable.find((c) => c.number === national);
  if (fixed) return fixed.behaviour;
  const n = HANG_UP_AFTER.exec(national)?.[1];
  if (n) return { kind: 'answer-then-hang-up', afterSeconds: Number(n) };
  return { kind: 'answer' };
}
