// Serves a blank page, this package's source (the core, ./precall, ./devices and ./guards entries) bundled as a global
// `TcccWeb`, and an SdkURL endpoint, so browser tests drive the real library in Chromium against the
// emulator. Test-only.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface PageServer {
  origin: string;
  port: number;
  /** How many SdkURLs the page asked for. */
  sdkUrlRequests: () => number;
  close: () => Promise<void>;
}

let bundle: Promise<string> | undefined;
function webBundle(): Promise<string> {
  bundle ??= build({
    stdin: {
      contents:
        "export * from './index.ts'; export * from './precall.ts'; export * from './devices.ts'; export * from './guards.ts';",
      resolveDir: fileURLToPath(new URL('..', import.meta.url)),
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: 'TcccWeb',
    target: 'es2022',
    write: false,
  }).then((r) => r.outputFiles[0]?.text ?? '');
  return bundle;
}

const page = `<!doctype html><meta charset="utf-8"><title>web test</title>
<body><div id="workbench" style="width:800px;height:520px"></div><div id="tiny" style="width:300px;height:200px"></div>
<script src="/web.js"></script></body>`;

/** `mint` answers POST /sdk-url; it may throw to simulate a failing backend. */
export async function startPageServer(mint: () => Promise<string>): Promise<PageServer> {
  let requests = 0;
  const js = await webBundle();
  const server: Server = createServer((req, res) => {
    if (req.url === '/web.js') {
      res.writeHead(200, { 'content-type': 'application/javascript' });
      res.end(js);
      return;
    }
    if (req.url === '/sdk-url' && req.method === 'POST') {
      requests++;
      mint().then(
        (sdkUrl) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ sdkUrl }));
        },
        () => {
          res.writeHead(503, { 'content-type': 'application/json' });
          res.end('{"error":{"code":"UPSTREAM_UNAVAILABLE"}}');
        },
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://localhost:${port}`,
    port,
    sdkUrlRequests: () => requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
