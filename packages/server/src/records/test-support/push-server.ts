// A process serving only the data-push route (the real route code) on a SQLite file, for the crash test:
// `node --import tsx push-server.ts <sqlite-file> <user:password>`. Prints `listening <port>` when ready.
import Fastify from 'fastify';
import { openDatabase } from '../../db/database.js';
import { registerPushRoute } from '../push-route.js';

const [file, auth] = process.argv.slice(2);
if (file === undefined || auth === undefined)
  throw new Error('usage: push-server.ts <sqlite-file> <user:password>');
const handle = await openDatabase(file);
const app = Fastify({ logger: false });
registerPushRoute(app, { db: handle.db, pushBasicAuth: auth, now: Date.now });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
