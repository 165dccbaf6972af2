// What was said in an answered call: a script chosen by the SessionId, laid out over the time each seat was
// connected, one line after another with a pause between. The transcript (DescribeTelRecordAsr), the AI
// analysis and the recordings are all read from this one layout, so they agree.
import { createHash } from 'node:crypto';
import type { CdrRecord } from '../cdr.js';
import { clipMs } from './clips.js';
import { type PhraseId, phrase, type Speaker } from './phrases.js';

export type Topic = 'refund' | 'complaint' | 'renewal' | 'consult';

const SCRIPTS: Record<Topic, PhraseId[]> = {
  refund: ['greet', 'refund.ask', 'refund.order', 'refund.number', 'refund.done', 'thanks', 'bye'],
  complaint: [
    'greet',
    'complaint.ask',
    'complaint.sorry',
    'complaint.urge',
    'complaint.done',
    'thanks',
    'bye',
  ],
  renewal: ['greet', 'renewal.ask', 'renewal.offer', 'renewal.yes', 'renewal.done', 'thanks', 'bye'],
  consult: ['greet', 'consult.ask', 'consult.answer', 'thanks', 'bye'],
};
const TOPICS = Object.keys(SCRIPTS) as Topic[];

/** The first line starts this long after a seat is connected; lines are this far apart. */
const LEAD_MS = 400;
const GAP_MS = 500;

export interface Line {
  phrase: PhraseId;
  speaker: Speaker;
  /** The seat speaking an agent line (its e-mail); the customer's lines have none. */
  seatUserId?: string;
  /** `ServeParticipant.Sequence` of that seat. */
  sequence?: number;
  text: string;
  /** Unix milliseconds. */
  start: number;
  end: number;
}

export interface Conversation {
  topic: Topic;
  /** Where every recording of the call starts: its AcceptTimestamp, in milliseconds. */
  recordingStart: number;
  recordingEnd: number;
  lines: Line[];
}

/** The same call always gets the same topic. */
export function topicOf(sessionId: string): Topic {
  const n = createHash('sha256').update(sessionId).digest().readUInt32BE(0);
  return TOPICS[n % TOPICS.length] as Topic;
}

/** The call's conversation; `undefined` when nobody answered (no recording, no transcript). */
export function conversationOf(r: CdrRecord): Conversation | undefined {
  if (r.acceptedAt === undefined) return undefined;
  const acceptedAt = r.acceptedAt;
  const topic = topicOf(r.sessionId);
  const script = SCRIPTS[topic];
  const lines: Line[] = [];
  const segments = r.participants
    .map((p) => ({
      p,
      // An outbound call's first seat is connected once the callee answers.
      from: p.sequence === 0 && r.direction === 'outbound' ? acceptedAt : p.acceptedAt,
      to: p.endedAt ?? r.endedAt,
    }))
    .filter((s): s is typeof s & { from: number } => s.from !== undefined)
    .sort((a, b) => a.p.sequence - b.p.sequence);
  let next = 0;
  segments.forEach(({ p, from, to }, k) => {
    let t = from + LEAD_MS;
    const transferred = p.endStatusString === 'seatForward';
    const reserve = transferred ? GAP_MS + clipMs('transfer') : 0;
    const place = (id: PhraseId): boolean => {
      const ms = clipMs(id);
      if (t + ms > to) return false;
      const { speaker, text } = phrase(id);
      const line: Line = { phrase: id, speaker, text, start: t, end: t + ms };
      if (speaker === 'agent') {
        line.seatUserId = p.seatUserId;
        line.sequence = p.sequence;
      }
      lines.push(line);
      t += ms + GAP_MS;
      return true;
    };
    // A seat taking a transferred call greets as the specialist; the script goes on where it stopped.
    if (k > 0) {
      if (script[next] === 'greet') next++;
      place('specialist');
    }
    while (next < script.length) {
      const id = script[next] as PhraseId;
      if (t + clipMs(id) + reserve > to) break;
      place(id);
      next++;
    }
    if (transferred) place('transfer');
  });
  return { topic, recordingStart: Math.floor(acceptedAt / 1000) * 1000, recordingEnd: r.endedAt, lines };
}

/** `DescribeAIAnalysisResult`'s three results, read from what was actually said. */
export function analysisOf(c: Conversation): { summary: string; mood: string; intention: string } {
  const said = new Set(c.lines.map((l) => l.phrase));
  const transferred = said.has('transfer') ? '通话中途转接专员处理。' : '';
  const topics: Record<
    Topic,
    { ask: PhraseId; done: PhraseId; intention: string; asked: string; solved: string }
  > = {
    refund: {
      ask: 'refund.ask',
      done: 'refund.done',
      intention: '退款',
      asked: '客户反映耳机损坏，申请退款',
      solved: '座席已提交退款，三个工作日内到账。',
    },
    complaint: {
      ask: 'complaint.ask',
      done: 'complaint.done',
      intention: '投诉',
      asked: '客户投诉快递三天未送达',
      solved: '座席已催促快递，今天下午送达。',
    },
    renewal: {
      ask: 'renewal.ask',
      done: 'renewal.done',
      intention: '续费',
      asked: '客户会员即将到期，咨询续费',
      solved: '座席介绍续费一年八折，已为客户办理续费一年。',
    },
    consult: {
      ask: 'consult.ask',
      done: 'consult.answer',
      intention: '咨询',
      asked: '客户咨询营业时间',
      solved: '座席告知每天晚上九点下班。',
    },
  };
  const t = topics[c.topic];
  if (!said.has(t.ask)) {
    const summary = c.lines.length
      ? '座席问候后通话结束，未涉及具体业务。'
      : '通话时间过短，无有效对话内容。';
    return { summary, mood: '中性', intention: '无明确意向' };
  }
  const solved = said.has(t.done);
  const summary = `${t.asked}。${transferred}${solved ? t.solved : '通话在问题处理完成前结束。'}`;
  const mood = c.topic === 'complaint' ? '负面' : c.topic === 'renewal' && solved ? '正面' : '中性';
  return { summary, mood, intention: t.intention };
}
