import { z } from 'zod';

/** The process environment, or any record of variables a test passes instead. */
export type Env = Record<string, string | undefined>;

/** A variable that stops the server: names the variable and the fix, in one line (exit 78). */
export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

/** One environment variable: its schema and what a person should set when it is wrong. */
export interface Variable<T> {
  schema: z.ZodType<T>;
  fix: string;
  /** Its value is never repeated in an error (it may be a password). */
  secret?: boolean;
}

export const variable = <T>(schema: z.ZodType<T>, fix: string, secret = false): Variable<T> => ({
  schema,
  fix,
  secret,
});

/** A comma-separated list, trimmed, empty entries dropped. */
export const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );

export const positiveInt = z.coerce.number().int().positive();

type Values<V extends Record<string, Variable<unknown>>> = {
  [K in keyof V]: V[K] extends Variable<infer T> ? T : never;
};

/**
 * Reads one configuration area: each variable through its schema (an empty value counts as unset).
 * The first bad one throws `NAME: fix (got "value")`, never echoing a secret.
 */
export function readArea<V extends Record<string, Variable<unknown>>>(env: Env, variables: V): Values<V> {
  const values: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(variables)) {
    const raw = env[name]?.trim();
    const parsed = v.schema.safeParse(raw === '' ? undefined : raw);
    if (!parsed.success) {
      const got =
        raw === undefined || raw === ''
          ? 'it is not set'
          : v.secret
            ? `got a value of ${raw.length} characters`
            : `got ${JSON.stringify(raw)}`;
      throw new ConfigError(name, `${v.fix} (${got})`);
    }
    values[name] = parsed.data;
  }
  return values as Values<V>;
}
