// Which recording a RecordId names (`R…` both sides, `R…U` the customer, `R…S<n>` seat n) and its audio.
import type { CdrStore } from '../cdr.js';
import { conversationOf } from './conversation.js';
import { type Channel, recordingWav } from './recording-audio.js';

export function recordingOf(cdrs: CdrStore, recordId: string): Buffer | undefined {
  const record = cdrs.byRecordId(recordId);
  const conversation = record ? conversationOf(record) : undefined;
  if (!conversation) return undefined;
  const suffix = recordId.slice(record?.recordId?.length ?? 0);
  const seat = /^S(\d+)$/.exec(suffix)?.[1];
  const channel: Channel =
    suffix === 'U'
      ? { kind: 'customer' }
      : seat !== undefined
        ? { kind: 'seat', sequence: Number(seat) }
        : { kind: 'mixed' };
  return recordingWav(conversation, channel);
}
