import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from 'graphql';

/**
 * The published Admin GraphQL schema (2025-01), loaded once per process.
 *
 * The sandbox validates and executes every document against this schema, so a
 * response can never contain a field or type Shopify's 2025-01 API does not
 * have. Source and provenance: <specs>/README.md, section "Shopify".
 * https://shopify.dev/docs/api/admin-graphql/2025-01
 */

export const SHOPIFY_API_VERSION = '2025-01';
const SCHEMA_FILE = path.join('shopify', `admin_schema_${SHOPIFY_API_VERSION}.json.gz`);

/** sandboxes/shopify/schema.ts → the repository root. */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where the vendor specs live: $SWITCHYARD_SPECS_DIR, else <repo>/../shared/specs. */
export function specsDir(): string {
  const fromEnv = process.env.SWITCHYARD_SPECS_DIR;
  return fromEnv && fromEnv.length > 0 ? path.resolve(fromEnv) : path.resolve(repoRoot, '..', 'shared', 'specs');
}

let cached: GraphQLSchema | undefined;

/** Gunzip + parse + buildClientSchema takes ~300 ms, so the result is cached per process. */
export function loadShopifySchema(): GraphQLSchema {
  if (cached) return cached;
  const file = path.join(specsDir(), SCHEMA_FILE);
  if (!fs.existsSync(file)) {
    throw new Error(`Shopify admin schema not found at ${file}; set SWITCHYARD_SPECS_DIR to the shared specs folder`);
  }
  const parsed = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')) as { data?: IntrospectionQuery };
  if (!parsed.data) throw new Error(`${file} is not an introspection result ({"data": {"__schema": ...}})`);
  cached = buildClientSchema(parsed.data);
  return cached;
}
