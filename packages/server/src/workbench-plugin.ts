import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Where `@tccc-dialer/workbench` keeps its build, when it is installed and built. */
async function workbenchRoot(): Promise<string | undefined> {
  try {
    const spec = '@tccc-dialer/workbench';
    const mod = (await import(spec)) as { workbenchDir?: string | URL };
    const dir = mod.workbenchDir;
    if (dir === undefined) return undefined;
    const path = dir instanceof URL || String(dir).startsWith('file:') ? fileURLToPath(dir) : String(dir);
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** The built workbench at `/` (or a line saying how to build it). */
export const workbenchPlugin = fp(
  async (app: FastifyInstance) => {
    const root = await workbenchRoot();
    if (root === undefined) {
      app.get('/', async (_req, reply) =>
        reply.type('text/plain').send('The workbench is not built: npm run build.'),
      );
      return;
    }
    const { default: fastifyStatic } = await import('@fastify/static');
    await app.register(fastifyStatic, {
      root,
      // The build ships .br and .gz beside each file; the one the browser accepts is sent as it is.
      preCompressed: true,
      cacheControl: false,
      setHeaders(reply, path) {
        // Hashed file names change with their content, so a browser may keep them for good; the page
        // that names them is checked every time.
        void reply.header(
          'cache-control',
          /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  },
  { name: 'tccc-dialer-workbench', fastify: '5.x' },
);
