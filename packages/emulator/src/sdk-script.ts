// Serves the browser SDK script at the SdkURL, bundled once from ./sdk with esbuild, or a fault instead.
import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Faults } from './faults.js';
import { sendJson, sendText } from './http.js';

let bundle: Promise<string> | undefined;

/** Built from the TypeScript sources in development and from dist/ once compiled. */
export function sdkBundle(): Promise<string> {
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  bundle ??= build({
    entryPoints: [fileURLToPath(new URL(`./sdk/tccc.${ext}`, import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    minify: false,
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0]?.text ?? '');
  bundle.catch(() => {
    bundle = undefined;
  });
  return bundle;
}

const JS = 'application/javascript; charset=utf-8';

export async function serveSdkScript(res: ServerResponse, faults: Faults): Promise<void> {
  const fault = faults.takeScriptFault();
  if (fault?.mode === 'not-found') return sendJson(res, 404, { error: 'not found' });
  if (fault?.mode === 'stall') return; // never answers, as a hung CDN would
  if (fault?.mode === 'no-global') return sendText(res, 200, JS, '/* tccc failed to initialise */\n');
  sendText(res, 200, JS, await sdkBundle());
}
