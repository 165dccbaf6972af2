#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { EmulatorConfig } from './config.js';
import { type EmulatorOptions, startEmulator } from './emulator.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    config: { type: 'string' },
    'push-url': { type: 'string' },
    'push-auth': { type: 'string' },
    'ring-ms': { type: 'string' },
    'login-delay-ms': { type: 'string' },
    'rate-limit': { type: 'string' },
  },
});

const options: EmulatorOptions = { log: (line) => console.log(line) };
if (values.port) options.port = Number(values.port);
if (values.config)
  options.config = JSON.parse(readFileSync(values.config, 'utf8')) as Partial<EmulatorConfig>;
if (values['push-url']) options.pushUrl = values['push-url'];
if (values['push-auth']) options.pushBasicAuth = values['push-auth'];
if (values['ring-ms']) options.ringMs = Number(values['ring-ms']);
if (values['login-delay-ms']) options.loginDelayMs = Number(values['login-delay-ms']);
if (values['rate-limit']) options.rateLimitPerSecond = Number(values['rate-limit']);

const emulator = await startEmulator(options);
console.log(`TCCC emulator listening on ${emulator.baseUrl}`);
console.log(`  endpoint:  ${emulator.apiEndpoint}`);
console.log(`  SdkAppId:  ${emulator.config.sdkAppId}`);
console.log(`  SecretId:  ${emulator.config.secretId}   (demo value)`);
console.log(`  SecretKey: ${emulator.config.secretKey}   (demo value)`);
const stop = (): void => {
  void emulator.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
