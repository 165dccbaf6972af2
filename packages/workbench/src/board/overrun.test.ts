import { describe, expect, it } from 'vitest';
import type { BoardAgent } from '../api/index.js';
import { wrapUpOverrun } from './overrun.js';

const since = Date.parse('2026-01-05T10:00:00Z');
const row = (over: Partial<BoardAgent>): BoardAgent => ({
  username: 'alice',
  displayName: 'Alice',
  status: 'afterCallWork',
  statusSince: new Date(since).toISOString(),
  restReason: null,
  call: null,
  wrapUpSeconds: 30,
  ...over,
});

describe('wrapUpOverrun', () => {
  it('is false within the limit and true past it', () => {
    expect(wrapUpOverrun(row({}), since + 30_000)).toBe(false);
    expect(wrapUpOverrun(row({}), since + 30_001)).toBe(true);
  });
  it('never flags a status other than after-call work, or work without a limit', () => {
    expect(wrapUpOverrun(row({ status: 'rest' }), since + 600_000)).toBe(false);
    expect(wrapUpOverrun(row({ wrapUpSeconds: null }), since + 600_000)).toBe(false);
  });
});
