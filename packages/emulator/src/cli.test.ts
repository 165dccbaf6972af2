// `tccc-emulator` as an operator runs it: flags, a config file, faults from the command line.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { call, commonClient } from './test-support/common-client.js';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tccc-emulator-cli-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (c) => {
    output += c;
  });
  child.stderr?.on('data', (c) => {
    output += c;
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => output, exited };
}

describe('tccc-emulator CLI', () => {
  it('serves the config file’s app and seats, with a fault from the command line, and stops on SIGTERM', async () => {
    const config = join(dir, 'emulator.json');
    writeFileSync(
      config,
      JSON.stringify({
        sdkAppId: 1400000099,
        secretKey: 'a-key-from-the-config-file',
        seats: [{ userId: 'ops@example.com', name: 'Ops' }],
      }),
    );
    const proc = run([
      '--port',
      '0',
      '--config',
      config,
      '--fail',
      'DescribeNumbers:1:LimitExceeded',
      '--malformed',
      'DescribeStaffInfoList',
      '--number-mapping-url',
      'http://127.0.0.1:9/map',
      '--number-mapping-auth',
      'tccc:map-secret',
    ]);
    const deadline = Date.now() + 15_000;
    // The control line is printed last: everything before it is out.
    while (!/control:\s+(\S+)/.test(proc.output()) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const endpoint = /endpoint:\s+(\S+)/.exec(proc.output())?.[1] ?? '';
    expect(endpoint).toMatch(/^ccc\.localhost:\d+$/);
    expect(proc.output()).not.toContain('a-key-from-the-config-file');
    expect(proc.output()).toContain('masked (mapping: http://127.0.0.1:9/map)');
    expect(proc.output()).not.toContain('map-secret');
    const port = endpoint.split(':')[1];
    const mapping = await (await fetch(`http://127.0.0.1:${port}/_emulator/number-mapping`)).json();
    expect(mapping).toEqual({ numberMapping: { url: 'http://127.0.0.1:9/map', basicAuth: true } });

    const target = {
      apiEndpoint: endpoint,
      config: { secretId: 'AKIDtcccEmulatorDemo00000000000000000', secretKey: 'a-key-from-the-config-file' },
    };
    const client = commonClient(target);
    expect((await call(client, 'DescribeNumbers', { SdkAppId: 1400000099 })).code).toBe('LimitExceeded');
    expect((await call(client, 'DescribeNumbers', { SdkAppId: 1400000099 })).TotalCount).toBe(4);
    const staff = { SdkAppId: 1400000099, PageSize: 10, PageNumber: 0 };
    expect((await call(client, 'DescribeStaffInfoList', staff)).TotalCount).toBeUndefined();
    expect((await call(client, 'DescribeStaffInfoList', staff)).TotalCount).toBe(1);
    const token = await call(client, 'CreateSDKLoginToken', {
      SdkAppId: 1400000099,
      SeatUserId: 'ops@example.com',
    });
    expect(String(token.SdkURL)).toContain('userid=ops%40example.com');

    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  });

  it('exits 2 naming the problem for a bad flag or a bad config file', async () => {
    const flag = run(['--port', 'eighty']);
    expect(await flag.exited).toBe(2);
    expect(flag.output()).toContain('--port must be a whole number');

    const config = join(dir, 'bad.json');
    writeFileSync(config, JSON.stringify({ seats: [{ userId: 'not-an-email', name: 'x' }] }));
    const bad = run(['--config', config]);
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toContain('seats.0.userId');

    const auth = run(['--number-mapping-auth', 'u:p']);
    expect(await auth.exited).toBe(2);
    expect(auth.output()).toContain('--number-mapping-auth needs --number-mapping-url');
  });
});
