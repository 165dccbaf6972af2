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
const webDist = fileURLToPath(new URL('../packages/web/dist/', import.meta.url));

async function webCore() {
  const out = await build({
    entryPoints: [`${webDist}index.js`],
    bundle: true,
    minify: true,
    format: 'esm',
    // What the package ships: tsc emits ES2022 (native #private fields) in UTF-8, so measure that
    // rather than a down-levelled, \u-escaped copy no integrator's bundler would produce.
    target: 'es2022',
    charset: 'utf8',
    write: false,
    metafile: true,
    absWorkingDir: webDist,
    logLevel: 'silent',
  });
  // The core entry must not pull in runtime dependencies: every input has to be our own dist.
  const foreign = Object.keys(out.metafile.inputs).filter((f) => f.startsWith('..') || f.startsWith('/'));
  return { size: gzipKb(out.outputFiles[0]?.text ?? ''), foreign };
}

// Some packages do not export package.json, so find the package root from node_modules directly.
function packageFile(pkg, file) {
  const root = `${require.resolve.paths(pkg)?.find((dir) => existsSync(`${dir}/${pkg}/package.json`))}/${pkg}/`;
  const version = JSON.parse(readFileSync(`${root}package.json`, 'utf8')).version;
  return { text: readFileSync(`${root}${file}`, 'utf8'), version };
}

export async function run() {
  const web = await webCore();
  const twilio = packageFile('@twilio/voice-sdk', 'dist/twilio.min.js');
  const connect = packageFile('amazon-connect-streams', 'release/connect-streams-min.js');
  const reference = `Twilio Voice SDK ${twilio.version}: ${gzipKb(twilio.text).toFixed(1)} KB; Amazon Connect Streams ${connect.version}: ${gzipKb(connect.text).toFixed(1)} KB`;
  return [
    {
      name: '@tccc-dialer/web core, min+gzip',
      value: web.size,
      unit: 'KB',
      reference,
      target: '≤ 6 KB',
      ok: web.size <= 6,
    },
    {
      name: '@tccc-dialer/web core, runtime dependencies bundled',
      value: web.foreign.length,
      unit: web.foreign.length ? `files (${web.foreign.slice(0, 3).join(', ')})` : 'files',
      target: '0',
      ok: web.foreign.length === 0,
    },
  ];
}
