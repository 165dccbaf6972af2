// Group commit stores a batch of pushes in one transaction, in session order, its receipts in one
// statement: what it stores must be exactly what the same pushes store one at a time, including a call
// pushed twice, a record push between CDRs, a retry inside the batch and a call the database holds.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { databaseTargets } from '../test-support/databases.js';
import { createPushIngester, ingestPush, type PushDelivery } from './push-ingest.js';
import { cdrPush as cdr, recordPush, pushT as T } from './test-support/pushes.js';
import { seedUsers } from './test-support/records-app.js';

const targets = await databaseTargets();

// Out of session order, with call b pushed twice (a later CDR after an unanswered one), a record push
// among the CDRs, the first push retried in the same batch and 70 more calls (past one statement).
const pushes: PushDelivery[] = [
  cdr('u-c', 'call-c'),
  cdr('u-b1', 'call-b', { AcceptTimestamp: 0, Duration: 0, EndStatusString: 'noAnswer', RecordId: '' }),
  recordPush('u-r', 'call-b', 'customer'),
  cdr('u-a', 'call-a', { Direction: 0, Caller: '008613800138000', Callee: '02160000000' }),
  cdr('u-b2', 'call-b'),
  cdr('u-c', 'call-c'),
  ...Array.from({ length: 70 }, (_, i) => cdr(`u-n${i}`, `call-n${String(i).padStart(2, '0')}`)),
];

async function contents(handle: DatabaseHandle) {
  const calls = await handle.db.selectFrom('calls').selectAll().orderBy('session_id').execute();
  const recordings = await handle.db
    .selectFrom('call_recordings')
    .select(['session_id', 'record_id', 'side', 'seat_user_id'])
    .orderBy('session_id')
    .orderBy('record_id')
    .execute();
  return { calls: calls.map(({ created_at, updated_at, ...rest }) => rest), recordings };
}

describe.each(targets)('a batch of pushes ($engine)', ({ open }) => {
  let batched: DatabaseHandle;
  let single: DatabaseHandle;
  beforeEach(async () => {
    batched = await open();
    single = await open();
    for (const h of [batched, single]) {
      await seedUsers(h.db);
      // A call the database already holds, from the browser, before its CDR comes.
      await ingestPush(h.db, cdr('u-old', 'call-a', { EndStatusString: 'busy', Duration: 0 }), T * 1000);
    }
  });
  afterEach(async () => {
    await batched.close();
    await single.close();
  });

  it('stores what the same pushes store one at a time, and answers each as they would be', async () => {
    const ingester = createPushIngester(batched.db, () => T * 1000);
    const answers = await Promise.all(pushes.map((p) => ingester.ingest(p)));
    const oneByOne: string[] = [];
    for (const p of pushes) oneByOne.push(await ingestPush(single.db, p, T * 1000));

    expect(answers).toEqual(oneByOne);
    expect(answers.filter((a) => a === 'duplicate')).toHaveLength(1);
    const stored = await contents(batched);
    expect(stored).toEqual(await contents(single));
    expect(stored.calls).toHaveLength(73);
    const b = stored.calls.find((c) => c.session_id === 'call-b');
    expect(b).toMatchObject({ outcome: 'answered', record_id: 'call-b-mix', has_recording: 1 });
  });
});
