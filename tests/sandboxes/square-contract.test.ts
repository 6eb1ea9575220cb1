import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenApiContract } from '../../sandboxes/framework/openapi-contract';
import { SandboxServer, takeViolations } from '../../sandboxes/framework/server';
import { createSquareSandbox, type SquareSandbox } from '../../sandboxes/square';
import { squareSpec } from '../../sandboxes/square/contract';

/**
 * The OpenAPI contract checker: generic behaviour on a small synthetic spec,
 * then on Square's published spec, proving that malformed bodies are caught
 * with readable messages (operationId, JSON pointer, ajv message).
 */

const doc = {
  openapi: '3.0.0',
  paths: {
    '/v1/things/{id}': {
      get: {
        operationId: 'GetThing',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'verbose', in: 'query', schema: { type: 'boolean' } },
          { name: 'page', in: 'query', required: true, schema: { type: 'integer' } },
        ],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } },
      },
    },
    '/v1/things/special': { get: { operationId: 'GetSpecial', responses: { '200': { description: 'ok' } } } },
    '/v1/things': {
      post: {
        operationId: 'CreateThing',
        requestBody: { $ref: '#/components/requestBodies/NewThing' },
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Strict' } } } } },
      },
    },
  },
  components: {
    requestBodies: { NewThing: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } },
    schemas: {
      Thing: {
        type: 'object',
        required: ['id'],
        example: { $ref: 'https://example.invalid/never-fetched.json' },
        properties: {
          id: { type: 'string', minLength: 1 },
          name: { type: 'string', nullable: true, 'x-vendor': true },
          price: { type: 'integer', minimum: 0, exclusiveMinimum: true },
          tag: { $ref: '#/components/schemas/Tag', nullable: true, description: 'a sibling OAS 3.0 ignores' },
          example: { type: 'string' },
          created: { type: 'string', format: 'vendor-timestamp' },
        },
      },
      Strict: { type: 'object', additionalProperties: false, properties: { a: { type: 'string' } } },
      Tag: { type: 'string', enum: ['A', 'B'] },
    },
  },
};

describe('OpenApiContract (generic)', () => {
  const contract = new OpenApiContract(doc, { id: 'things.json' });

  it('given literal and templated paths, when matching, then the literal wins and path params are extracted', () => {
    expect(contract.findOperation('GET', '/v1/things/special')?.operationId).toBe('GetSpecial');
    expect(contract.findOperation('get', '/v1/things/42')).toMatchObject({ operationId: 'GetThing', params: { id: '42' } });
    expect(contract.findOperation('DELETE', '/v1/things/42')).toBeNull();
  });

  it('given a valid body with nulls, extra fields, a property named "example" and a vendor format, when validated, then it passes', () => {
    const body = { id: 'T1', name: null, tag: null, price: 5, example: 'kept', created: 'whenever', extra: { anything: true } };
    expect(contract.validateResponse('GET', '/v1/things/T1', 200, body)).toEqual([]);
  });

  it('given a malformed body, when validated, then every problem is reported with operationId, pointer and message', () => {
    const issues = contract.validateResponse('GET', '/v1/things/T1', 200, { name: 5, price: 0, tag: 'C' });
    expect(issues.map((i) => `${i.operationId} ${i.where} ${i.pointer || '/'}: ${i.message}`)).toEqual(
      expect.arrayContaining([
        "GetThing response 200 /: must have required property 'id'",
        'GetThing response 200 /name: must be string,null',
        'GetThing response 200 /price: must be > 0',
        'GetThing response 200 /tag: must be one of "A", "B" (or null)',
      ]),
    );
  });

  it('given additionalProperties:false in the spec, when an extra field is present, then it is a violation (and only there)', () => {
    expect(contract.validateResponse('POST', '/v1/things', 200, { a: 'x', b: 1 }).map((i) => i.message)).toEqual(['must NOT have additional properties']);
  });

  it('given query parameters, when missing or mistyped, then required and type problems are reported', () => {
    const at = (q: string): string[] => contract.validateRequest('GET', '/v1/things/T1', new URLSearchParams(q), undefined).map((i) => `${i.pointer}: ${i.message}`);
    expect(at('page=2&verbose=true')).toEqual([]);
    expect(at('verbose=true')).toEqual(['/page: required query parameter is missing']);
    expect(at('page=two&verbose=yes')).toEqual(['/verbose: must be boolean', '/page: must be integer']);
  });

  it('given a required body behind a $ref, when absent or wrong, then the request is flagged', () => {
    expect(contract.validateRequest('POST', '/v1/things', new URLSearchParams(), undefined).map((i) => i.message)).toEqual(['request body is required']);
    expect(contract.validateRequest('POST', '/v1/things', new URLSearchParams(), { id: '' }).map((i) => i.pointer)).toEqual(['/id']);
  });

  it('given a status the operation does not declare and no error schema, when validated, then that is a violation', () => {
    expect(contract.validateResponse('GET', '/v1/things/T1', 500, {}).map((i) => i.message)).toEqual(['status 500 is not declared by the spec']);
  });

  it('given an OpenAPI 3.1 document, when validating, then JSON Schema 2020-12 types (null unions) apply', () => {
    const c31 = new OpenApiContract(
      { openapi: '3.1.0', paths: { '/x': { get: { operationId: 'X', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { n: { type: ['string', 'null'] } } } } } } } } } } },
      { id: 'x31.json' },
    );
    expect(c31.validateResponse('GET', '/x', 200, { n: null })).toEqual([]);
    expect(c31.validateResponse('GET', '/x', 200, { n: 1 })).toHaveLength(1);
  });

  it('given a SandboxServer using the contract, when a route returns a bad body, then server.violations records readable messages', async () => {
    const server = new SandboxServer({ name: 'things', contract: contract.asContractCheck() });
    server.route('GET', '/v1/things/{id}', () => ({ status: 200, body: { id: 42 } }));
    await server.dispatch({ method: 'GET', path: '/v1/things/T1', query: new URLSearchParams('page=1'), headers: {}, rawBody: Buffer.alloc(0), json: undefined });
    expect(takeViolations(server)).toEqual([{ sandbox: 'things', method: 'GET', path: '/v1/things/T1', messages: ['GetThing response 200 /id: must be string'] }]);
  });
});

