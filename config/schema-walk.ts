import { z } from 'zod';
import type { ConfigPath } from './errors';
import { SecretRef } from './schema';

/**
 * Walks the zod config schema alongside the data, to answer "what schema
 * applies at this path?" — used to list the keys allowed where an unknown
 * one was found, to say what a missing key should contain, and to find
 * every secret reference without hard-coding where secrets live.
 */

type Schema = z.core.$ZodType;

function isObjectLike(value: unknown): value is { readonly [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function child(value: unknown, seg: string | number): unknown {
  if (Array.isArray(value) && typeof seg === 'number') return value[seg] as unknown;
  return isObjectLike(value) ? value[String(seg)] : undefined;
}

/** Strips optional/default/nullable wrappers and picks the union option the data selects. */
function settle(schema: Schema, value: unknown): Schema | null {
  let s: Schema = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) s = s.unwrap();
    else break;
  }
  if (s instanceof z.ZodDiscriminatedUnion) {
    const discriminator = s.def.discriminator;
    const tag = child(value, discriminator);
    const option = s.options.find((o) => {
      const lit = o instanceof z.ZodObject ? o.shape[discriminator] : undefined;
      return lit instanceof z.ZodLiteral && lit.values.has(tag as z.core.util.Literal);
    });
    return option ?? null;
  }
  return s;
}

/** The schema that applies at `path` in `data`, or null when the path leaves the schema. */
export function schemaAt(root: Schema, data: unknown, path: ConfigPath): Schema | null {
  let s = settle(root, data);
  let value = data;
  for (const seg of path) {
    if (s === null) return null;
    if (s instanceof z.ZodObject) s = (s.shape as { readonly [k: string]: Schema })[String(seg)] ?? null;
    else if (s instanceof z.ZodArray) s = s.element;
    else if (s instanceof z.ZodRecord) s = s.valueType;
    else return null;
    value = child(value, seg);
    s = s === null ? null : settle(s, value);
  }
  return s;
}

/** Keys an object schema accepts, in declaration order; null when `schema` is not an object. */
export function allowedKeys(schema: Schema | null): string[] | null {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : null;
}

/** Plain-words description of what a schema wants, for "expected ..." messages. */
export function describeSchema(schema: Schema | null): string | null {
  if (schema === null) return null;
  if (schema === SecretRef) return 'a secret reference { env: VARIABLE_NAME }';
  if (schema instanceof z.ZodEnum) return `one of ${schema.options.map((o) => JSON.stringify(o)).join(' | ')}`;
  if (schema instanceof z.ZodLiteral) return [...schema.values].map((v) => JSON.stringify(v)).join(' | ');
  if (schema instanceof z.ZodObject || schema instanceof z.ZodRecord) return 'a mapping';
  if (schema instanceof z.ZodArray) return 'a list';
  if (schema instanceof z.ZodString) return 'a string';
  if (schema instanceof z.ZodNumber) return schema.isInt ? 'an integer' : 'a number';
  if (schema instanceof z.ZodBoolean) return 'true or false';
  return null;
}

export interface SecretSite {
  path: ConfigPath;
  ref: SecretRef;
}

/** Every `{ env: NAME }` in `data` (a validated config), found by the schema (not by shape, so a record value that looks like one is not mistaken for it). */
export function findSecretRefs(root: Schema, data: unknown, path: ConfigPath = []): SecretSite[] {
  const s = settle(root, data);
  if (s === null || data === undefined) return [];
  if (s === SecretRef) {
    const parsed = SecretRef.safeParse(data);
    return parsed.success ? [{ path, ref: parsed.data }] : [];
  }
  const out: SecretSite[] = [];
  if (s instanceof z.ZodObject && isObjectLike(data)) {
    for (const [key, sub] of Object.entries(s.shape as { readonly [k: string]: Schema })) out.push(...findSecretRefs(sub, data[key], [...path, key]));
  } else if (s instanceof z.ZodRecord && isObjectLike(data)) {
    for (const key of Object.keys(data)) out.push(...findSecretRefs(s.valueType, data[key], [...path, key]));
  } else if (s instanceof z.ZodArray && Array.isArray(data)) {
    data.forEach((item: unknown, i) => out.push(...findSecretRefs(s.element, item, [...path, i])));
  }
  return out;
}
