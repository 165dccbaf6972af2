import { emulatorDemoMappingAuth } from '../config/number-mapping-config.js';
import { emulatorDemoPushAuth } from '../config/records-config.js';

export type Env = Record<string, string | undefined>;

/** What `npm start` runs: the emulator (emulator mode only) and the server, with the variables it sets. */
export interface StartPlan {
  mode: 'emulator' | 'cloud';
  /** The emulator's command-line arguments; undefined in cloud mode, where no emulator runs. */
  emulatorArgs: string[] | undefined;
  /** Variables set for the server on top of the environment and `.env` (none in cloud mode). */
  serverEnv: Record<string, string>;
  /** Lines for the person who ran it. */
  notes: string[];
}

const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());

/**
 * Decides what `npm start` starts from the environment and the `.env` file's variables (the
 * environment wins, as for the server). Cloud mode starts no emulator and sets nothing for the
 * server: its push credentials are the ones `.env` names, never the emulator's demo pair.
 */
export function startPlan(env: Env, dotenv: Env): StartPlan {
  const get = (name: string) => blank(env[name]) ?? blank(dotenv[name]);
  const port = get('PORT') ?? '3000';
  if (get('TCCC_MODE') === 'cloud') {
    const notes = ['TCCC_MODE=cloud: starting the server only (no emulator).'];
    if (get('PUSH_BASIC_AUTH') === undefined)
      notes.push('PUSH_BASIC_AUTH is not set: TCCC data pushes will be refused (see docs/deploy.md).');
    return { mode: 'cloud', emulatorArgs: undefined, serverEnv: {}, notes };
  }
  const emulatorPort = get('EMULATOR_PORT') ?? '8787';
  // The emulator pushes its CDRs with the pair the server expects: PUSH_BASIC_AUTH, else the demo one.
  const pushAuth = get('PUSH_BASIC_AUTH') ?? emulatorDemoPushAuth;
  // Number protection (号码保护) is on for the demo: the emulator asks the server's mapping endpoint for
  // the number behind each customer ID, and one demo list keeps its numbers from agents.
  // NUMBER_MAPPING=off turns it off for both.
  const mapping = (get('NUMBER_MAPPING') ?? 'on') === 'on';
  const mappingAuth = get('NUMBER_MAPPING_BASIC_AUTH') ?? emulatorDemoMappingAuth;
  const mappingArgs = mapping
    ? [
        '--number-mapping-url',
        `http://localhost:${port}/api/tccc/number-mapping`,
        '--number-mapping-auth',
        mappingAuth,
      ]
    : [];
  return {
    mode: 'emulator',
    emulatorArgs: [
      '--port',
      emulatorPort,
      '--push-url',
      `http://localhost:${port}/api/tccc/push`,
      '--push-auth',
      pushAuth,
      ...mappingArgs,
    ],
    serverEnv: {
      TCCC_EMULATOR_ENDPOINT: get('TCCC_EMULATOR_ENDPOINT') ?? `ccc.localhost:${emulatorPort}`,
      PORT: port,
      PUSH_BASIC_AUTH: pushAuth,
      NUMBER_MAPPING: mapping ? 'on' : 'off',
      NUMBER_MAPPING_BASIC_AUTH: mappingAuth,
      // The demo's dial pad calls at any hour; a deployment keeps TCCC's 08:00-21:00.
      DIALPAD_CALLING_HOURS: get('DIALPAD_CALLING_HOURS') ?? '00:00-24:00',
    },
    notes: [],
  };
}
