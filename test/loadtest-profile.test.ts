// The load generator's guard rails: the profile an operator edits is checked field by field, the run is
// capped in agents and time, and it never sends load to another machine.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@tccc-dialer/test-support';
import { describe, expect, it } from 'vitest';
import {
  isLoopback,
  LoadtestUsage,
  limits,
  parseOptions,
  parseProfile,
  requireLoopback,
} from '../bench/loadtest-profile.mjs';

const profiles = join(repoRoot, 'bench/profiles');
const good = () => JSON.parse(readFileSync(join(profiles, 'day.json'), 'utf8'));

describe('load profiles', () => {
  it('reads every profile shipped in bench/profiles', () => {
    const files = readdirSync(profiles).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const p = parseProfile(readFileSync(join(profiles, f), 'utf8'));
      expect(p.perAgent.callEverySeconds).toBeGreaterThan(0);
    }
    expect(parseProfile(JSON.stringify(good())).perAgent.historySearchEverySeconds).toBe(300);
  });

  it('refuses a misspelt rate, a missing one, a share above 1 and a time scale past the cap', () => {
    const p = good();
    expect(() => parseProfile(JSON.stringify({ ...p, perAgent: { ...p.perAgent, callEvery: 90 } }))).toThrow(
      /perAgent.callEvery: unknown field/,
    );
    const { talkSeconds: _, ...missing } = p.perAgent;
    expect(() => parseProfile(JSON.stringify({ ...p, perAgent: missing }))).toThrow(/talkSeconds/);
    expect(() => parseProfile(JSON.stringify({ ...p, perAgent: { ...p.perAgent, noteShare: 1.5 } }))).toThrow(
      /noteShare: must be a number 0–1/,
    );
    expect(() => parseProfile(JSON.stringify({ ...p, timeScale: limits.maxTimeScale + 1 }))).toThrow(
      /timeScale/,
    );
    expect(() => parseProfile('{"perAgent": ')).toThrow(LoadtestUsage);
  });
});

describe('load run bounds', () => {
  it('defaults to 100 agents for 60 s on one SQLite replica', () => {
    expect(parseOptions([])).toMatchObject({ agents: 100, seconds: 60, mode: 'sqlite', faults: false });
  });

  it('caps the number of agents and the length of the run', () => {
    expect(parseOptions(['--agents', String(limits.maxAgents)]).agents).toBe(limits.maxAgents);
    expect(() => parseOptions(['--agents', String(limits.maxAgents + 1)])).toThrow(/over the cap/);
    expect(() => parseOptions(['--seconds', String(limits.maxSeconds + 1)])).toThrow(/over the cap/);
    expect(() => parseOptions(['--agents', '0'])).toThrow(/whole number/);
    expect(() => parseOptions(['--seconds', '2.5'])).toThrow(/whole number/);
  });

  it('refuses unknown flags, unknown modes and faults without two replicas', () => {
    expect(() => parseOptions(['--target', 'http://example.com'])).toThrow(/unknown option/);
    expect(() => parseOptions(['--mode', 'three'])).toThrow(/--mode/);
    expect(() => parseOptions(['--faults'])).toThrow(/--mode cluster/);
    expect(parseOptions(['--mode', 'cluster', '--faults']).faults).toBe(true);
  });

  it('only targets this machine', () => {
    for (const url of [
      'http://127.0.0.1:3000',
      'http://localhost:1',
      'http://ccc.localhost:8787',
      'http://[::1]:5432',
    ])
      expect(requireLoopback(url).port).not.toBe('');
    for (const url of [
      'http://10.0.0.5:3000',
      'postgres://db.example.com:5432/x',
      'http://localhost.example.com',
    ])
      expect(() => requireLoopback(url)).toThrow(/only targets this machine/);
    expect(isLoopback('127.8.0.1')).toBe(true);
    expect(isLoopback('128.0.0.1')).toBe(false);
  });
});
