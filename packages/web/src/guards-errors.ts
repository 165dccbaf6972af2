import { addErrorTexts, type ErrorText, TcccDialerError } from './errors.js';

// Warnings only `@tccc-dialer/web/guards` raises. Their texts ship with that entry and join the
// catalog when it is imported (see errors.ts).
export const guardsErrorTexts = {
  ANOTHER_TAB_ACTIVE: [
    '其他标签页已打开软电话',
    'Softphone open in another tab',
    '只保留一个标签页',
    'Keep only one tab',
  ],
  RENDER_TARGET_TOO_SMALL: [
    '容器小于 760×480',
    'Container under 760×480',
    '放大 renderInto 元素',
    'Enlarge the renderInto element',
  ],
} as const satisfies Record<string, ErrorText>;

export type GuardsErrorCode = keyof typeof guardsErrorTexts;

// Runs on import; every guard builds its warning with warning() below, so a bundler that keeps a
// guard keeps this line too.
addErrorTexts(guardsErrorTexts);

export const warning = (code: GuardsErrorCode, detail?: string): TcccDialerError =>
  new TcccDialerError(code, detail);
