import { ref, watch } from 'vue';
import type { UiMode } from './softphone/use-softphone.js';

const key = 'tccc-dialer.ui-mode';
const modes: UiMode[] = ['headless', 'floating', 'embedded'];

function stored(): UiMode {
  const value = globalThis.localStorage?.getItem(key);
  return modes.find((m) => m === value) ?? 'headless';
}

/** How TCCC's own workbench shows, remembered per browser. */
export const uiMode = ref<UiMode>(stored());
watch(uiMode, (m) => globalThis.localStorage?.setItem(key, m));

export { modes as uiModes };
