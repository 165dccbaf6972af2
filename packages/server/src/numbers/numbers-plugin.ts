import fp from 'fastify-plugin';
import { seedDemoProtectedList } from './demo-protected-list.js';
import { createMappingStore } from './mapping-store.js';
import { registerNumberMappingRoute } from './number-mapping-route.js';
import { registerNumberRevealsRoute } from './number-reveals-route.js';

/**
 * Number protection: TCCC's mapping endpoint (PhoneToUID, and UIDToPhone as the compliance gate),
 * and the audit of supervisors seeing protected numbers.
 */
export const numbersPlugin = fp(
  async (app) => {
    const db = app.dialer.db;
    if (db === undefined) throw new Error('tccc-dialer: number protection needs a database');
    const { numberMapping, now, mode } = app.dialer;
    if (mode === 'emulator' && numberMapping.enabled) await seedDemoProtectedList(db, now);
    await registerNumberMappingRoute(app, {
      db,
      mapping: createMappingStore(db, now),
      enabled: numberMapping.enabled,
      basicAuth: numberMapping.basicAuth,
      now,
    });
    registerNumberRevealsRoute(app, db);
  },
  { name: 'tccc-dialer-numbers', dependencies: ['tccc-dialer-core'], fastify: '5.x' },
);
