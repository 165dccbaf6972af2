import type { z } from 'zod';
import type { scorecard } from '../api/quality.js';

export type Scorecard = z.output<typeof scorecard>;
type Question = Scorecard['sections'][number]['questions'][number];

export const questionsOf = (card: Pick<Scorecard, 'sections'>): Question[] =>
  card.sections.flatMap((s) => s.questions);

/**
 * The score of a set of answers (question id → met): the weights of the questions met over all the
 * weights, 0–100 to one decimal; a missed auto-fail question makes it 0. Undefined unless every
 * question, and nothing else, is answered.
 */
export function scoreOf(
  card: Pick<Scorecard, 'sections'>,
  answers: Record<string, boolean>,
): { score: number; autoFailed: boolean } | undefined {
  const questions = questionsOf(card);
  const ids = new Set(questions.map((q) => q.id));
  if (Object.keys(answers).length !== ids.size || !Object.keys(answers).every((id) => ids.has(id)))
    return undefined;
  const total = questions.reduce((n, q) => n + q.weight, 0);
  const met = questions.reduce((n, q) => n + (answers[q.id] === true ? q.weight : 0), 0);
  const autoFailed = questions.some((q) => q.autoFail && answers[q.id] !== true);
  return { score: autoFailed ? 0 : Math.round((met / total) * 1000) / 10, autoFailed };
}
