import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { createJsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';

const openApiPath = '/api/openapi.json';

/**
 * The OpenAPI document of every route registered after this (generated from their zod schemas), at
 * `/api/openapi.json`, and a readable reference page at `/api/docs`. Register it before the routes.
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'tccc-dialer',
        version,
        description:
          'Sign-in, SDK URLs, call records, customers, call lists and compliance for outbound calling on Tencent Cloud Contact Center. Errors answer `{ error: { code, message, requestId } }`; every code is in docs/errors.md.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'tccc_session' },
          pushBasicAuth: { type: 'http', scheme: 'basic' },
          numberMappingBasicAuth: { type: 'http', scheme: 'basic' },
        },
      },
    },
    // Uploads are byte streams the routes read themselves; the document calls them binary strings.
    transform: createJsonSchemaTransform({ zodToJsonConfig: { unrepresentable: 'any' } }),
    transformObject: jsonSchemaTransformObject,
  });
  app.get(
    openApiPath,
    {
      schema: {
        hide: true,
        response: { 200: z.record(z.string(), z.unknown()) },
      },
    },
    async (_req, reply) => {
      void reply.header('Cache-Control', 'no-cache');
      return app.swagger() as unknown as Record<string, unknown>;
    },
  );
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    uiConfig: { docExpansion: 'list', defaultModelsExpandDepth: 0 },
  });
}
