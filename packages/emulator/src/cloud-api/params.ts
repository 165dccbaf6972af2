// Action parameters are checked with zod; the first problem becomes Tencent's error naming the field.
import type { z } from 'zod';
import { ApiError } from './envelope.js';

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** `Phones.0`, `SdkAppId`: the way Tencent names nested parameters. */
const fieldName = (path: ReadonlyArray<PropertyKey>): string => path.map(String).join('.');

/**
 * Parses `raw` or throws: `UnknownParameter` for an extra field, `MissingParameter` for an absent
 * required one, `InvalidParameter` for a wrong type, `InvalidParameterValue` for a value out of range.
 */
export function parseParams<S extends z.ZodType>(schema: S, raw: Record<string, unknown>): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new ApiError('InvalidParameter', 'The request parameters are invalid.');
  if (issue.code === 'unrecognized_keys') {
    const name = fieldName([...issue.path, issue.keys[0] ?? '']);
    throw new ApiError('UnknownParameter', `The parameter \`${name}\` is not recognized.`);
  }
  const name = fieldName(issue.path);
  if (issue.code === 'invalid_type') {
    if (valueAt(raw, issue.path) === undefined)
      throw new ApiError('MissingParameter', `The request is missing a required parameter \`${name}\`.`);
    throw new ApiError(
      'InvalidParameter',
      `The parameter \`${name}\` has the wrong type: expected ${issue.expected}.`,
    );
  }
  throw new ApiError(
    'InvalidParameterValue',
    `The value of parameter \`${name}\` is invalid: ${issue.message}`,
  );
}
