import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { buildRecordsApp, pushHeader, seedUsers } from '../records/test-support/records-app.js';
import { databaseTargets } from '../test-support/databases.js';
import { scoreOf } from './scoring.js';

const targets = await databaseTargets();
const T = Math.floor(Date.now() / 1000) - 3600;

const card = {
  name: '外呼质检',
  sections: [
    {
      title: '开场',
      questions: [
        { text: '礼貌问候并报工号', weight: 10 },
        { text: '核实客户身份', weight: 30, autoFail: true },
      ],
    },
    { title: '解决', questions: [{ text: '给出明确的处理方案', weight: 60 }] },
  ],
};

describe('the score of a call', () => {
  const sections = [
    {
      title: 's',
      questions: [
        { id: 'q1', text: 'a', weight: 10, autoFail: false },
        { id: 'q2', text: 'b', weight: 30, autoFail: true },
        { id: 'q3', text: 'c', weight: 60, autoFail: false },
      ],
    },
  ];
  it('weighs the questions met, and a missed auto-fail question makes it 0', () => {
    expect(scoreOf({ sections }, { q1: true, q2: true, q3: false })).toEqual({
      score: 40,
      autoFailed: false,
    });
    expect(scoreOf({ sections }, { q1: true, q2: false, q3: true })).toEqual({ score: 0, autoFailed: true });
    expect(scoreOf({ sections }, { q1: true, q2: true })).toBeUndefined();
    expect(scoreOf({ sections }, { q1: true, q2: true, q3: true, q9: true })).toBeUndefined();
  });
});

