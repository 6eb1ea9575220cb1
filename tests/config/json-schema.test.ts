import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildJsonSchema, renderJsonSchema, SCHEMA_FILE } from '../../config/generate-schema';
import { DEMO_FILE, fixture } from './helpers';

describe('config/switchyard.schema.json', () => {
  it('given the zod schema, when JSON Schema is generated, then it equals the committed file', () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    expect(committed, 'config/switchyard.schema.json is out of date with config/schema.ts: run `npm run schema` and commit the result').toBe(
      renderJsonSchema(),
    );
  });

  it('given the demo config, when checked against the JSON Schema as an editor would, then it is valid', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(buildJsonSchema());
    const valid = validate(parse(readFileSync(DEMO_FILE, 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('given a misspelt key, when checked against the JSON Schema, then the editor would flag it', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(buildJsonSchema());
    expect(validate(parse(readFileSync(fixture('unknown-key.yaml'), 'utf8')))).toBe(false);
  });

  it('given the demo config, when read, then its first line points editors at the schema', () => {
    expect(readFileSync(DEMO_FILE, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=./switchyard.schema.json');
  });
});
