import type { z } from 'zod';
import type { ConfigPath } from './errors';
import { allowedKeys, describeSchema, schemaAt } from './schema-walk';
import { didYouMean } from './suggest';
import type { PendingIssue } from './yaml-source';

/**
 * Turns zod issues into operator messages of the form
 * `expected <what> (got <what was there>)`. zod's own messages are written
 * for developers ("Invalid input: expected object, received undefined") and
 * do not say which key was missing or which keys would have been allowed.
 */

type Issue = z.core.$ZodIssue;
type Schema = z.core.$ZodType;

const TYPE_WORDS: { readonly [expected: string]: string } = {
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
};

function valueAt(data: unknown, path: ConfigPath): unknown {
  let v = data;
  for (const seg of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as { readonly [k: string]: unknown })[String(seg)];
  }
  return v;
}

function hasKey(data: unknown, path: ConfigPath): boolean {
  const parent = valueAt(data, path.slice(0, -1));
  const key = path[path.length - 1];
  return typeof parent === 'object' && parent !== null && key !== undefined && Object.hasOwn(parent, String(key));
}

/** What was found, briefly: `"ten"`, `0`, `null`, `a list of 2`, `a mapping`. */
export function got(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  return 'a mapping';
}

function plural(n: number | bigint, word: string): string {
  return `${n} ${word}${n === 1 || n === 1n ? '' : 's'}`;
}

function sizeExpectation(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const small = issue.code === 'too_small';
  const bound = small ? issue.minimum : issue.maximum;
  if (issue.origin === 'array') return small ? `at least ${plural(bound, 'item')}` : `at most ${plural(bound, 'item')}`;
  if (issue.origin === 'string') return small ? `at least ${plural(bound, 'character')}` : `at most ${plural(bound, 'character')}`;
  const op = small ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
  return `a number ${op} ${bound}`;
}

/** The "expected ..." part for issues about a value that is present. */
function expectation(issue: Issue, schema: Schema | null): string {
  switch (issue.code) {
    case 'invalid_type':
      return describeSchema(schema) ?? TYPE_WORDS[issue.expected] ?? issue.expected;
    case 'invalid_value':
      return issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}`;
    case 'too_small':
    case 'too_big':
      return sizeExpectation(issue);
    case 'invalid_format':
      // Our schema gives regexes a human message ("an http(s) URL"); zod's default starts with "Invalid".
      if (!issue.message.startsWith('Invalid')) return issue.message;
      return issue.pattern !== undefined ? `a string matching ${issue.pattern}` : `a valid ${issue.format}`;
    case 'not_multiple_of':
      return `a multiple of ${issue.divisor}`;
    case 'invalid_union':
      return issue.discriminator !== undefined && 'options' in issue && issue.options !== undefined
        ? `one of ${issue.options.map((o) => JSON.stringify(o)).join(' | ')}`
        : (describeSchema(schema) ?? 'a value of one of the allowed forms');
    default:
      return describeSchema(schema) ?? issue.message;
  }
}

function candidates(issue: Issue): string[] {
  if (issue.code === 'invalid_value') return issue.values.map(String);
  if (issue.code === 'invalid_union' && 'options' in issue && issue.options !== undefined) return issue.options.map(String);
  return [];
}

export function describeIssue(issue: Issue, root: Schema, data: unknown): PendingIssue[] {
  const path: ConfigPath = issue.path.map((seg) => (typeof seg === 'number' ? seg : String(seg)));

  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeys(schemaAt(root, data, path));
    return issue.keys.map((key) => ({
      path: [...path, key],
      at: 'key' as const,
      message: allowed === null
        ? `unknown key ${JSON.stringify(key)} (not allowed here)`
        : `unknown key ${JSON.stringify(key)} (expected one of: ${allowed.join(', ')}${didYouMean(key, allowed)})`,
    }));
  }

  if (issue.code === 'invalid_key') {
    const inner = issue.issues[0];
    const what = inner === undefined ? 'a valid key' : expectation(inner, null);
    return [{ path, at: 'key', message: `expected the key to be ${what} (got ${got(path[path.length - 1])})` }];
  }

  if (issue.code === 'custom') return [{ path, message: issue.message }];

  const schema = schemaAt(root, data, path);
  const value = valueAt(data, path);
  const expected = expectation(issue, schema);
  if (value === undefined && path.length > 0 && !hasKey(data, path)) {
    return [{ path, message: `missing required key ${JSON.stringify(path[path.length - 1])} (expected ${expected})` }];
  }
  const hint = typeof value === 'string' ? didYouMean(value, candidates(issue)) : '';
  const found = path.length === 0 && value == null ? 'an empty document' : got(value);
  return [{ path, message: `expected ${expected} (got ${found}${hint})` }];
}
