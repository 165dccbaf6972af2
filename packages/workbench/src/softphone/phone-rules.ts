import { shallowRef } from 'vue';

type PhoneModule = typeof import('@tccc-dialer/web/phone');

// libphonenumber's metadata is the largest thing the workbench loads: it comes in its own chunk,
// fetched once the softphone has settled, so the sign-in screen and the softphone never wait for it.
const rules = shallowRef<PhoneModule | undefined>();
let loading: Promise<PhoneModule> | undefined;

/** Starts loading the number rules (once); resolves when they are there. */
export function loadPhoneRules(): Promise<PhoneModule> {
  loading ??= import('@tccc-dialer/web/phone').then((m) => {
    rules.value = m;
    return m;
  });
  return loading;
}

/**
 * Validates a number with the same rules the server applies (`@tccc-dialer/web/phone`); undefined
 * until the rules have loaded (a computed that reads it updates when they arrive).
 */
export function checkNumber(input: string): { valid: true; national: string } | { valid: false } | undefined {
  const r = rules.value?.normalizePhone(input, { defaultRegion: 'CN' });
  if (r === undefined) return undefined;
  return r.valid ? { valid: true, national: r.national } : { valid: false };
}
