/** The live board's texts; i18n/messages.ts mounts them under `board`. */
const zh = {
  title: '实时看板',
  connection: { connecting: '连接中…', live: '实时', stale: '连接中断，正在重连，数据可能已过时' },
  columns: { agent: '坐席', status: '状态', since: '持续', call: '当前通话', actions: '操作' },
  status: {
    free: '空闲',
    busy: '忙碌',
    rest: '小休',
    notReady: '示忙',
    afterCallWork: '话后整理',
    offline: '离线',
  },
  phase: { dialing: '拨号中', ringing: '振铃中', connected: '通话中' },
  noCall: '—',
  overrun: '话后整理超时（上限 {limit}）',
  monitor: '监听',
  monitorNote:
    '“监听”在腾讯云联络中心自己的页面中打开（链接仅可使用一次）；实时监听需联络中心高级版，且您的坐席需为管理员。',
  lists: {
    title: '名单进度',
    name: '名单',
    remaining: '剩余',
    dialled: '本小时已拨',
    contactRate: '接通率',
    empty: '没有进行中的名单',
    projectedFinish: '预计完成',
    noProjection: '—',
    projectedHint: '按本小时的拨号速度和剩余条数估算',
  },
  hour: {
    title: '本小时',
    calls: '通话',
    answered: '接通',
    usual: '近 7 天同一小时平均：{calls} 通，接通 {answered}',
  },
  queue: { title: '呼入排队', queued: '排队', ringing: '振铃', connected: '通话' },
};

const en: typeof zh = {
  title: 'Live board',
  connection: {
    connecting: 'Connecting…',
    live: 'Live',
    stale: 'Connection lost, reconnecting: figures may be out of date',
  },
  columns: { agent: 'Agent', status: 'Status', since: 'For', call: 'Current call', actions: 'Actions' },
  status: {
    free: 'Free',
    busy: 'Busy',
    rest: 'On a break',
    notReady: 'Not ready',
    afterCallWork: 'After-call work',
    offline: 'Offline',
  },
  phase: { dialing: 'Dialling', ringing: 'Ringing', connected: 'Talking' },
  noCall: '—',
  overrun: 'After-call work over its {limit}',
  monitor: 'Monitor',
  monitorNote:
    "Monitor opens TCCC's own page (the link works once); live listening needs TCCC's Advanced edition and an administrator seat.",
  lists: {
    title: 'Call lists',
    name: 'List',
    remaining: 'Remaining',
    dialled: 'Dialled this hour',
    contactRate: 'Contact rate',
    empty: 'No list is running',
    projectedFinish: 'Projected finish',
    noProjection: '—',
    projectedHint: "At this hour's dial rate, for the entries left",
  },
  hour: {
    title: 'This hour',
    calls: 'Calls',
    answered: 'Answered',
    usual: 'Same hour, last 7 days on average: {calls} calls, {answered} answered',
  },
  queue: { title: 'Inbound queue', queued: 'Queued', ringing: 'Ringing', connected: 'Talking' },
};

export const boardMessages = { 'zh-CN': zh, 'en-US': en };
