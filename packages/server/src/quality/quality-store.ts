import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { callScore, newScorecard, qualityAverages, reviewSample } from '../api/quality.js';
import type { Database } from '../db/schema.js';
import { ServerError } from '../errors.js';
import { questionsOf, type Scorecard, scoreOf } from './scoring.js';

type CallScore = z.output<typeof callScore>;
type NewScorecard = z.output<typeof newScorecard>;
const iso = (ms: number) => new Date(Number(ms)).toISOString();

function toScorecard(r: { id: string; name: string; sections: string; created_at: number }): Scorecard {
  return {
    id: r.id,
    name: r.name,
    sections: JSON.parse(r.sections) as Scorecard['sections'],
    createdAt: iso(r.created_at),
  };
}

export async function createScorecard(
  db: Kysely<Database>,
  input: NewScorecard,
  createdBy: string,
  now: number,
): Promise<Scorecard> {
  let n = 0;
  // Question ids are short and stable within the scorecard: q1, q2, … in reading order.
  const sections = input.sections.map((s) => ({
    title: s.title,
    questions: s.questions.map((q) => ({
      id: `q${++n}`,
      text: q.text,
      weight: q.weight,
      autoFail: q.autoFail,
    })),
  }));
  const row = {
    id: randomUUID(),
    name: input.name,
    sections: JSON.stringify(sections),
    created_by: createdBy,
    created_at: now,
  };
  await db.insertInto('scorecards').values(row).execute();
  return toScorecard(row);
}

export async function listScorecards(db: Kysely<Database>): Promise<Scorecard[]> {
  const rows = await db.selectFrom('scorecards').selectAll().orderBy('created_at', 'desc').execute();
  return rows.map(toScorecard);
}

async function findScorecard(db: Kysely<Database>, id: string): Promise<Scorecard | undefined> {
  const row = await db.selectFrom('scorecards').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toScorecard(row);
}

function scoresQuery(db: Kysely<Database>) {
  return db
    .selectFrom('call_scores as s')
    .innerJoin('scorecards as c', 'c.id', 's.scorecard_id')
    .selectAll('s')
    .select('c.name as scorecard_name')
    .orderBy('s.created_at', 'desc');
}

type ScoreRow = Awaited<ReturnType<ReturnType<typeof scoresQuery>['execute']>>[number];
const toScore = (r: ScoreRow): CallScore => ({
  id: r.id,
  sessionId: r.session_id,
  scorecardId: r.scorecard_id,
  scorecardName: r.scorecard_name,
  agentUsername: r.agent_username,
  scoredBy: r.scored_by,
  answers: JSON.parse(r.answers) as Record<string, boolean>,
  score: Number(r.score),
  autoFailed: Number(r.auto_failed) === 1,
  comment: r.comment,
  createdAt: iso(r.created_at),
});

export async function scoreCall(
  db: Kysely<Database>,
  input: {
    sessionId: string;
    agentUsername: string;
    scorecardId: string;
    answers: Record<string, boolean>;
    comment: string | undefined;
    scoredBy: string;
  },
  now: number,
): Promise<CallScore> {
  const card = await findScorecard(db, input.scorecardId);
  if (card === undefined) throw new ServerError('SCORECARD_NOT_FOUND');
  const result = scoreOf(card, input.answers);
  if (result === undefined) throw new ServerError('SCORE_INCOMPLETE');
  const id = randomUUID();
  await db
    .insertInto('call_scores')
    .values({
      id,
      session_id: input.sessionId,
      scorecard_id: card.id,
      agent_username: input.agentUsername,
      scored_by: input.scoredBy,
      answers: JSON.stringify(input.answers),
      score: result.score,
      auto_failed: result.autoFailed ? 1 : 0,
      comment: input.comment?.trim() || null,
      created_at: now,
    })
    .execute();
  const row = await scoresQuery(db).where('s.id', '=', id).executeTakeFirstOrThrow();
  return toScore(row);
}

export async function scoresOfCall(db: Kysely<Database>, sessionId: string): Promise<CallScore[]> {
  return (await scoresQuery(db).where('s.session_id', '=', sessionId).execute()).map(toScore);
}

