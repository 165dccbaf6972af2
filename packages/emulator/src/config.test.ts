// The config file's skill groups and numbers: defaults that follow the seats, and refusals naming the field.
import { describe, expect, it } from 'vitest';
import { defaultEmulatorConfig, resolveConfig } from './config.js';
import { EmulatorError } from './errors.js';

const refusal = (input: unknown): string => {
  try {
    resolveConfig(input);
  } catch (e) {
    if (e instanceof EmulatorError) return `${e.code} ${e.message}`;
  }
  return 'accepted';
};

describe('config: numbers and skill groups', () => {
  it('ships four numbers and two phone skill groups for the demo seats', () => {
    const c = resolveConfig({});
    expect(c.numbers).toEqual(['02160000000', '4001234567', '01060000000', '18600000000']);
    expect(c.skillGroups.map((g) => [g.skillGroupId, g.name, g.members])).toEqual([
      [1001, '电话客服', ['agent@example.com', 'agent2@example.com']],
      [1002, '售后专席', ['agent2@example.com', 'supervisor@example.com']],
    ]);
    expect(c).toEqual(resolveConfig({ skillGroups: defaultEmulatorConfig.skillGroups }));
  });

  it('puts seats of your own in one group bound to every number, and normalises numbers', () => {
    const c = resolveConfig({
      seats: [{ userId: 'a@example.com', name: 'A' }],
      numbers: ['+862150000000', '4009998888'],
    });
    expect(c.numbers).toEqual(['02150000000', '4009998888']);
    expect(c.skillGroups).toEqual([
      {
        skillGroupId: 1001,
        name: '电话客服',
        type: 'phone',
        members: ['a@example.com'],
        callOutNumbers: ['02150000000', '4009998888'],
      },
    ]);
  });

  it.each([
    [
      'an unknown member',
      { skillGroups: [{ skillGroupId: 1, name: 'x', members: ['nobody@example.com'] }] },
      'skillGroups.0.members.0',
    ],
    [
      'a number the app does not have',
      { skillGroups: [{ skillGroupId: 1, name: 'x', callOutNumbers: ['02199999999'] }] },
      'skillGroups.0.callOutNumbers.0',
    ],
    [
      'a duplicate id',
      {
        skillGroups: [
          { skillGroupId: 1, name: 'x' },
          { skillGroupId: 1, name: 'y' },
        ],
      },
      'skillGroups.1.skillGroupId',
    ],
    [
      'a mapping URL that is not http',
      { numberMapping: { url: 'ftp://x.example/map' } },
      'numberMapping.url',
    ],
  ])('refuses %s, naming the field', (_what, input, field) => {
    expect(refusal(input)).toMatch(new RegExp(`^INVALID_CONFIG .*\`${field.replaceAll('.', '\\.')}\``));
  });
});
