import type { FastifyInstance, FastifyRequest } from 'fastify';

export type Locale = 'zh-CN' | 'en-US';

declare module 'fastify' {
  interface FastifyRequest {
    /** The language a person reads this answer in: English when `Accept-Language` starts with it. */
    readonly locale: Locale;
  }
}

/** English for an `Accept-Language` that starts with `en`, Chinese otherwise (the product's default). */
export function localeOf(header: unknown): Locale {
  return /^\s*en/i.test(String(header ?? '')) ? 'en-US' : 'zh-CN';
}

/** Decorates every request of this scope with its `locale`, read from `Accept-Language` (once per scope). */
export function decorateLocale(app: FastifyInstance): void {
  if (app.hasRequestDecorator('locale')) return;
  app.decorateRequest('locale', {
    getter(this: FastifyRequest) {
      return localeOf(this.headers['accept-language']);
    },
  });
}