export async function scoresOfAgent(db: Kysely<Database>, username: string): Promise<CallScore[]> {
  return (await scoresQuery(db).where('s.agent_username', '=', username).limit(200).execute()).map(toScore);
}

/** Averages over the scores given in [from, to): per agent, and how often each question was met. */
export async function qualityAveragesOf(
  db: Kysely<Database>,
  from: number,
  to: number,
): Promise<z.output<typeof qualityAverages>> {
  const rows = await scoresQuery(db)
    .leftJoin('users as u', 'u.username', 's.agent_username')
    .select('u.display_name')
    .where('s.created_at', '>=', from)
    .where('s.created_at', '<', to)
    .execute();
  const cards = new Map((await listScorecards(db)).map((c) => [c.id, c]));
  const agents = new Map<string, { displayName: string; total: number; n: number }>();
  const questions = new Map<
    string,
    { scorecardId: string; questionId: string; text: string; answered: number; met: number }
  >();
  for (const r of rows) {
    const a = agents.get(r.agent_username) ?? {
      displayName: r.display_name ?? r.agent_username,
      total: 0,
      n: 0,
    };
    a.total += Number(r.score);
    a.n++;
    agents.set(r.agent_username, a);
    const card = cards.get(r.scorecard_id);
    const answers = JSON.parse(r.answers) as Record<string, boolean>;
    for (const q of card === undefined ? [] : questionsOf(card)) {
      const key = `${card?.id}/${q.id}`;
      const s = questions.get(key) ?? {
        scorecardId: r.scorecard_id,
        questionId: q.id,
        text: q.text,
        answered: 0,
        met: 0,
      };
      s.answered++;
      if (answers[q.id] === true) s.met++;
      questions.set(key, s);
    }
  }
  return {
    perAgent: [...agents]
      .map(([username, a]) => ({
        username,
        displayName: a.displayName,
        scored: a.n,
        average: Math.round((a.total / a.n) * 10) / 10,
      }))
      .sort((x, y) => x.username.localeCompare(y.username)),
    perQuestion: [...questions.values()].map((q) => ({
      scorecardId: q.scorecardId,
      questionId: q.questionId,
      text: q.text,
      answered: q.answered,
      metRate: q.met / q.answered,
    })),
  };
}

/** Up to `perAgent` answered calls per agent in [from, to), not scored yet, drawn at random. */
export async function reviewSampleOf(
  db: Kysely<Database>,
  from: number,
  to: number,
  perAgent: number,
  random: () => number = Math.random,
): Promise<z.output<typeof reviewSample>> {
  const rows = await db
    .selectFrom('calls as c')
    .innerJoin('users as u', 'u.username', 'c.agent_username')
    .select(['c.session_id', 'c.agent_username', 'u.display_name', 'c.started_at', 'c.talk_seconds'])
    .where('c.accepted_at', 'is not', null)
    .where('c.started_at', '>=', from)
    .where('c.started_at', '<', to)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(selectFrom('call_scores as s').select('s.id').whereRef('s.session_id', '=', 'c.session_id')),
      ),
    )
    .execute();
  const byAgent = new Map<string, typeof rows>();
  for (const r of rows)
    byAgent.set(r.agent_username ?? '', [...(byAgent.get(r.agent_username ?? '') ?? []), r]);
  const items = [];
  for (const [username, calls] of [...byAgent].sort(([a], [b]) => a.localeCompare(b))) {
    // A partial Fisher–Yates shuffle: the first `perAgent` are a uniform sample.
    const pool = [...calls];
    for (let i = 0; i < Math.min(perAgent, pool.length); i++) {
      const j = i + Math.floor(random() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j] as (typeof pool)[number], pool[i] as (typeof pool)[number]];
      const c = pool[i] as (typeof pool)[number];
      items.push({
        sessionId: c.session_id,
        agent: { username, displayName: c.display_name },
        startedAt: iso(c.started_at),
        talkSeconds: Number(c.talk_seconds),
      });
    }
  }
  return { items };
}
