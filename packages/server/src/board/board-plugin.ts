import { fastifySSE } from '@fastify/sse';
import type { FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { contract } from '../api/contract.js';
import { ServerError } from '../errors.js';
import { typed } from '../http/routes.js';
import { type LeaderJob, type LeaderLock, startLeaderJob } from '../scale/leader-lock.js';
import { createBoardFeed } from './board-feed.js';
import { type BoardAgent, type BoardHub, type BoardHubEvent, localBoardHub } from './board-hub.js';
import { applyMetric, emptyRow } from './board-row.js';
import { type BoardFloor, floorFigures, type QueueFigures } from './floor-figures.js';
import { mintMonitorUrl } from './monitor.js';
import { readQueue, readStaffStatus } from './tccc-floor.js';

export type { BoardFeed } from './board-feed.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Tells the supervisor's board what the server learns (call events, status, CDRs). */
    boardFeed: import('./board-feed.js').BoardFeed;
  }
}

export interface BoardOptions {
  /** Where rows live and changes fan out; default this process (with Redis: every replica). */
  hub?: BoardHub | undefined;
  /** With replicas: the lock that lets one of them read TCCC's metrics at a time. */
  lock?: LeaderLock | undefined;
  /** How often TCCC's `DescribeStaffStatusMetrics` / `DescribeCallInMetrics` correct the board (0: never). */
  reconcileMs?: number | undefined;
  /** How often the floor's figures (lists, this hour, queue) are recomputed for connected boards. */
  floorMs?: number | undefined;
  /** After-call work allowed outside a list (`WRAP_UP_SECONDS`): past it the board highlights the agent. */
  wrapUpSeconds?: number | undefined;
}

/** Sent first on a stream: how soon the browser reconnects when the stream drops. */
const retryMs = 1000;
const heartbeatMs = 15_000;

/**
 * The supervisor's live board: rows fed by the browsers' call and status events and TCCC's data push,
 * corrected by TCCC's own metrics on a paced schedule, pushed to each board over Server-Sent Events.
 * Every connection starts with a snapshot, so a board that reconnects (to any replica) resumes whole.
 */
