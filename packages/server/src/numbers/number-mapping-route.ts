import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { contract } from '../api/contract.js';
import { mappingRequest } from '../api/number-mapping.js';
import type { Database } from '../db/schema.js';
import { messages, type ServerErrorCode } from '../errors.js';
import { typed } from '../http/routes.js';
import { normalisePhone } from '../phone/phone.js';
import { basicAuthMatches } from '../security/basic-auth.js';
import type { MappingStore } from './mapping-store.js';
import { gateCodes, passGate, withCountryCode } from './permit-gate.js';

export interface NumberMappingRouteOptions {
  db: Kysely<Database>;
  mapping: MappingStore;
  enabled: boolean;
  /** `user:password` TCCC presents (NUMBER_MAPPING_BASIC_AUTH). Unset: every request is refused. */
  basicAuth: string | undefined;
  now(): number;
}

/** TCCC sends one number per dial; a batch is bounded by the schema (100 keys). */
const bodyLimit = 16 * 1024;

/** Codes of the endpoint's own refusals (the gate's are in `gateCodes`). */
const transportCodes = {
  MAPPING_INVALID: 1400,
  MAPPING_UNAUTHORIZED: 1401,
  NUMBER_MAPPING_OFF: 1409,
} as const;

function refuse(
  req: FastifyRequest,
  reply: FastifyReply,
  code: keyof typeof transportCodes,
  status: number,
  detail: string,
) {
  // Never the Authorization header or the body: they hold a secret and numbers.
  req.log.warn({ code, detail }, 'number mapping refused');
  return reply.status(status).send({
    Code: transportCodes[code],
    Results: [],
    error: { code, message: messages[code]['en-US'], requestId: req.id },
  });
}

/** A caller's number as TCCC sends it (`008613912345678`), in the national form the server stores. */
function nationalOf(raw: string): string | undefined {
  const national = normalisePhone(raw);
  return /^\d{5,20}$/.test(national) ? national : undefined;
}

/**
 * `POST /api/tccc/number-mapping`: TCCC's number protection endpoint. PhoneToUID gives every number
 * a customer ID (a new random one the first time). UIDToPhone is the compliance gate: it answers the
 * number only for an ID holding a granted, live, unused permit, and uses the permit up; otherwise a
 * non-zero `Code` naming the reason, logged with the ID, the permit and its agent (never the number).
 */
export async function registerNumberMappingRoute(
  app: FastifyInstance,
  options: NumberMappingRouteOptions,
): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (_req, body, done) => done(null, body));
    typed(scope).route({
      ...contract.numberMapping.mapping,
      bodyLimit,
      handler: async (req, reply) => {
        if (!basicAuthMatches(req.headers.authorization, options.basicAuth))
          return refuse(req, reply, 'MAPPING_UNAUTHORIZED', 401, 'bad or missing basic auth');
        if (!options.enabled) return refuse(req, reply, 'NUMBER_MAPPING_OFF', 409, 'NUMBER_MAPPING is off');
        let json: unknown;
        try {
          json = JSON.parse(typeof req.body === 'string' ? req.body : '');
        } catch {
          return refuse(req, reply, 'MAPPING_INVALID', 400, 'body is not JSON');
        }
        const body = mappingRequest.safeParse(json);
        if (!body.success) return refuse(req, reply, 'MAPPING_INVALID', 400, 'not {Numbers, Mode}');
        const { Numbers: keys, Mode: mode } = body.data;
        const results: { Key: string; Value: string }[] = [];
        if (mode === 'PhoneToUID') {
          for (const key of keys) {
            const national = nationalOf(key);
            if (national === undefined) return refuse(req, reply, 'MAPPING_INVALID', 400, 'not a number');
            results.push({ Key: key, Value: await options.mapping.idFor(national) });
          }
          return { Code: 0, Results: results };
        }
        for (const key of keys) {
          const verdict = await passGate(options.db, key, options.now());
          if (!verdict.ok) {
            const code: ServerErrorCode = verdict.reason;
            req.log.warn(
              { code, customerId: key, permitId: verdict.permitId, agent: verdict.agent },
              'number mapping refused a dial',
            );
            return {
              Code: gateCodes[verdict.reason],
              Results: results,
              error: { code, message: messages[code]['en-US'], requestId: req.id },
            };
          }
          req.log.info(
            { customerId: key, permitId: verdict.permitId, agent: verdict.agent },
            'dial permitted',
          );
          results.push({ Key: key, Value: withCountryCode(verdict.phone) });
        }
        return { Code: 0, Results: results };
      },
    });
  });
}
