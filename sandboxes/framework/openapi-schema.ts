/**
 * OpenAPI Schema Object → JSON Schema, for ajv.
 *
 * OpenAPI 3.0 schemas are "almost" JSON Schema draft-07: `nullable` instead of
 * `type: [..., 'null']`, boolean `exclusiveMinimum`, `$ref` whose siblings must
 * be ignored, plus vendor extensions (`x-*`), `example`, `discriminator`... that
 * ajv rejects or misreads. OpenAPI 3.1 schemas are JSON Schema 2020-12 already
 * and only need the annotations stripped.
 *
 * The conversion walks the schema *structurally* (a property called `example`
 * inside `properties` is kept; an `example` keyword is dropped), so refs hidden
 * in examples — Square's spec has 60 absolute ones — never reach the resolver.
 */

export type JsonSchema = { [key: string]: unknown } | boolean;

export interface ConvertOptions {
  /** '3.0' applies the nullable, exclusive-bound and $ref-sibling rules; '3.1' passes JSON Schema through. */
  dialect: '3.0' | '3.1';
  /** Prefix put before internal refs (`#/components/...` → `${refBase}#/components/...`). */
  refBase: string;
  /** Every `format` met is reported, so the caller can register unknown ones. */
  onFormat?: (format: string) => void;
}

/** Keywords copied as they are (values are not schemas). */
const PLAIN = new Set([
  'type', 'enum', 'const', 'required', 'minimum', 'maximum', 'multipleOf', 'minLength', 'maxLength', 'pattern',
  'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'default', 'readOnly', 'writeOnly',
  'title', 'dependentRequired', 'minContains', 'maxContains',
]);
/** Keywords whose value is one schema. */
const ONE = new Set(['not', 'contains', 'propertyNames', 'if', 'then', 'else', 'unevaluatedProperties', 'unevaluatedItems', 'additionalItems']);
/** Keywords whose value is a list of schemas. */
const MANY = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
/** Keywords whose value is a map name → schema. */
const MAP = new Set(['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function rewriteRef(ref: string, opts: ConvertOptions): string {
  // Only document-internal refs are followed; external ones (http, files) are
  // turned into "anything" by the caller, never fetched.
  return ref.startsWith('#') ? `${opts.refBase}${ref}` : ref;
}

export function convertSchema(node: unknown, opts: ConvertOptions): JsonSchema {
  if (typeof node === 'boolean') return node;
  if (!isRecord(node)) return true;

  if (typeof node.$ref === 'string') {
    if (!node.$ref.startsWith('#')) return true; // external ref: not resolvable offline
    const ref = { $ref: rewriteRef(node.$ref, opts) };
    if (opts.dialect === '3.0') {
      // OAS 3.0: siblings of $ref are ignored, except that generators (Square's
      // included) put `nullable: true` next to a $ref and mean it.
      return node.nullable === true ? { anyOf: [ref, { type: 'null' }] } : ref;
    }
    const rest = convertSchema({ ...node, $ref: undefined }, opts);
    return isRecord(rest) && Object.keys(rest).length ? { allOf: [ref, rest] } : ref;
  }

  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (value === undefined) continue;
    if (PLAIN.has(key)) {
      if (key === 'required' && !Array.isArray(value)) continue; // Swagger-2-style `required: true` on a property
      out[key] = value;
    } else if (key === 'format' && typeof value === 'string') {
      out.format = value;
      opts.onFormat?.(value);
    } else if (key === 'items') {
      // 3.0 has no tuple form; 3.1 (2020-12) moved tuples to prefixItems.
      out.items = Array.isArray(value) ? value.map((v) => convertSchema(v, opts)) : convertSchema(value, opts);
    } else if (key === 'additionalProperties') {
      out.additionalProperties = convertSchema(value, opts);
    } else if (ONE.has(key)) {
      out[key] = convertSchema(value, opts);
    } else if (MANY.has(key) && Array.isArray(value)) {
      out[key] = value.map((v) => convertSchema(v, opts));
    } else if (MAP.has(key) && isRecord(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertSchema(v, opts)]));
    } else if ((key === 'exclusiveMinimum' || key === 'exclusiveMaximum') && opts.dialect === '3.0') {
      // 3.0: boolean modifier of minimum/maximum; draft-07: the bound itself.
      const bound = key === 'exclusiveMinimum' ? node.minimum : node.maximum;
      if (value === true && typeof bound === 'number') {
        out[key] = bound;
        delete out[key === 'exclusiveMinimum' ? 'minimum' : 'maximum'];
      }
    } else if (key === 'exclusiveMinimum' || key === 'exclusiveMaximum') {
      out[key] = value;
    }
    // Everything else (description, example(s), x-*, discriminator, xml,
    // externalDocs, deprecated, nullable) is annotation: dropped.
  }
  // exclusive* may have been read before minimum/maximum was copied.
  if (typeof out.exclusiveMinimum === 'number' && out.minimum === out.exclusiveMinimum) delete out.minimum;
  if (typeof out.exclusiveMaximum === 'number' && out.maximum === out.exclusiveMaximum) delete out.maximum;

  if (opts.dialect === '3.0' && node.nullable === true) return makeNullable(out);
  return out;
}

/** OAS 3.0 `nullable: true`: null is one more allowed value. */
function makeNullable(schema: Record<string, unknown>): JsonSchema {
  const type = schema.type;
  if (typeof type === 'string') schema.type = [type, 'null'];
  else if (Array.isArray(type) && !type.includes('null')) schema.type = [...type, 'null'];
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
  if (type === undefined) return { anyOf: [schema, { type: 'null' }] };
  return schema;
}

/** Converts every schema of a `components.schemas` map. */
export function convertComponents(schemas: Record<string, unknown>, opts: ConvertOptions): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(schemas)) out[name] = convertSchema(schema, opts);
  return out;
}
