import fp from 'fastify-plugin';
import { contract } from '../api/contract.js';
import { ServerError } from '../errors.js';
import { typed } from '../http/routes.js';
import { findCall } from '../records/call-query.js';
import {
  createScorecard,
  listScorecards,
  qualityAveragesOf,
  reviewSampleOf,
  scoreCall,
  scoresOfAgent,
  scoresOfCall,
} from './quality-store.js';

/** Quality scoring: scorecards, scores of calls, each agent's own scores, averages and a review sample. */
export const qualityPlugin = fp(
  async (app) => {
    const { db: maybeDb, now } = app.dialer;
    if (maybeDb === undefined) throw new Error('tccc-dialer: quality scoring needs a database');
    const db = maybeDb;
    const api = typed(app);

    api.route({
      ...contract.quality.createScorecard,
      handler: async (req, reply) => {
        const user = await app.authenticate(req);
        return reply.status(201).send(await createScorecard(db, req.body, user.username, now()));
      },
    });
    api.route({
      ...contract.quality.scorecards,
      handler: async () => ({ items: await listScorecards(db) }),
    });
    api.route({
      ...contract.quality.scoreCall,
      handler: async (req, reply) => {
        const user = await app.authenticate(req);
        const call = await findCall(db, req.params.sessionId);
        if (call === undefined || call.agent === null) throw new ServerError('CALL_NOT_FOUND');
        const score = await scoreCall(
          db,
          {
            sessionId: call.sessionId,
            agentUsername: call.agent.username,
            scorecardId: req.body.scorecardId,
            answers: req.body.answers,
            comment: req.body.comment,
            scoredBy: user.username,
          },
          now(),
        );
        return reply.status(201).send(score);
      },
    });
    api.route({
      ...contract.quality.callScores,
      handler: async (req) => {
        const user = await app.authenticate(req);
        const call = await findCall(db, req.params.sessionId);
        if (call === undefined || (user.role !== 'supervisor' && call.seatUserId !== user.seatUserId))
          throw new ServerError('CALL_NOT_FOUND');
        return { items: await scoresOfCall(db, call.sessionId) };
      },
    });
    api.route({
      ...contract.quality.myScores,
      handler: async (req) => ({ items: await scoresOfAgent(db, (await app.authenticate(req)).username) }),
    });
    api.route({
      ...contract.quality.averages,
      handler: async (req) => {
        if (req.query.to <= req.query.from) throw new ServerError('INVALID_REQUEST');
        return qualityAveragesOf(db, req.query.from, req.query.to);
      },
    });
    api.route({
      ...contract.quality.sample,
      handler: async (req) => {
        if (req.query.to <= req.query.from) throw new ServerError('INVALID_REQUEST');
        return reviewSampleOf(db, req.query.from, req.query.to, req.query.perAgent);
      },
    });
  },
  { name: 'tccc-dialer-quality', dependencies: ['tccc-dialer-core', 'tccc-dialer-session'], fastify: '5.x' },
);
