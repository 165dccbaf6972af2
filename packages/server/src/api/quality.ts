import { z } from 'zod';
import { errorResponses, isoInstant, isoString, route, signedIn, supervisorOnly } from './route.js';

const question = z.object({
  id: z.string(),
  text: z.string(),
  /** Its share of the score: weights are relative to the scorecard's total. */
  weight: z.number().int().min(1).max(100),
  /** Not met: the whole call scores 0, whatever else was met. */
  autoFail: z.boolean(),
});
const section = z.object({ title: z.string(), questions: z.array(question) });

export const scorecard = z
  .object({ id: z.string(), name: z.string(), sections: z.array(section), createdAt: isoString })
  .meta({ id: 'Scorecard' });

export const newScorecard = z.strictObject({
  name: z.string().trim().min(1).max(100),
  sections: z
    .array(
      z.strictObject({
        title: z.string().trim().min(1).max(100),
        questions: z
          .array(
            z.strictObject({
              text: z.string().trim().min(1).max(300),
              weight: z.number().int().min(1).max(100),
              autoFail: z.boolean().default(false),
            }),
          )
          .min(1)
          .max(50),
      }),
    )
    .min(1)
    .max(20),
});

export const callScore = z
  .object({
    id: z.string(),
    sessionId: z.string(),
    scorecardId: z.string(),
    scorecardName: z.string(),
    agentUsername: z.string(),
    scoredBy: z.string(),
    /** Question id → met. */
    answers: z.record(z.string(), z.boolean()),
    /** 0–100: the weights of the questions met over all weights; 0 when an auto-fail question was missed. */
    score: z.number(),
    autoFailed: z.boolean(),
    comment: z.string().nullable(),
    createdAt: isoString,
  })
  .meta({ id: 'CallScore' });

export const qualityAverages = z
  .object({
    perAgent: z.array(
      z.object({
        username: z.string(),
        displayName: z.string(),
        scored: z.number().int(),
        average: z.number(),
      }),
    ),
    perQuestion: z.array(
      z.object({
        scorecardId: z.string(),
        questionId: z.string(),
        text: z.string(),
        answered: z.number().int(),
        /** Share of the scored calls that met it (0..1). */
        metRate: z.number(),
      }),
    ),
  })
  .meta({ id: 'QualityAverages' });

export const reviewSample = z.object({
  items: z.array(
    z.object({
      sessionId: z.string(),
      agent: z.object({ username: z.string(), displayName: z.string() }),
      startedAt: isoString,
      talkSeconds: z.number(),
    }),
  ),
});

const range = { from: isoInstant, to: isoInstant };
const tags = ['quality'] as const;

export const qualityRoutes = {
  createScorecard: route('POST', '/api/scorecards', {
    summary: 'Define a scorecard: sections of weighted questions, some of them auto-fail',
    tags,
    security: supervisorOnly,
    body: newScorecard,
    response: { 201: scorecard, ...errorResponses },
  }),
  scorecards: route('GET', '/api/scorecards', {
    summary: 'Every scorecard, newest first',
    tags,
    security: signedIn,
    response: { 200: z.object({ items: z.array(scorecard) }), ...errorResponses },
  }),
  scoreCall: route('POST', '/api/calls/:sessionId/scores', {
    summary: 'Score a call against a scorecard (every question answered met or not)',
    tags,
    security: supervisorOnly,
    params: z.strictObject({ sessionId: z.string().min(1).max(128) }),
    body: z.strictObject({
      scorecardId: z.string().min(1).max(64),
      answers: z.record(z.string().max(16), z.boolean()),
      comment: z.string().max(2000).optional(),
    }),
    response: { 201: callScore, ...errorResponses },
  }),
  callScores: route('GET', '/api/calls/:sessionId/scores', {
    summary: "A call's scores (agents: their own calls only)",
    tags,
    security: signedIn,
    params: z.strictObject({ sessionId: z.string().min(1).max(128) }),
    response: { 200: z.object({ items: z.array(callScore) }), ...errorResponses },
  }),
  myScores: route('GET', '/api/scores/mine', {
    summary: "The signed-in agent's own scores and comments, newest first",
    tags,
    security: signedIn,
    response: { 200: z.object({ items: z.array(callScore) }), ...errorResponses },
  }),
  averages: route('GET', '/api/quality/averages', {
    summary: 'Average score per agent and how often each question was met, over calls scored in [from, to)',
    tags,
    security: supervisorOnly,
    querystring: z.strictObject(range),
    response: { 200: qualityAverages, ...errorResponses },
  }),
  sample: route('GET', '/api/quality/sample', {
    summary: "A random sample of each agent's answered, not yet scored calls started in [from, to)",
    tags,
    security: supervisorOnly,
    querystring: z.strictObject({ ...range, perAgent: z.coerce.number().int().min(1).max(20).default(3) }),
    response: { 200: reviewSample, ...errorResponses },
  }),
} as const;