describe('Square contract (published spec 2025-10-16)', () => {
  let sandbox: SquareSandbox;
  beforeAll(() => {
    sandbox = createSquareSandbox({ accessToken: 'contract-token' });
  });
  afterAll(() => sandbox.stop());

  it('given a malformed ListCatalog body, when validated, then each defect is named by operation and pointer', () => {
    const bad = { objects: [{ type: 'WIDGET', id: '', version: '12', item_data: { name: 3 } }], cursor: 7 };
    const messages = squareSpec().contract.validateResponse('GET', '/v2/catalog/list', 200, bad).map((i) => `${i.operationId} ${i.pointer}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'ListCatalog /cursor: must be string',
        'ListCatalog /objects/0/id: must NOT have fewer than 1 characters',
        'ListCatalog /objects/0/version: must be integer',
        'ListCatalog /objects/0/item_data/name: must be string,null',
        expect.stringMatching(/^ListCatalog \/objects\/0\/type: must be one of "ITEM", "IMAGE"/),
      ]),
    );
  });

  it('given an error body with an unknown code, when validated as an undeclared 4xx, then Square\u2019s Error schema rejects it', () => {
    const contract = squareSpec().contract;
    expect(contract.validateResponse('GET', '/v2/catalog/list', 400, { errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'VERSION_MISMATCH' }] })).toEqual([]);
    expect(contract.validateResponse('GET', '/v2/catalog/list', 400, { errors: [{ category: 'OOPS', code: 'NOPE' }] }).map((i) => i.pointer)).toEqual(['/errors/0/category', '/errors/0/code']);
    expect(contract.validateResponse('GET', '/v2/catalog/list', 404, { message: 'not found' }).map((i) => i.message)).toEqual(["must have required property 'errors'"]);
  });

  it('given the sandbox\u2019s own contract check, when a route answers with a broken body, then the violation is recorded', async () => {
    // UpdateItemTaxes exists in the spec but not in the sandbox: mount a deliberately wrong handler.
    sandbox.server.route('POST', '/v2/catalog/update-item-taxes', () => ({ status: 200, body: { updated_at: 5 } }));
    const json = { item_ids: ['A'], taxes_to_enable: ['T'] };
    await sandbox.server.dispatch({ method: 'POST', path: '/v2/catalog/update-item-taxes', query: new URLSearchParams(), headers: {}, rawBody: Buffer.from(JSON.stringify(json)), json });
    expect(takeViolations(sandbox.server).map((v) => v.messages)).toEqual([['UpdateItemTaxes response 200 /updated_at: must be string']]);
  });

  it('given a webhook body, when checked against CatalogVersionUpdatedEvent, then a wrong type is caught and a right one passes', () => {
    const good = { merchant_id: 'M', type: 'catalog.version.updated', event_id: 'e', created_at: '2025-01-01T00:00:00Z', data: { type: 'catalog_version', id: 'x', object: { catalog_version: { updated_at: '2025-01-01T00:00:00Z' } } } };
    expect(sandbox.validateEvent('catalog.version.updated', good)).toEqual([]);
    const bad = { ...good, data: { type: 'catalog_version', object: { catalog_version: { updated_at: 1 } } } };
    expect(sandbox.validateEvent('catalog.version.updated', bad)).toEqual(['CatalogVersionUpdatedEvent schema CatalogVersionUpdatedEvent /data/object/catalog_version/updated_at: must be string']);
  });
});
