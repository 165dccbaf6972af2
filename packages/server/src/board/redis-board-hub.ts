import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { BoardAgent, BoardHub, BoardHubEvent } from './board-hub.js';
import { sameRow } from './board-hub.js';

export interface RedisBoardHubOptions {
  /** The replica's command connection; the hub opens its own subscriber beside it. */
  redis: Redis;
  /** `<REDIS_KEY_PREFIX>:board`: the rows' hash and the channel are named after it. */
  key: string;
}

/**
 * The board shared by replicas: each agent's row in one Redis hash (so a board that connects to any
 * replica starts from the whole floor), each change published on one channel (so every replica's
 * boards hear it at once). The subscriber's loss is reported as `stale`, its return as `live`.
 */
export function redisBoardHub(o: RedisBoardHubOptions): BoardHub {
  const hash = `${o.key}:agents`;
  const channel = `${o.key}:changes`;
  const events = new EventEmitter<{ event: [BoardHubEvent] }>();
  events.setMaxListeners(0);
  const subscriber = o.redis.duplicate({ autoResubscribe: false });
  let live = false;
  let closed = false;
  subscriber.on('error', () => undefined);
  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    try {
      events.emit('event', { type: 'agent', agent: JSON.parse(message) as BoardAgent });
    } catch {
      // Not ours: nothing else publishes on this channel.
    }
  });
  // Live again once the subscription is back and the command connection too (a snapshot reads it).
  const commandsReady = () =>
    o.redis.status === 'ready'
      ? Promise.resolve()
      : new Promise<void>((r) => o.redis.once('ready', () => r()));
  subscriber.on('ready', () => {
    subscriber
      .subscribe(channel)
      .then(commandsReady)
      .then(
        () => {
          if (live || closed) return;
          live = true;
          events.emit('event', { type: 'live' });
        },
        () => undefined,
      );
  });
  const lost = () => {
    if (!live || closed) return;
    live = false;
    events.emit('event', { type: 'stale', reason: 'redis' });
  };
  subscriber.on('close', lost);
  subscriber.on('end', lost);
  subscriber.connect().catch(() => undefined);

  return {
    async update(username, change) {
      const stored = await o.redis.hget(hash, username);
      const before = stored === null ? undefined : (JSON.parse(stored) as BoardAgent);
      const next = change(before);
      if (next === undefined || sameRow(before, next)) return;
      const json = JSON.stringify(next);
      await o.redis.multi().hset(hash, username, json).publish(channel, json).exec();
    },
    async rows() {
      return Object.values(await o.redis.hgetall(hash)).map((v) => JSON.parse(v) as BoardAgent);
    },
    subscribe(listener) {
      events.on('event', listener);
      return () => events.off('event', listener);
    },
    async close() {
      closed = true;
      events.removeAllListeners();
      await subscriber.quit().catch(() => subscriber.disconnect());
    },
  };
}
