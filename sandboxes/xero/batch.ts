import { type SandboxRequest, type SandboxResponse } from '../framework/server';
import { postDataInvalid, ValidationFailure, validationErrorBody, XeroApiError } from './errors';
import { envelope, type XeroApiContext } from './http';
import { isObject, type Json, type JsonObject } from './types';

/**
 * PUT/POST of a collection (`{"Contacts":[…]}`, a bare object is accepted too),
 * with `summarizeErrors` (https://developer.xero.com/documentation/api/accounting/requests-and-responses#summarize-errors):
 * - default (true): every element is validated first; if any fails the call is a
 *   400 ValidationException whose Elements are the failing elements with their
 *   ValidationErrors, and nothing is saved;
 * - `summarizeErrors=false`: 200, valid elements are saved, every element comes
 *   back with StatusAttributeString OK or ERROR (+ ValidationErrors).
 */

export interface Prepared {
  /** Applies the change and returns the record as rendered after it. */
  commit(): JsonObject;
}

export function elementsOf(body: Json | undefined, key: string): JsonObject[] {
  if (!isObject(body)) throw postDataInvalid('The request body is missing or is not a JSON object.');
  const list = body[key];
  if (list === undefined) return [body];
  if (!Array.isArray(list) || !list.every(isObject)) throw postDataInvalid(`${key} must be an array of objects.`);
  return list as JsonObject[];
}

export function batch(ctx: XeroApiContext, req: SandboxRequest, body: Json | undefined, key: string, prepare: (el: JsonObject) => Prepared): SandboxResponse {
  const elements = elementsOf(body, key);
  const summarize = (req.query.get('summarizeErrors') ?? 'true').toLowerCase() !== 'false';
  const outcomes = elements.map((el) => {
    try {
      return { el, prepared: prepare(el), errors: null as string[] | null };
    } catch (err) {
      if (err instanceof ValidationFailure) return { el, prepared: null, errors: err.messages };
      throw err;
    }
  });
  const failed = outcomes.filter((o) => o.errors !== null);
  if (summarize && failed.length) {
    throw new XeroApiError({ status: 400, body: validationErrorBody(failed.map((o) => ({ ...o.el, ValidationErrors: (o.errors ?? []).map((m) => ({ Message: m })) }))) });
  }
  const records = outcomes.map((o) =>
    o.prepared
      ? summarize
        ? o.prepared.commit()
        : { ...o.prepared.commit(), StatusAttributeString: 'OK' }
      : { ...o.el, StatusAttributeString: 'ERROR', ValidationErrors: (o.errors ?? []).map((m) => ({ Message: m })) },
  );
  return envelope(ctx, key, records);
}

/** Field readers for request elements: wrong types are validation failures, absent is undefined. */
export function str(el: JsonObject, key: string, errors: string[]): string | undefined {
  const v = el[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') {
    errors.push(`${key} must be a string.`);
    return undefined;
  }
  return v;
}

export function num(el: JsonObject, key: string, errors: string[]): number | undefined {
  const v = el[key];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    errors.push(`${key} must be a number.`);
    return undefined;
  }
  return n;
}

export function bool(el: JsonObject, key: string): boolean | undefined {
  const v = el[key];
  return typeof v === 'boolean' ? v : undefined;
}

export function obj(el: JsonObject, key: string): JsonObject | undefined {
  const v = el[key];
  return isObject(v) ? v : undefined;
}

export function fail(errors: string[]): void {
  if (errors.length) throw new ValidationFailure(errors);
}
