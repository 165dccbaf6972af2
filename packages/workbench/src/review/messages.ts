/** The call page's and transcript search's texts; i18n/messages.ts mounts them under `review`. */
const zh = {
  title: '通话详情',
  back: '返回通话记录',
  open: '详情',
  recording: '录音',
  noRecording: '该通话没有录音',
  speed: '倍速',
  transcript: '通话转写',
  noTranscript: '没有转写内容（通话未接通，或联络中心未提供）。',
  speaker: { agent: '坐席', customer: '客户' },
  analysis: '智能分析',
  summary: '摘要',
  mood: '情绪',
  intention: '意向',
  noAnalysis: '联络中心没有这通电话的智能分析。',
  note: '备注',
  failed: '加载失败：{message}',
  search: {
    label: '搜索通话内容',
    placeholder: '例如：退款',
    customerOnly: '只搜客户说的话',
    submit: '搜索',
    empty: '没有找到包含该内容的通话（只搜索打开过详情的通话）。',
  },
};

const en: typeof zh = {
  title: 'Call details',
  back: 'Back to call history',
  open: 'Details',
  recording: 'Recording',
  noRecording: 'This call has no recording',
  speed: 'Speed',
  transcript: 'Transcript',
  noTranscript: 'No transcript (the call was not answered, or the contact center has none).',
  speaker: { agent: 'Agent', customer: 'Customer' },
  analysis: 'AI analysis',
  summary: 'Summary',
  mood: 'Mood',
  intention: 'Intention',
  noAnalysis: 'The contact center has no AI analysis of this call.',
  note: 'Note',
  failed: 'Could not load: {message}',
  search: {
    label: 'Search what was said',
    placeholder: 'e.g. 退款 (refund)',
    customerOnly: 'Only what the customer said',
    submit: 'Search',
    empty: 'No call says that (only calls whose details were opened are searched).',
  },
};

export const reviewMessages = { 'zh-CN': zh, 'en-US': en };
