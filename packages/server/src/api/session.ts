import { z } from 'zod';
import { errorResponses, route, signedIn } from './route.js';

export const user = z
  .object({
    username: z.string(),
    displayName: z.string(),
    role: z.enum(['agent', 'supervisor']),
  })
  .meta({ id: 'User' });

// Only AUTH_MODE=local needs both; the other modes read the identity from headers and ignore the body.
const credentials = z.strictObject({
  username: z.string().trim().min(1).max(128).optional(),
  password: z.string().min(1).max(1024).optional(),
});

const tags = ['session'] as const;

export const sessionRoutes = {
  signIn: route('POST', '/api/session', {
    summary: 'Sign in',
    description:
      "AUTH_MODE=local: a username and password. oidc: a bearer token in Authorization. header: the trusted proxy's header. Sets the session cookie.",
    tags,
    body: credentials.nullish(),
    response: { 200: z.object({ user }), ...errorResponses },
  }),
  signOut: route('DELETE', '/api/session', {
    summary: 'Sign out',
    tags,
    response: { 204: z.null().describe('Signed out'), ...errorResponses },
  }),
  me: route('GET', '/api/me', {
    summary: 'The signed-in user',
    tags,
    security: signedIn,
    response: { 200: z.object({ user }), ...errorResponses },
  }),
  sdkUrl: route('POST', '/api/tccc/sdk-url', {
    summary: "A single-use TCCC SDK URL for the signed-in user's seat",
    description:
      'Calls CreateSDKLoginToken for the seat the server maps to the user; the request names no seat. The URL works once and lives 10 minutes.',
    tags: ['softphone'],
    security: signedIn,
    response: {
      200: z.object({ sdkUrl: z.string(), expiresAt: z.string() }),
      ...errorResponses,
    },
  }),
} as const;
