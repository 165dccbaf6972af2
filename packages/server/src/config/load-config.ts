import { type AgentStatusConfig, agentStatusConfig } from './agent-status-config.js';
import { type AuthConfig, authConfig } from './auth-config.js';
import { type BoardConfig, boardConfig } from './board-config.js';
import { type Env, readArea } from './env.js';
import { type ListenerConfig, listenerConfig } from './listener-config.js';
import { type NumberMappingConfig, numberMappingConfig } from './number-mapping-config.js';
import { type RecordsConfig, recordsConfig } from './records-config.js';
import { type RetentionConfig, retentionConfig } from './retention-config.js';
import { type SessionConfig, sessionConfig } from './session-config.js';
import { type SignInConfig, signInConfig } from './sign-in-config.js';
import { type StorageConfig, storageConfig } from './storage-config.js';
import { type Mode, modeVariables, type TcccConfig, tcccConfig } from './tccc-config.js';
import { type TranscriptsConfig, transcriptsConfig } from './transcripts-config.js';

export { trustedProxyList } from './auth-config.js';
export { ConfigError, type Env } from './env.js';
export { emulatorDemoMappingAuth } from './number-mapping-config.js';
export { emulatorDemoPushAuth } from './records-config.js';
export { emulatorDemoCredentials } from './tccc-config.js';

/**
 * Every environment variable the server reads, validated once at boot, one area at a time. A bad
 * value stops the process with one line naming the variable and the fix (see `ConfigError`), never a
 * stack trace.
 */
export type ServerConfig = {
  mode: Mode;
  tccc: TcccConfig;
  session: SessionConfig;
  auth: AuthConfig;
  trustProxy: string[];
  numberMapping: NumberMappingConfig;
} & StorageConfig &
  RecordsConfig &
  ListenerConfig &
  RetentionConfig &
  BoardConfig &
  AgentStatusConfig &
  SignInConfig &
  TranscriptsConfig;

export function loadConfig(env: Env = process.env): ServerConfig {
  const { TCCC_MODE: mode } = readArea(env, modeVariables);
  const tccc = tcccConfig(env, mode);
  return {
    mode,
    tccc,
    session: sessionConfig(env, mode),
    ...authConfig(env),
    ...storageConfig(env),
    ...recordsConfig(env, mode),
    ...listenerConfig(env, mode, tccc.apiEndpoint),
    ...retentionConfig(env),
    ...numberMappingConfig(env, mode),
    ...boardConfig(env),
    ...agentStatusConfig(env),
    ...signInConfig(env),
    ...transcriptsConfig(env),
  };
}
