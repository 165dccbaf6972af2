// Minified + gzip size of each @tccc-dialer/web entry and of the whole public API, beside the two
// peers' own minified builds, all measured in this run from the built dist and installed packages.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const kb = (bytes) => bytes / 1024;
const gzipKb = (text) => kb(gzipSync(text, { level: 9 }).length);
const webDist = fileURLToPath(new URL('../packages/web/dist/', import.meta.url));

/** Bundles and minifies `source` (ESM re-exports of dist files) as an integrator's bundler would. */
async function measure(source) {
  const out = await build({
    stdin: { contents: source, resolveDir: webDist, loader: 'js' },
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
  // Anything outside our own dist is a dependency that came along.
  const foreign = Object.keys(out.metafile.inputs).filter(
    (f) => f !== '<stdin>' && (f.startsWith('..') || f.startsWith('/')),
  );
  return { size: gzipKb(out.outputFiles[0]?.text ?? ''), foreign };
}

// Some packages do not export package.json, so find the package root from node_modules directly.
function packageFile(pkg, file) {
  const root = `${require.resolve.paths(pkg)?.find((dir) => existsSync(`${dir}/${pkg}/package.json`))}/${pkg}/`;
  const version = JSON.parse(readFileSync(`${root}package.json`, 'utf8')).version;
  return { text: readFileSync(`${root}${file}`, 'utf8'), version };
}

export async function run() {
  const entries = ['index', 'precall', 'devices', 'guards', 'phone'];
  const [core, precall, devices, guards, phone, all] = await Promise.all([
    ...entries.map((e) => measure(`export * from './${e}.js';`)),
    measure(entries.map((e) => `export * from './${e}.js';`).join(' ')),
  ]);
  const twilio = packageFile('@twilio/voice-sdk', 'dist/twilio.min.js');
  const connect = packageFile('amazon-connect-streams', 'release/connect-streams-min.js');
  const reference = `Twilio Voice SDK ${twilio.version}: ${gzipKb(twilio.text).toFixed(1)} KB; Amazon Connect Streams ${connect.version}: ${gzipKb(connect.text).toFixed(1)} KB`;
  return [
    {
      name: '@tccc-dialer/web core entry, min+gzip',
      value: core.size,
      unit: 'KB',
      reference,
      target: '≤ 6 KB',
      ok: core.size <= 6,
    },
    {
      name: '@tccc-dialer/web core, runtime dependencies bundled',
      value: core.foreign.length,
      unit: core.foreign.length ? `files (${core.foreign.slice(0, 3).join(', ')})` : 'files',
      target: '0',
      ok: core.foreign.length === 0,
    },
    { name: '@tccc-dialer/web/precall entry, min+gzip', value: precall.size, unit: 'KB' },
    { name: '@tccc-dialer/web/devices entry, min+gzip', value: devices.size, unit: 'KB' },
    { name: '@tccc-dialer/web/guards entry, min+gzip', value: guards.size, unit: 'KB' },
    {
      name: '@tccc-dialer/web/phone entry, min+gzip',
      value: phone.size,
      unit: 'KB',
      reference: 'carries libphonenumber-js max metadata',
    },
    {
      name: '@tccc-dialer/web whole public API (all entries), min+gzip',
      value: all.size,
      unit: 'KB',
      reference,
    },
  ];
}
