import { describe, expect, it } from 'vitest';
import { ApiError } from './api/index.js';
import { messages } from './i18n/messages.js';
import { signInFailure } from './session.js';

const failed = (code: ApiError['code'], status: number) => new ApiError(code, 'from the server', status);
const words = (err: unknown) => messages['en-US'].login.errors[signInFailure(err)];

describe('a failed sign-in', () => {
  it('says which failure it was for the codes the server sends', () => {
    expect(words(failed('INVALID_CREDENTIALS', 401))).toBe('Wrong username or password.');
    expect(words(failed('SIGN_IN_LOCKED', 429))).toMatch(/Too many failed sign-ins/);
    expect(words(failed('ACCOUNT_NOT_FOUND', 403))).toMatch(/not set up for calling/);
    expect(words(failed('NETWORK_ERROR', 0))).toMatch(/Cannot reach the server/);
    expect(words(failed('SIGN_IN_BUSY', 429))).toMatch(/busy with many sign-ins.*press Sign in again/);
  });

  it('reads a gateway error without our JSON as an unreachable server, anything else as unknown', () => {
    expect(signInFailure(failed('HTTP_ERROR', 502))).toBe('NETWORK_ERROR');
    expect(signInFailure(failed('HTTP_ERROR', 504))).toBe('NETWORK_ERROR');
    expect(signInFailure(failed('HTTP_ERROR', 404))).toBe('unknown');
    expect(signInFailure(failed('INTERNAL', 500))).toBe('unknown');
    expect(signInFailure(new Error('boom'))).toBe('unknown');
  });
});
