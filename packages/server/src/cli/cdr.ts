import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.js';
import type { CdrApi } from '../records/cdr-api.js';
import { loadSyncPosition, maxPageSize, syncCdrs } from '../records/cdr-sync.js';

export const cdrUsage = `Usage: tccc-dialer cdr sync [--since <ISO time | 7d | 12h>] [--page-size 1..100]

Pulls call detail records (DescribeTelCdr) into the call history.
Without --since it continues from the saved position (or the last 24 hours on first run);
with --since it starts over from that time (at most 180 days back, as TCCC keeps them).`;

const DURATION = /^(\d+)([dh])$/;

/** `2026-01-01T00:00:00Z`, `2026-01-01`, `7d` or `12h` → Unix ms. */
export function parseSince(value: string, now: number): number | undefined {
  const rel = DURATION.exec(value);
  if (rel) return now - Number(rel[1]) * (rel[2] === 'd' ? 86_400_000 : 3_600_000);
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

const argsSchema = z.object({
  since: z.string().optional(),
  pageSize: z.coerce.number().int().min(1).max(maxPageSize).optional(),
});

export interface CdrCommandDeps {
  db: Kysely<Database>;
  api: CdrApi;
  now?: () => number;
  out?: (line: string) => void;
  /** Number mapping is on: flag outbound calls that carried no permit, as the background sync does. */
  auditPermits?: boolean;
}

/** `tccc-dialer cdr <sub> ...`; resolves the process exit code. */
export async function runCdrCommand(argv: string[], deps: CdrCommandDeps): Promise<number> {
  const out = deps.out ?? ((line: string) => console.log(line));
  const now = deps.now ?? Date.now;
  const [sub, ...rest] = argv;
  if (sub !== 'sync') {
    out(cdrUsage);
    return sub === undefined || sub === '--help' ? 0 : 2;
  }
  const raw: Record<string, string> = {};
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i];
    const value = rest[i + 1];
    if (flag === '--since' && value !== undefined) raw.since = value;
    else if (flag === '--page-size' && value !== undefined) raw.pageSize = value;
    else {
      out(`Unknown or incomplete option "${flag}".\n${cdrUsage}`);
      return 2;
    }
  }
  const args = argsSchema.safeParse(raw);
  if (!args.success) {
    out(`--page-size must be a whole number from 1 to ${maxPageSize}.`);
    return 2;
  }
  let since: number | undefined;
  if (args.data.since !== undefined) {
    since = parseSince(args.data.since, now());
    if (since === undefined || since > now() || since < now() - 180 * 86_400_000) {
      out(
        `--since "${args.data.since}" must be a time within the last 180 days (ISO 8601, or like 7d / 12h).`,
      );
      return 2;
    }
  }
  const before = await loadSyncPosition(deps.db);
  out(
    since !== undefined
      ? `Syncing CDRs from ${new Date(since).toISOString()}.`
      : before !== undefined
        ? 'Resuming the CDR sync from its saved position.'
        : 'Syncing CDRs of the last 24 hours.',
  );
  try {
    const result = await syncCdrs({
      db: deps.db,
      api: deps.api,
      now,
      auditPermits: deps.auditPermits ?? false,
      ...(since === undefined ? {} : { since, restart: true }),
      ...(args.data.pageSize === undefined ? {} : { pageSize: args.data.pageSize }),
      onInvalid: (bad) =>
        out(`  skipped a record that does not parse (${bad.sessionId ?? 'no SessionId'}): ${bad.reason}`),
      onPage: (p) =>
        out(
          `  ${new Date(p.windowStart).toISOString()} … ${new Date(p.windowEnd).toISOString()} page ${p.page}: ${p.stored} of ${p.total}`,
        ),
    });
    out(`Done: ${result.stored} records in ${result.pages} pages.`);
    return 0;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    out(
      `CDR sync stopped (${typeof code === 'string' ? code : 'error'}); the position is saved, run the same command again to continue.`,
    );
    return 1;
  }
}
