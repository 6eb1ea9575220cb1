import { invalidRequest, parameterUnknown, type StripeApiError } from './errors';
import { isFormObject, type FormObject, type FormValue, type JsonObject } from './types';

/**
 * Stripe v1 takes application/x-www-form-urlencoded parameters with bracket
 * notation, on the query string for GET/DELETE and in the body for POST
 * (https://docs.stripe.com/api — "accepts form-encoded request bodies").
 * Official SDKs send arrays as `a[0]=x` (stripe-node) while curl users write
 * `a[]=x`; both decode to arrays here.
 */

function splitKey(key: string): string[] | null {
  const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!m) return null;
  const parts = [m[1] as string];
  for (const seg of (m[2] ?? '').matchAll(/\[([^[\]]*)\]/g)) parts.push(seg[1] ?? '');
  return parts;
}

type Mutable = { [k: string]: Mutable | string } | (Mutable | string)[];

export function parseForm(params: URLSearchParams): FormObject {
  const root: { [k: string]: Mutable | string } = {};
  for (const [key, value] of params) {
    const parts = splitKey(key);
    if (!parts) throw invalidRequest(`Invalid parameter name: ${key}`, key, 'parameter_invalid');
    let node: Mutable = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const nextIsArray = !last && (parts[i + 1] === '' || /^\d+$/.test(parts[i + 1] ?? ''));
      if (Array.isArray(node)) {
        const idx = part === '' ? node.length : Number(part);
        if (last) node[idx] = value;
        else node = (node[idx] ??= nextIsArray ? [] : {}) as Mutable;
      } else {
        if (last) node[part] = value;
        else node = (node[part] ??= nextIsArray ? [] : {}) as Mutable;
      }
    });
  }
  return compactArrays(root) as FormObject;
}

function compactArrays(v: Mutable | string): FormValue {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.filter((x) => x !== undefined).map(compactArrays);
  const out: FormObject = {};
  for (const [k, x] of Object.entries(v)) out[k] = compactArrays(x);
  return out;
}

/** Rejects top-level parameters the endpoint does not take, as Stripe does (parameter_unknown). */
export function allowOnly(form: FormObject, allowed: readonly string[]): void {
  for (const k of Object.keys(form)) {
    if (k === 'expand' || allowed.includes(k)) continue;
    throw parameterUnknown(k);
  }
}

export function str(form: FormObject, key: string): string | undefined {
  const v = form[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalidRequest(`Invalid string: ${JSON.stringify(v)}`, key, 'parameter_invalid_string');
  return v;
}

/** A string field where an empty value means "unset" (null), as in Stripe updates. */
export function nullableStr(form: FormObject, key: string): string | null | undefined {
  const v = str(form, key);
  return v === '' ? null : v;
}

export function requireStr(form: FormObject, key: string): string {
  const v = str(form, key);
  if (v === undefined || v === '') throw missingParam(key);
  return v;
}

export function int(form: FormObject, key: string): number | undefined {
  const v = str(form, key);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v)) throw invalidRequest(`Invalid integer: ${v}`, key, 'parameter_invalid_integer');
  return Number(v);
}

export function num(form: FormObject, key: string): number | undefined {
  const v = str(form, key);
  if (v === undefined) return undefined;
  if (!/^-?\d+(\.\d+)?$/.test(v)) throw invalidRequest(`Invalid decimal: ${v}`, key, 'parameter_invalid_decimal');
  return Number(v);
}

export function bool(form: FormObject, key: string): boolean | undefined {
  const v = str(form, key);
  if (v === undefined) return undefined;
  if (v !== 'true' && v !== 'false') throw invalidRequest(`Invalid boolean: ${v}`, key, 'parameter_invalid_boolean');
  return v === 'true';
}

export function strList(form: FormObject, key: string): string[] | undefined {
  const v = form[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw invalidRequest(`Invalid array`, key, 'parameter_invalid_array');
  return v as string[];
}

export function sub(form: FormObject, key: string): FormObject | undefined {
  const v = form[key];
  if (v === undefined || v === '') return undefined;
  if (!isFormObject(v)) throw invalidRequest(`Invalid object`, key, 'parameter_invalid_object');
  return v;
}

export function missingParam(key: string): StripeApiError {
  return invalidRequest(`Missing required param: ${key}.`, key, 'parameter_missing');
}

/**
 * Metadata update semantics (https://docs.stripe.com/api/metadata): keys are
 * merged into the existing set, an empty value unsets a key, and `metadata=`
 * (empty string) clears all of them. At most 50 keys, keys ≤ 40 chars, values ≤ 500.
 */
export function mergeMetadata(current: JsonObject, form: FormObject): JsonObject {
  const v = form.metadata;
  if (v === undefined) return current;
  if (v === '') return {};
  if (!isFormObject(v)) throw invalidRequest('Invalid object', 'metadata', 'parameter_invalid_object');
  const out: JsonObject = { ...current };
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string') throw invalidRequest('Metadata values must be strings.', `metadata[${k}]`);
    if (k.length > 40) throw invalidRequest('Metadata keys can have a maximum length of 40 characters.', `metadata[${k}]`);
    if (x.length > 500) throw invalidRequest('Metadata values can have a maximum length of 500 characters.', `metadata[${k}]`);
    if (x === '') delete out[k];
    else out[k] = x;
  }
  if (Object.keys(out).length > 50) throw invalidRequest('You can have at most 50 metadata keys.', 'metadata');
  return out;
}
