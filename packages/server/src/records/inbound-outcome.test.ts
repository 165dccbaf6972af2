import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { databaseTargets } from '../test-support/databases.js';
import { outcomeLabels } from './outcome.js';
import { buildRecordsApp, pushHeader, seedUsers } from './test-support/records-app.js';

const targets = await databaseTargets();
const T = 1_700_000_000;

// TCCC's inbound end statuses (TelCdrInfo EndStatus 100–107), the push sends only the string.
const inbound = [
  [100, 'blackList', 'blocked', 'Blocked', '呼叫被拦截'],
  [102, 'ivrGiveUp', 'ivrAbandoned', 'Caller hung up in the IVR', '客户在语音导航中挂断'],
  [103, 'waitingGiveUp', 'missed', 'Missed call', '未接来电'],
  [104, 'ringingGiveUp', 'missed', 'Missed call', '未接来电'],
  [105, 'noSeatOnline', 'missed', 'Missed call', '未接来电'],
  [106, 'notWorkTime', 'outsideHours', 'Called outside working hours', '非工作时间来电'],
  [107, 'ivrEnd', 'ivrEnded', 'Ended in the IVR', '语音导航内结束'],
] as const;

describe.each(targets)('inbound CDRs pushed by TCCC ($engine)', ({ open }) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  beforeEach(async () => {
    handle = await open();
    await seedUsers(handle.db);
    app = await buildRecordsApp(handle.db);
  });
  afterEach(async () => {
    await app.close();
    await handle.close();
  });

  const push = (i: number, endStatusString: string) =>
    app.inject({
      method: 'POST',
      url: '/api/tccc/push?action=cdr&version=1',
      headers: {
        'content-type': 'application/json;charset=utf8',
        authorization: pushHeader,
        'x-tccc-push-uuid': crypto.randomUUID(),
      },
      payload: JSON.stringify({
        SdkAppId: 1400000001,
        SessionId: `in-${endStatusString}`,
        Direction: 0,
        Caller: '008613900001111',
        Callee: '02160000000',
        StartTimestamp: T + i * 60,
        RingTimestamp: T + i * 60 + 1,
        AcceptTimestamp: 0,
        EndedTimestamp: T + i * 60 + 30,
        Duration: 0,
        EndStatusString: endStatusString,
        HungUpSide: 'user',
        SeatUser: { Mail: 'agent@example.com' },
      }),
    });

  it.each(inbound)('%i %s lands with its code and the outcome %s', async (code, text, outcome) => {
    expect((await push(0, text)).json()).toEqual({ ErrCode: 0, ErrMsg: '' });
    const res = await app.inject({ method: 'GET', url: '/api/calls', headers: { 'x-test-user': 'sue' } });
    expect(res.json().items).toMatchObject([
      {
        sessionId: `in-${text}`,
        direction: 'inbound',
        caller: '13900001111',
        endStatus: code,
        endStatusString: text,
        outcome,
        talkSeconds: 0,
      },
    ]);
  });

  it('reads every inbound outcome in English and Chinese in the export', async () => {
    for (const [i, [, text]] of inbound.entries()) await push(i, text);
    const csv = async (language: string) =>
      (
        await app.inject({
          method: 'GET',
          url: '/api/calls/export.csv',
          headers: { 'x-test-user': 'sue', 'accept-language': language },
        })
      ).body;
    const en = await csv('en-US');
    const zh = await csv('zh-CN');
    for (const [, text, outcome, english, chinese] of inbound) {
      expect(outcomeLabels[outcome]).toEqual({ 'en-US': english, 'zh-CN': chinese });
      const enLine = en.split('\r\n').find((l) => l.includes(`in-${text}`));
      const zhLine = zh.split('\r\n').find((l) => l.includes(`in-${text}`));
      expect(enLine, text).toContain(english);
      expect(zhLine, text).toContain(chinese);
    }
  });
});