export const boardPlugin = fp<BoardOptions>(
  async (app, options) => {
    const { db: maybeDb, upstream, now, sdkAppId } = app.dialer;
    if (maybeDb === undefined) throw new Error('tccc-dialer: the board needs a database');
    const db = maybeDb;
    const hub = options.hub ?? localBoardHub();
    const onError = (error: unknown) =>
      app.log.warn({ code: (error as { code?: string }).code ?? 'UNKNOWN' }, 'board update failed');
    app.decorate(
      'boardFeed',
      createBoardFeed({ hub, db, now, onError, wrapUpSeconds: options.wrapUpSeconds }),
    );
    await app.register(fastifySSE, { heartbeatInterval: heartbeatMs });

    let queue: QueueFigures | null = null;
    let floor: BoardFloor | undefined;
    const floorNow = async () => {
      floor = await floorFigures(db, now(), queue);
      return floor;
    };

    async function snapshot(): Promise<{ agents: BoardAgent[]; floor: BoardFloor }> {
      const [users, rows] = await Promise.all([
        db
          .selectFrom('users')
          .select(['username', 'display_name', 'role'])
          .where('disabled', '=', 0)
          .orderBy('username')
          .execute(),
        hub.rows(),
      ]);
      const byName = new Map(rows.map((r) => [r.username, r]));
      const at = now();
      const agents = users
        .filter((u) => u.role === 'agent' || byName.has(u.username))
        .map((u) => {
          const row = byName.get(u.username);
          // A row kept from before the after-call work limit existed has none.
          return row === undefined
            ? emptyRow({ username: u.username, displayName: u.display_name }, at)
            : { ...row, wrapUpSeconds: row.wrapUpSeconds ?? null };
        });
      return { agents, floor: floor ?? (await floorNow()) };
    }

    // One subscription per replica, written to every open board as one pre-serialised frame.
    const boards = new Set<FastifyReply>();
    const broadcast = (event: string, data: unknown) => {
      const json = JSON.stringify(data);
      for (const reply of boards)
        void reply.sse.send({ event, data: json }).catch(() => boards.delete(reply));
    };
    const unsubscribe = hub.subscribe((e: BoardHubEvent) => {
      if (e.type === 'agent') broadcast('agent', e.agent);
      else if (e.type === 'stale') broadcast('stale', { reason: e.reason });
      else if (boards.size > 0)
        // The feed is back: what changed meanwhile comes as a fresh snapshot.
        void snapshot().then((s) => broadcast('snapshot', s), onError);
    });

    const floorMs = options.floorMs ?? 5000;
    const floorTimer = setInterval(() => {
      if (boards.size === 0) return;
      floorNow().then((f) => broadcast('floor', f), onError);
    }, floorMs).unref();

    const reconcile = async () => {
      const readAt = now();
      const [seats, inbound] = await Promise.all([
        readStaffStatus(upstream, sdkAppId),
        readQueue(upstream, sdkAppId).catch(() => null),
      ]);
      queue = inbound;
      const users = await db
        .selectFrom('users')
        .select(['username', 'display_name', 'seat_user_id'])
        .where('disabled', '=', 0)
        .execute();
      for (const u of users) {
        const metric = seats.get(u.seat_user_id);
        if (metric === undefined) continue;
        await hub.update(
          u.username,
          applyMetric({ username: u.username, displayName: u.display_name }, metric, readAt, now()),
        );
      }
    };
    const reconcileMs = options.reconcileMs ?? 15_000;
    let job: LeaderJob | undefined;
    let timer: NodeJS.Timeout | undefined;
    if (reconcileMs > 0) {
      app.addHook('onReady', async () => {
        if (options.lock === undefined) {
          timer = setInterval(() => void reconcile().catch(onError), reconcileMs).unref();
        } else {
          job = startLeaderJob({
            lock: options.lock,
            ttlMs: reconcileMs * 3,
            intervalMs: reconcileMs,
            firstDelayMs: Math.min(reconcileMs, 2000),
            run: reconcile,
            onError,
          });
        }
      });
    }
    app.addHook('preClose', async () => {
      // Open streams would hold close() until their clients leave.
      for (const reply of boards) reply.sse.close();
      boards.clear();
    });
    app.addHook('onClose', async () => {
      clearInterval(floorTimer);
      if (timer !== undefined) clearInterval(timer);
      await job?.stop();
      unsubscribe();
      if (options.hub === undefined) await hub.close();
    });

    const api = typed(app);
    api.route({
      ...contract.board.events,
      // Frames are serialised once per change for every board, not once per board.
      sse: { kind: 'only', serializer: (data: unknown) => String(data) },
      handler: async (_req, reply) => {
        reply.header('X-Accel-Buffering', 'no').header('Cache-Control', 'no-store');
        reply.sse.keepAlive();
        await reply.sse.send({ retry: retryMs, event: 'snapshot', data: JSON.stringify(await snapshot()) });
        boards.add(reply);
        reply.sse.onClose(() => boards.delete(reply));
      },
    });

    api.route({
      ...contract.board.snapshot,
      handler: async () => snapshot(),
    });

    api.route({
      ...contract.board.monitor,
      handler: async (req, reply) => {
        const user = await app.authenticate(req);
        if (user.role !== 'supervisor') throw new ServerError('FORBIDDEN');
        const url = await mintMonitorUrl(upstream, sdkAppId, user.seatUserId);
        return reply.header('Cache-Control', 'no-store').send({ url });
      },
    });
  },
  { name: 'tccc-dialer-board', dependencies: ['tccc-dialer-core', 'tccc-dialer-session'], fastify: '5.x' },
);
