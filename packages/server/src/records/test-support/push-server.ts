// A process serving the product (the real route code; no one signs in) on a SQLite file, for the crash test:
// `node --import tsx push-server.ts <sqlite-file> <user:password>`. Prints `listening <port>` when ready.
import Fastify from 'fastify';
import { openDatabase } from '../../db/database.js';
import { tcccDialer } from '../../plugin.js';
import type { Upstream } from '../../upstream/upstream.js';

const [file, auth] = process.argv.slice(2);
if (file === undefined || auth === undefined)
  throw new Error('usage: push-server.ts <sqlite-file> <user:password>');
const handle = await openDatabase(file);
const app = Fastify({ logger: false });
await app.register(tcccDialer, {
  db: handle.db,
  upstream: {} as Upstream,
  pushBasicAuth: auth,
  seatFor: () => undefined,
  openapi: false,
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
