// The sentences the emulated calls are made of: each is a speech clip shipped in assets/ (made once with
// scripts/make-speech-clips.ts) and a transcript line, so what DescribeTelRecordAsr says is what the
// recording says. Four topics, so a search finds 退款, 投诉 and 续费 in some calls and not in others.

export type Speaker = 'agent' | 'customer';

export interface Phrase {
  id: string;
  speaker: Speaker;
  text: string;
}

export const PHRASES = [
  { id: 'greet', speaker: 'agent', text: '您好，这里是客服中心，请问有什么可以帮您？' },
  { id: 'thanks', speaker: 'customer', text: '好的，谢谢。' },
  { id: 'bye', speaker: 'agent', text: '不客气，再见。' },
  { id: 'transfer', speaker: 'agent', text: '请稍等，我为您转接专员。' },
  { id: 'specialist', speaker: 'agent', text: '您好，我是专员，请您讲。' },
  { id: 'refund.ask', speaker: 'customer', text: '我买的耳机坏了，想申请退款。' },
  { id: 'refund.order', speaker: 'agent', text: '好的，请告诉我订单号。' },
  { id: 'refund.number', speaker: 'customer', text: '订单号是八八六六。' },
  { id: 'refund.done', speaker: 'agent', text: '退款已提交，三个工作日内到账。' },
  { id: 'complaint.ask', speaker: 'customer', text: '我要投诉，快递三天还没送到。' },
  { id: 'complaint.sorry', speaker: 'agent', text: '非常抱歉，我马上为您查询。' },
  { id: 'complaint.urge', speaker: 'customer', text: '请尽快处理。' },
  { id: 'complaint.done', speaker: 'agent', text: '已催促快递，今天下午送达。' },
  { id: 'renewal.ask', speaker: 'customer', text: '我的会员快到期了，想续费。' },
  { id: 'renewal.offer', speaker: 'agent', text: '现在续费一年可以打八折。' },
  { id: 'renewal.yes', speaker: 'customer', text: '那就续费一年吧。' },
  { id: 'renewal.done', speaker: 'agent', text: '续费已办理好，感谢您的支持。' },
  { id: 'consult.ask', speaker: 'customer', text: '请问你们晚上几点下班？' },
  { id: 'consult.answer', speaker: 'agent', text: '我们每天晚上九点下班。' },
] as const satisfies readonly Phrase[];

export type PhraseId = (typeof PHRASES)[number]['id'];

export const phrase = (id: PhraseId): Phrase => PHRASES.find((p) => p.id === id) as Phrase;
