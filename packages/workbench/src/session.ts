import { ref } from 'vue';
import { ApiError, type User } from './api/index.js';
import type { Messages } from './i18n/messages.js';

/** The signed-in user, shared by the router guard and the views. */
export const currentUser = ref<User | undefined>();

export type SignInFailure = keyof Messages['login']['errors'];

/** Which of the sign-in screen's explanations fits a failed sign-in. */
export function signInFailure(err: unknown): SignInFailure {
  if (!(err instanceof ApiError)) return 'unknown';
  switch (err.code) {
    case 'INVALID_CREDENTIALS':
    case 'SIGN_IN_LOCKED':
    case 'ACCOUNT_NOT_FOUND':
    case 'RATE_LIMITED':
    case 'SIGN_IN_BUSY':
    case 'NETWORK_ERROR':
      return err.code;
    // A proxy in front of a stopped server answers 502–504 without our JSON: that is "unreachable" too.
    case 'HTTP_ERROR':
      return err.status >= 502 ? 'NETWORK_ERROR' : 'unknown';
    default:
      return 'unknown';
  }
}
