#!/usr/bin/env node
// `npx tccc-emulator`: runs the emulator alone until SIGINT/SIGTERM.
import { parseCliArgs, usage } from './cli-args.js';
import { defaultEmulatorConfig } from './config.js';
import { startEmulator } from './emulator.js';
import { EmulatorError } from './errors.js';

let plan: ReturnType<typeof parseCliArgs>;
try {
  plan = parseCliArgs(process.argv.slice(2));
} catch (e) {
  console.error(e instanceof EmulatorError ? `tccc-emulator: ${e.message}` : e);
  console.error(usage);
  process.exit(2);
}
if (plan.help) {
  console.log(usage);
  process.exit(0);
}

const emulator = await startEmulator({ ...plan.options, log: (line) => console.log(line) });
for (const f of plan.apiFaults) emulator.faults.api(f);
for (const f of plan.sdkFaults) emulator.faults.sdk(f);

const { config } = emulator;
// Only the built-in demo key is ever printed; a key from a config file stays out of the terminal.
const demoKey = config.secretKey === defaultEmulatorConfig.secretKey;
console.log(`TCCC emulator listening on ${emulator.baseUrl}`);
console.log(`  endpoint:  ${emulator.apiEndpoint}   (version 2020-02-10)`);
console.log(`  SdkAppId:  ${config.sdkAppId}`);
console.log(`  SecretId:  ${config.secretId}`);
console.log(`  SecretKey: ${demoKey ? `${config.secretKey}   (demo value)` : '(from the config file)'}`);
console.log(`  seats:     ${config.seats.map((s) => s.userId).join(', ')}`);
console.log(`  push:      ${emulator.push.target()?.url ?? '(none)'}`);
console.log(
  `  numbers:   ${emulator.numberMapping.target() ? `masked (mapping: ${emulator.numberMapping.target()?.url})` : 'shown (no number protection)'}`,
);
console.log(`  control:   ${emulator.baseUrl}/_emulator/`);

const stop = (): void => {
  void emulator.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
