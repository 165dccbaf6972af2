// What the load generator may do, checked before anything starts (no `run()`, so bench/run.mjs skips
// it): the profile an operator edits (bench/profiles/*.json), the run's size and length with their
// caps, and the rule that every target is on this machine.
import { isIP } from 'node:net';

/** A run never plays more agents or lasts longer than this, whatever it is asked. */
export const limits = { maxAgents: 1000, maxSeconds: 1800, maxTimeScale: 120 };

const perAgentFields = {
  callEverySeconds: { min: 1 },
  ringSeconds: { min: 0 },
  talkSeconds: { min: 1 },
  fromListShare: { min: 0, max: 1 },
  noteShare: { min: 0, max: 1 },
  historyPageEverySeconds: { min: 1 },
  historySearchEverySeconds: { min: 1 },
  sdkUrlEverySeconds: { min: 1 },
};

export class LoadtestUsage extends Error {
  constructor(message) {
    super(message);
    this.name = 'LoadtestUsage';
  }
}

function number(value, where, { min, max = Number.POSITIVE_INFINITY }) {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range = max === Number.POSITIVE_INFINITY ? `≥ ${min}` : `${min}–${max}`;
    throw new LoadtestUsage(`profile ${where}: must be a number ${range}`);
  }
  return value;
}

/**
 * A profile: how often each agent does each thing, in the centre's own seconds, and `timeScale`, how
 * many of those pass per second of the run (1: real time; 30: an 8-hour day in 16 minutes). Unknown
 * fields are refused so a misspelt rate is not silently ignored.
 */
export function parseProfile(text) {
  let raw;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new LoadtestUsage(`profile is not JSON: ${error.message}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new LoadtestUsage('profile must be a JSON object');
  for (const key of Object.keys(raw))
    if (!['name', 'timeScale', 'rampSeconds', 'perAgent'].includes(key))
      throw new LoadtestUsage(`profile ${key}: unknown field`);
  const perAgent = raw.perAgent;
  if (perAgent === null || typeof perAgent !== 'object' || Array.isArray(perAgent))
    throw new LoadtestUsage('profile perAgent: must be an object');
  for (const key of Object.keys(perAgent))
    if (!(key in perAgentFields)) throw new LoadtestUsage(`profile perAgent.${key}: unknown field`);
  const rates = {};
  for (const [key, range] of Object.entries(perAgentFields))
    rates[key] = number(perAgent[key], `perAgent.${key}`, range);
  return {
    name: typeof raw.name === 'string' ? raw.name : 'unnamed profile',
    timeScale: number(raw.timeScale ?? 1, 'timeScale', { min: 0.1, max: limits.maxTimeScale }),
    rampSeconds: number(raw.rampSeconds ?? 0, 'rampSeconds', { min: 0, max: 600 }),
    perAgent: rates,
  };
}

/** `localhost`, `*.localhost`, 127.0.0.0/8 and ::1. */
export function isLoopback(hostname) {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h === '::1';
}

/** Throws unless the URL names this machine: the generator never sends load anywhere else. */
export function requireLoopback(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new LoadtestUsage(`not a URL: ${url}`);
  }
  if (!isLoopback(parsed.hostname))
    throw new LoadtestUsage(`refusing ${parsed.hostname}: the load generator only targets this machine`);
  return parsed;
}

function whole(value, name, min, max) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new LoadtestUsage(`--${name} must be a whole number ≥ ${min}`);
  if (n > max) throw new LoadtestUsage(`--${name} ${n} is over the cap of ${max}`);
  return n;
}

/**
 * The command line (`--agents N --seconds S --mode sqlite|cluster --profile FILE --faults --out DIR
 * --cpu-prof DIR`), checked against the caps. Defaults: 100 agents for 60 s on one SQLite replica.
 */
export function parseOptions(args) {
  const options = {
    agents: 100,
    seconds: 60,
    mode: 'sqlite',
    profile: 'bench/profiles/day.json',
    faults: false,
    out: 'bench/results',
    cpuProfDir: undefined,
  };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new LoadtestUsage(`${flag} needs a value`);
      return v;
    };
    if (flag === '--agents') options.agents = whole(value(), 'agents', 1, limits.maxAgents);
    else if (flag === '--seconds') options.seconds = whole(value(), 'seconds', 5, limits.maxSeconds);
    else if (flag === '--mode') options.mode = value();
    else if (flag === '--profile') options.profile = value();
    else if (flag === '--out') options.out = value();
    else if (flag === '--faults') options.faults = true;
    else if (flag === '--cpu-prof') options.cpuProfDir = value();
    else throw new LoadtestUsage(`unknown option ${flag}`);
  }
  if (!['sqlite', 'cluster'].includes(options.mode))
    throw new LoadtestUsage(
      '--mode must be sqlite (one replica) or cluster (two replicas + PostgreSQL + Redis)',
    );
  if (options.faults && options.mode !== 'cluster')
    throw new LoadtestUsage('--faults needs --mode cluster (two replicas to kill one of)');
  return options;
}
