// Command-line flags of `tccc-emulator`, parsed and checked before anything starts.
import { parseArgs } from 'node:util';
import { loadConfigFile } from './config.js';
import type { EmulatorOptions } from './emulator.js';
import { EmulatorError } from './errors.js';
import { type ApiFault, apiFaultSchema, type SdkFault, sdkFaultSchema } from './faults.js';

export const usage = `Usage: tccc-emulator [options]

  --port N              listen port (default 8787; 0 = any free port)
  --host ADDR           listen address (default 127.0.0.1)
  --config FILE         JSON config: sdkAppId, secretId, secretKey, seats, numbers
  --push-url URL        data-push target for CDRs and recordings
  --push-auth USER:PASS basic auth for the push
  --number-mapping-url URL   number protection: the endpoint asked for numbers behind user IDs
  --number-mapping-auth USER:PASS  basic auth for the number-mapping endpoint
  --number-mapping-timeout-ms N    how long to wait for the mapping endpoint (default 2000)
  --ring-ms N           callee ring time before answer/failure (default 1500)
  --no-answer-ms N      when the no-answer number gives up (default 5000)
  --inbound-timeout-ms N  how long a seat rings with an inbound call before autoTransfer (default 30000)
  --queue-timeout-ms N  how long a queued inbound customer waits before giving up (default 60000)
  --login-delay-ms N    SDK login delay before ready (default 0)
  --after-call-work-ms N  agent status arrange this long after each call (default 0)
  --rate-limit N        requests/s per action (default 20)
  --push-retry-ms N     first push retry delay, doubling (default 1000)
  --fail ACTION[:COUNT[:CODE]]   the next COUNT calls of ACTION fail with CODE (default 1, InternalError)
  --delay ACTION:MS[:COUNT]      the next COUNT calls of ACTION are delayed by MS
  --malformed ACTION[:COUNT]     the next COUNT calls of ACTION get a truncated JSON body
  --sdk-fault MODE[:COUNT]       not-found | stall | no-global | token-expired
  --help`;

export interface CliPlan {
  options: EmulatorOptions;
  apiFaults: ApiFault[];
  sdkFaults: SdkFault[];
  help: boolean;
}

function int(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new EmulatorError('INVALID_OPTION', `--${name} must be a whole number, got "${value}"`);
  return Number(value);
}

export function parseCliArgs(argv: string[]): CliPlan {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (cause) {
    throw new EmulatorError('INVALID_OPTION', cause instanceof Error ? cause.message : String(cause), {
      cause,
    });
  }
  const options: EmulatorOptions = {};
  const set = <K extends keyof EmulatorOptions>(key: K, v: EmulatorOptions[K] | undefined): void => {
    if (v !== undefined) options[key] = v;
  };
  set('port', int('port', values.port));
  set('host', values.host);
  if (values.config) options.config = loadConfigFile(values.config);
  set('pushUrl', values['push-url']);
  set('pushBasicAuth', values['push-auth']);
  if (values['number-mapping-url'])
    options.numberMapping = { url: values['number-mapping-url'], basicAuth: values['number-mapping-auth'] };
  else if (values['number-mapping-auth'])
    throw new EmulatorError('INVALID_OPTION', '--number-mapping-auth needs --number-mapping-url');
  set('numberMappingTimeoutMs', int('number-mapping-timeout-ms', values['number-mapping-timeout-ms']));
  set('ringMs', int('ring-ms', values['ring-ms']));
  set('noAnswerMs', int('no-answer-ms', values['no-answer-ms']));
  set('inboundTimeoutMs', int('inbound-timeout-ms', values['inbound-timeout-ms']));
  set('queueTimeoutMs', int('queue-timeout-ms', values['queue-timeout-ms']));
  set('loginDelayMs', int('login-delay-ms', values['login-delay-ms']));
  set('afterCallWorkMs', int('after-call-work-ms', values['after-call-work-ms']));
  set('rateLimitPerSecond', int('rate-limit', values['rate-limit']));
  set('pushRetryDelayMs', int('push-retry-ms', values['push-retry-ms']));

  const apiFaults: ApiFault[] = [];
  for (const spec of values.fail ?? []) {
    const [action = '', count = '1', code = 'InternalError'] = spec.split(':');
    apiFaults.push(
      checked(
        apiFaultSchema,
        { action, count: int('fail', count), error: { code, message: `injected ${code}` } },
        '--fail',
      ),
    );
  }
  for (const spec of values.delay ?? []) {
    const [action = '', ms, count = '1'] = spec.split(':');
    apiFaults.push(
      checked(apiFaultSchema, { action, delayMs: int('delay', ms), count: int('delay', count) }, '--delay'),
    );
  }
  for (const spec of values.malformed ?? []) {
    const [action = '', count = '1'] = spec.split(':');
    apiFaults.push(
      checked(apiFaultSchema, { action, count: int('malformed', count), malformed: true }, '--malformed'),
    );
  }
  const sdkFaults = (values['sdk-fault'] ?? []).map((spec) => {
    const [mode, count = '1'] = spec.split(':');
    return checked(sdkFaultSchema, { mode, count: int('sdk-fault', count) }, '--sdk-fault');
  });
  return { options, apiFaults, sdkFaults, help: values.help ?? false };
}

function parse(argv: string[]) {
  const text = { type: 'string' } as const;
  const many = { type: 'string', multiple: true } as const;
  return parseArgs({
    args: argv,
    strict: true,
    options: {
      port: text,
      host: text,
      config: text,
      'push-url': text,
      'push-auth': text,
      'number-mapping-url': text,
      'number-mapping-auth': text,
      'number-mapping-timeout-ms': text,
      'ring-ms': text,
      'no-answer-ms': text,
      'inbound-timeout-ms': text,
      'queue-timeout-ms': text,
      'login-delay-ms': text,
      'after-call-work-ms': text,
      'rate-limit': text,
      'push-retry-ms': text,
      fail: many,
      delay: many,
      malformed: many,
      'sdk-fault': many,
      help: { type: 'boolean' },
    },
  });
}

function checked<T>(
  schema: {
    safeParse(
      v: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  value: unknown,
  flag: string,
): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new EmulatorError(
    'INVALID_OPTION',
    `${flag}: ${issue?.path.map(String).join('.')} ${issue?.message ?? 'invalid'}`,
  );
}
