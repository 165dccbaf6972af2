// Minified + gzip size of @tccc-dialer/web's core entry, beside the two peers' own minified builds,
// all measured in this run from the installed packages.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const kb = (bytes) => bytes / 1024;
const gzipKb = (text) => kb(gzipSync(text, { level: 9 }).length);

async function webCoreGzipKb() {
  const entry = fileURLToPath(new URL('../packages/web/dist/index.js', import.meta.url));
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    write: false,
    // The core entry must not pull in runtime dependencies; an external import would show up here.
    logLevel: 'silent',
  });
  return gzipKb(out.outputFiles[0]?.text ?? '');
}

// Some packages do not export package.json, so find the package root from node_modules directly.
function packageFile(pkg, file) {
  const root = `${require.resolve.paths(pkg)?.find((dir) => existsSync(`${dir}/${pkg}/package.json`))}/${pkg}/`;
  const version = JSON.parse(readFileSync(`${root}package.json`, 'utf8')).version;
  return { text: readFileSync(`${root}${file}`, 'utf8'), version };
}

export async function run() {
  const web = await webCoreGzipKb();
  const twilio = packageFile('@twilio/voice-sdk', 'dist/twilio.min.js');
  const connect = packageFile('amazon-connect-streams', 'release/connect-streams-min.js');
  const reference = `Twilio Voice SDK ${twilio.version}: ${gzipKb(twilio.text).toFixed(1)} KB; Amazon Connect Streams ${connect.version}: ${gzipKb(connect.text).toFixed(1)} KB`;
  return [
    {
      name: '@tccc-dialer/web core, min+gzip',
      value: web,
      unit: 'KB',
      reference,
      target: '≤ 6 KB',
      ok: web <= 6,
    },
  ];
}
