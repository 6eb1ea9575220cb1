/**
 * JSON shapes shared by the Stripe sandbox modules. Stripe objects are kept
 * exactly as the API renders them (https://docs.stripe.com/api), so the
 * store, events and responses all hold the same JSON.
 */

export type Json = string | number | boolean | null | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/** Any v1 API object: an `id`, its `object` type, and the rest of its fields. */
export interface StripeObject extends JsonObject {
  id: string;
  object: string;
}

/**
 * A decoded application/x-www-form-urlencoded body or query
 * (https://docs.stripe.com/api — "accepts form-encoded request bodies"): `metadata[k]=v` → { metadata: { k: 'v' } },
 * `expand[]=a` / `expand[0]=a` → { expand: ['a'] }.
 */
export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

export function isJsonObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isFormObject(v: FormValue | undefined): v is FormObject {
  return typeof v === 'object' && !Array.isArray(v);
}
