import { expect, it } from 'vitest';
import { formatDuration } from './format.js';
import { messages } from './i18n/messages.js';

it('formats talk time as m:ss, and h:mm:ss past an hour', () => {
  expect(formatDuration(0)).toBe('0:00');
  expect(formatDuration(65.7)).toBe('1:05');
  expect(formatDuration(3725)).toBe('1:02:05');
  expect(formatDuration(-3)).toBe('0:00');
});

it('has the same message keys in both languages, none empty', () => {
  const keys = (o: object, prefix = ''): string[] =>
    Object.entries(o).flatMap(([k, v]) =>
      typeof v === 'object' && v !== null
        ? keys(v, `${prefix}${k}.`)
        : [`${prefix}${k}${v === '' ? ' (empty)' : ''}`],
    );
  expect(keys(messages['en-US'])).toEqual(keys(messages['zh-CN']));
  expect(keys(messages['zh-CN']).filter((k) => k.endsWith('(empty)'))).toEqual([]);
});
