import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Role } from './auth/accounts.js';
import { campaignsFeature } from './campaigns/campaigns-feature.js';
import { customersFeature } from './customers/customers-routes.js';
import type { Database } from './db/schema.js';
import { recordsFeature } from './records/records-feature.js';
import type { Upstream } from './upstream/upstream.js';

/** The signed-in user, as every route sees them. The seat is the operator's mapping, never the browser's. */
export interface SessionUser {
  username: string;
  displayName: string;
  role: Role;
  seatUserId: string;
}

/** The parts of the validated configuration a feature may need (no cloud API secret among them). */
export interface FeatureConfig {
  mode: 'emulator' | 'cloud';
  /** `PUSH_BASIC_AUTH` (`user:password`) TCCC's data push presents. */
  pushBasicAuth: string | undefined;
  tccc: { sdkAppId: number };
}

/** What buildApp hands each feature: storage, the session check and the paced upstream client. */
export interface FeatureContext {
  db: Kysely<Database>;
  /** Resolves the session's user or throws UNAUTHENTICATED. Every /api route calls it. */
  authenticate(req: FastifyRequest): Promise<SessionUser>;
  upstream: Upstream;
  now(): number;
  /** Present when the server runs from environment configuration (`tccc-dialer serve`). */
  config?: FeatureConfig;
}

export type Feature = (app: FastifyInstance, ctx: FeatureContext) => Promise<void> | void;

/**
 * The product's feature areas beyond sign-in and SDK URLs, each registering its own routes. Adding an
 * area is one line here.
 */
export const features: Feature[] = [customersFeature, recordsFeature, campaignsFeature];
