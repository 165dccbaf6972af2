import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { type AccountStore, hashPassword, type Role } from '../auth/accounts.js';
import type { SessionStore } from '../auth/session-store.js';
import { ServerError } from '../errors.js';

export class UsageError extends Error {}

const username = z.string().regex(/^[A-Za-z0-9._@-]{1,128}$/);
const seat = z.email();
const role = z.enum(['agent', 'supervisor']);

function check<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new UsageError(`${what} ${JSON.stringify(value ?? null)} is not valid`);
  return r.data;
}

export interface AgentsIo {
  print(line: string): void;
  /** The password piped on stdin (`--password-stdin`). */
  readPassword(): Promise<string>;
}

function generated(): string {
  return randomBytes(12).toString('base64url');
}

async function passwordFrom(
  flags: Record<string, unknown>,
  io: AgentsIo,
): Promise<{ password: string; shown: boolean }> {
  if (flags['password-stdin'] === true) {
    const password = (await io.readPassword()).replace(/\r?\n$/, '');
    if (password.length < 8) throw new UsageError('the password on stdin must be at least 8 characters');
    return { password, shown: false };
  }
  return { password: generated(), shown: true };
}

const endedText = (n: number) => (n === 0 ? '' : `; ended ${n} open session${n === 1 ? '' : 's'}`);

/**
 * `tccc-dialer agents add|list|disable|enable|set-password|sign-out`: users and their TCCC seats.
 * Disabling a user or changing their password ends their open sessions on every replica.
 */
export async function agentsCommand(
  { store, sessions }: { store: AccountStore; sessions: SessionStore },
  args: string[],
  flags: Record<string, string | boolean | undefined>,
  io: AgentsIo,
): Promise<void> {
  const [action, name] = args;
  switch (action) {
    case 'add': {
      const user = check(username, name, 'username');
      const seatUserId = check(seat, flags.seat, '--seat (the TCCC SeatUserId e-mail)');
      const r = check(role, flags.role ?? 'agent', '--role') as Role;
      const displayName =
        typeof flags.name === 'string' && flags.name.trim() !== '' ? flags.name.trim() : user;
      const noPassword = flags['no-password'] === true;
      const pw = noPassword ? undefined : await passwordFrom(flags, io);
      try {
        await store.add({
          username: user,
          displayName,
          role: r,
          seatUserId,
          passwordHash: pw === undefined ? undefined : hashPassword(pw.password),
          disabled: false,
        });
      } catch (error) {
        if (error instanceof ServerError && error.code === 'ACCOUNT_EXISTS')
          throw new UsageError(
            `user ${user} exists; change it with "agents set-password" or "agents disable"`,
          );
        throw error;
      }
      io.print(`added ${user} (${r}) calling as seat ${seatUserId}`);
      if (pw?.shown) io.print(`password (shown once): ${pw.password}`);
      return;
    }
    case 'list': {
      const rows = await store.list();
      io.print(['username', 'name', 'role', 'seat', 'status', 'password'].join('\t'));
      for (const a of rows)
        io.print(
          [
            a.username,
            a.displayName,
            a.role,
            a.seatUserId,
            a.disabled ? 'disabled' : 'active',
            a.passwordHash ? 'set' : 'none',
          ].join('\t'),
        );
      return;
    }
    case 'disable':
    case 'enable': {
      const user = check(username, name, 'username');
      if (!(await store.update(user, { disabled: action === 'disable' })))
        throw new UsageError(`no user ${user}`);
      const ended = action === 'disable' ? await sessions.endFor(user) : 0;
      io.print(`${action === 'disable' ? 'disabled' : 'enabled'} ${user}${endedText(ended)}`);
      return;
    }
    case 'set-password': {
      const user = check(username, name, 'username');
      if ((await store.find(user)) === undefined) throw new UsageError(`no user ${user}`);
      const pw = await passwordFrom(flags, io);
      await store.update(user, { passwordHash: hashPassword(pw.password) });
      io.print(`password changed for ${user}${endedText(await sessions.endFor(user))}`);
      if (pw.shown) io.print(`password (shown once): ${pw.password}`);
      return;
    }
    case 'sign-out': {
      if (flags.all === true) {
        io.print(`signed everyone out${endedText(await sessions.endAll())}`);
        return;
      }
      const user = check(username, name, 'username (or --all for everyone)');
      io.print(`signed out ${user}${endedText(await sessions.endFor(user))}`);
      return;
    }
    default:
      throw new UsageError(`unknown agents command "${action ?? ''}"`);
  }
}
