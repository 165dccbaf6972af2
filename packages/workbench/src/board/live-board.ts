import type { PathOf } from '@tccc-dialer/server/client';
import { computed, onBeforeUnmount, onMounted, ref, shallowRef } from 'vue';
import type { BoardAgent, BoardFloor, BoardSnapshot } from '../api/index.js';

/** The board's stream, a route of the server's contract. */
const eventsPath: PathOf<'GET'> = '/api/board/events';

/** `live`: the stream is up and whole; `stale`: what shows may be behind while it reconnects. */
export type BoardConnection = 'connecting' | 'live' | 'stale';

/**
 * The supervisor's board as the server streams it: a snapshot on every (re)connection, then one row
 * per change and the floor's figures every few seconds. The browser's EventSource reconnects by
 * itself (the server asks for 1 s); until the next snapshot arrives the board says it is stale.
 */
export function useLiveBoard(options: { EventSource?: typeof EventSource } = {}) {
  const agents = ref<BoardAgent[]>([]);
  const floor = shallowRef<BoardFloor | undefined>();
  const connection = ref<BoardConnection>('connecting');
  /** Ticks every second, so the times in status and on calls count up between events. */
  const now = ref(Date.now());
  let source: EventSource | undefined;
  let ticker: ReturnType<typeof setInterval> | undefined;

  const parse = <T>(e: Event) => JSON.parse((e as MessageEvent<string>).data) as T;
  function upsert(row: BoardAgent) {
    const i = agents.value.findIndex((a) => a.username === row.username);
    if (i < 0) agents.value = [...agents.value, row].sort((a, b) => a.username.localeCompare(b.username));
    else agents.value = agents.value.map((a, k) => (k === i ? row : a));
  }

  function open() {
    const Source = options.EventSource ?? globalThis.EventSource;
    source = new Source(eventsPath);
    source.addEventListener('snapshot', (e) => {
      const s = parse<BoardSnapshot>(e);
      agents.value = s.agents;
      floor.value = s.floor;
      connection.value = 'live';
    });
    source.addEventListener('agent', (e) => upsert(parse<BoardAgent>(e)));
    source.addEventListener('floor', (e) => (floor.value = parse<BoardFloor>(e)));
    source.addEventListener('stale', () => (connection.value = 'stale'));
    source.addEventListener('error', () => {
      if (connection.value === 'live') connection.value = 'stale';
    });
  }

  onMounted(() => {
    open();
    ticker = setInterval(() => (now.value = Date.now()), 1000);
  });
  onBeforeUnmount(() => {
    source?.close();
    if (ticker !== undefined) clearInterval(ticker);
  });

  const counts = computed(() => {
    const by: Record<string, number> = {};
    for (const a of agents.value) by[a.status] = (by[a.status] ?? 0) + 1;
    return by;
  });

  return { agents, floor, connection, now, counts };
}