describe.each(targets)('quality scoring over HTTP ($engine)', ({ open }) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  beforeEach(async () => {
    handle = await open();
    await seedUsers(handle.db);
    app = await buildRecordsApp(handle.db);
    for (const [i, seat] of ['agent@example.com', 'agent@example.com', 'agent2@example.com'].entries()) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/tccc/push?action=cdr&version=1',
        headers: {
          'content-type': 'application/json',
          authorization: pushHeader,
          'x-tccc-push-uuid': `q-${i}`,
        },
        payload: JSON.stringify({
          SdkAppId: 1400000001,
          SessionId: `q-call-${i}`,
          Direction: 1,
          Caller: '02160000000',
          Callee: '008613800138000',
          StartTimestamp: T + i * 60,
          AcceptTimestamp: T + i * 60 + 5,
          EndedTimestamp: T + i * 60 + 40,
          Duration: 35,
          EndStatusString: 'ok',
          SeatUser: { Mail: seat },
        }),
      });
      expect(res.statusCode).toBe(200);
    }
  });
  afterEach(async () => {
    await app.close();
    await handle.close();
  });
  const as = (user: string, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
    app.inject({
      method,
      url,
      headers: { 'x-test-user': user },
      ...(payload === undefined ? {} : { payload }),
    });

  it('a supervisor defines a scorecard and scores a call; the agent sees it, another agent does not', async () => {
    expect((await as('alice', 'POST', '/api/scorecards', card)).statusCode).toBe(403);
    const created = await as('sue', 'POST', '/api/scorecards', card);
    expect(created.statusCode).toBe(201);
    const scorecard = created.json() as {
      id: string;
      sections: { questions: { id: string; autoFail: boolean }[] }[];
    };
    expect(scorecard.sections.flatMap((s) => s.questions.map((q) => [q.id, q.autoFail]))).toEqual([
      ['q1', false],
      ['q2', true],
      ['q3', false],
    ]);
    expect((await as('alice', 'GET', '/api/scorecards')).json()).toMatchObject({
      items: [{ id: scorecard.id }],
    });

    const incomplete = await as('sue', 'POST', '/api/calls/q-call-0/scores', {
      scorecardId: scorecard.id,
      answers: { q1: true },
    });
    expect(incomplete.json()).toMatchObject({ error: { code: 'SCORE_INCOMPLETE' } });
    expect(
      (await as('sue', 'POST', '/api/calls/q-call-0/scores', { scorecardId: 'nope', answers: {} })).json(),
    ).toMatchObject({ error: { code: 'SCORECARD_NOT_FOUND' } });
    expect(
      (await as('alice', 'POST', '/api/calls/q-call-0/scores', { scorecardId: scorecard.id, answers: {} }))
        .statusCode,
    ).toBe(403);

    const scored = await as('sue', 'POST', '/api/calls/q-call-0/scores', {
      scorecardId: scorecard.id,
      answers: { q1: true, q2: true, q3: false },
      comment: '方案不够具体',
    });
    expect(scored.statusCode).toBe(201);
    expect(scored.json()).toMatchObject({
      agentUsername: 'alice',
      score: 40,
      autoFailed: false,
      comment: '方案不够具体',
    });

    expect((await as('alice', 'GET', '/api/scores/mine')).json()).toMatchObject({
      items: [{ sessionId: 'q-call-0', score: 40, comment: '方案不够具体', scorecardName: '外呼质检' }],
    });
    expect((await as('bob', 'GET', '/api/scores/mine')).json()).toEqual({ items: [] });
    expect((await as('bob', 'GET', '/api/calls/q-call-0/scores')).json()).toMatchObject({
      error: { code: 'CALL_NOT_FOUND' },
    });
    expect((await as('alice', 'GET', '/api/calls/q-call-0/scores')).json()).toMatchObject({
      items: [{ score: 40 }],
    });
  });

  it('averages per agent and per question, and samples each agent’s unscored calls', async () => {
    const scorecard = (await as('sue', 'POST', '/api/scorecards', card)).json() as { id: string };
    await as('sue', 'POST', '/api/calls/q-call-0/scores', {
      scorecardId: scorecard.id,
      answers: { q1: true, q2: true, q3: true },
    });
    await as('sue', 'POST', '/api/calls/q-call-1/scores', {
      scorecardId: scorecard.id,
      answers: { q1: false, q2: false, q3: true },
    });
    await as('sue', 'POST', '/api/calls/q-call-2/scores', {
      scorecardId: scorecard.id,
      answers: { q1: true, q2: true, q3: false },
    });
    const from = new Date(Date.now() - 60_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const averages = (await as('sue', 'GET', `/api/quality/averages?from=${from}&to=${to}`)).json() as {
      perAgent: unknown[];
      perQuestion: { questionId: string; metRate: number }[];
    };
    // alice: 100 and 0 (auto-fail); bob: 40.
    expect(averages.perAgent).toEqual([
      { username: 'alice', displayName: 'Alice', scored: 2, average: 50 },
      { username: 'bob', displayName: 'Bob', scored: 1, average: 40 },
    ]);
    expect(averages.perQuestion.map((q) => [q.questionId, Math.round(q.metRate * 100)])).toEqual([
      ['q1', 67],
      ['q2', 67],
      ['q3', 67],
    ]);
    expect((await as('alice', 'GET', `/api/quality/averages?from=${from}&to=${to}`)).statusCode).toBe(403);

    // Every call is scored now: nothing is left to sample.
    const callFrom = new Date((T - 60) * 1000).toISOString();
    const all = (await as('sue', 'GET', `/api/quality/sample?from=${callFrom}&to=${to}&perAgent=5`)).json();
    expect(all).toEqual({ items: [] });
  });

  it('samples at most the asked number of each agent’s answered calls, none scored', async () => {
    const scorecard = (await as('sue', 'POST', '/api/scorecards', card)).json() as { id: string };
    await as('sue', 'POST', '/api/calls/q-call-0/scores', {
      scorecardId: scorecard.id,
      answers: { q1: true, q2: true, q3: true },
    });
    const from = new Date((T - 60) * 1000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const sample = (
      await as('sue', 'GET', `/api/quality/sample?from=${from}&to=${to}&perAgent=1`)
    ).json() as {
      items: { sessionId: string; agent: { username: string } }[];
    };
    expect(sample.items.map((i) => [i.agent.username, i.sessionId])).toEqual([
      ['alice', 'q-call-1'],
      ['bob', 'q-call-2'],
    ]);
  });
});
