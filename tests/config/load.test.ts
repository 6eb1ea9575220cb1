import { describe, expect, it } from 'vitest';
import { ConfigError, formatConfigError } from '../../config/errors';
import { loadConfig } from '../../config/load';
import { catchConfigError, colOf, DEMO_ENV, DEMO_FILE, fixture, FIXTURE_ENV, lineOf } from './helpers';

describe('loadConfig', () => {
  it('given the demo config and its env vars, when loaded, then connectors, flow and defaults are there', () => {
    const { config, file } = loadConfig(DEMO_FILE, DEMO_ENV);

    expect(file).toBe(DEMO_FILE);
    expect(config.store).toEqual({ kind: 'sqlite', path: 'data/switchyard.db' });
    expect(config.temporal.address).toBeUndefined();
    expect(config.temporal.namespace).toBe('default');
    expect(config.ingress.port).toBe(8787);
    expect(Object.keys(config.connectors)).toEqual(['shop', 'pos']);
    const pos = config.connectors.pos;
    expect(pos?.kind === 'square' && pos.locations).toEqual({ main: 'L1MAIN0000001' });
    expect(config.flows).toEqual([
      { id: 'catalog', entity: 'product', from: 'shop', to: ['pos'], fields: { price: 'shop', description: 'shop', title: 'shop' }, pageSize: 50, reconcile: '*/15 * * * *' },
      { id: 'discounts', entity: 'discount', from: 'shop', to: ['pos'], catalogFlow: 'catalog', pageSize: 50, reconcile: '*/30 * * * *' },
      { id: 'pos-discounts', entity: 'discount', from: 'pos', to: ['shop'], catalogFlow: 'catalog', pageSize: 50, reconcile: '*/30 * * * *' },
      {
        id: 'stock',
        entity: 'inventory',
        from: 'shop',
        to: ['pos'],
        locations: { main: { shop: 'gid://shopify/Location/70000000001', pos: 'L1MAIN0000001' } },
        safetyStock: 0,
        oversell: { action: 'hold-later-order' },
        pageSize: 50,
        reconcile: '*/5 * * * *',
      },
    ]);
  });

  it('given the demo config, when a secret is asked for, then the env value comes back and the config holds only the reference', () => {
    const { config, secret } = loadConfig(DEMO_FILE, DEMO_ENV);
    const shop = config.connectors.shop;
    if (shop?.kind !== 'shopify') throw new Error('demo shop connector missing');

    expect(shop.accessToken).toEqual({ env: 'SHOPIFY_TOKEN' });
    expect(secret(shop.accessToken)).toBe('shpat_demo');
    expect(JSON.stringify(config)).not.toContain('shpat_demo');
  });

  it('given a loaded config, when asked for a secret it never referenced, then it refuses', () => {
    const { secret } = loadConfig(DEMO_FILE, { ...DEMO_ENV, OTHER: 'x' });
    expect(() => secret({ env: 'OTHER' })).toThrow(ConfigError);
  });

  it('given a YAML syntax error, when loaded, then ConfigError gives file:line:col of it', () => {
    const file = fixture('broken-syntax.yaml');
    const err = catchConfigError(() => loadConfig(file, FIXTURE_ENV));

    const line = lineOf(file, 'shopify: extra');
    const col = colOf(file, 'shopify: extra');
    expect(err.issues).toEqual([
      { file, line, col, path: '', message: 'YAML syntax error: Nested mappings are not allowed in compact mappings (BLOCK_AS_IMPLICIT_KEY)' },
    ]);
    expect(formatConfigError(err)).toBe(`${file}:${line}:${col}: YAML syntax error: Nested mappings are not allowed in compact mappings (BLOCK_AS_IMPLICIT_KEY)\n`);
  });

  it('given pageSize: "ten", when loaded, then the issue has the path, the line of the value and what was expected', () => {
    const file = fixture('bad-page-size.yaml');
    const err = catchConfigError(() => loadConfig(file, FIXTURE_ENV));

    expect(err.issues).toEqual([
      { file, line: lineOf(file, 'pageSize: "ten"'), col: colOf(file, '"ten"'), path: 'flows[0].pageSize', message: 'expected an integer (got "ten")' },
    ]);
  });

  it('given a misspelt key, when loaded, then the issue points at that key, names it and suggests the right one', () => {
    const file = fixture('unknown-key.yaml');
    const err = catchConfigError(() => loadConfig(file, FIXTURE_ENV));

    expect(err.issues).toHaveLength(1);
    const issue = err.issues[0];
    expect(issue?.line).toBe(lineOf(file, 'apiVerison'));
    expect(issue?.col).toBe(colOf(file, 'apiVerison'));
    expect(issue?.path).toBe('connectors.shop.apiVerison');
    expect(issue?.message).toContain('unknown key "apiVerison"');
    expect(issue?.message).toContain('did you mean "apiVersion"?');
  });

  it('given a missing required key, when loaded, then the issue points at the parent object and says what belongs there', () => {
    const file = fixture('missing-key.yaml');
    const err = catchConfigError(() => loadConfig(file, FIXTURE_ENV));

    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ path: 'connectors.shop.accessToken', line: lineOf(file, 'kind: shopify'), col: colOf(file, 'kind: shopify') });
    expect(err.issues[0]?.message).toBe('missing required key "accessToken" (expected a secret reference { env: VARIABLE_NAME })');
  });

  it('given an unset secret, when loaded, then the issue names the variable, its config path and line', () => {
    const file = fixture('minimal.yaml');
    const { FIX_POS_KEY: _unset, ...env } = FIXTURE_ENV;
    const err = catchConfigError(() => loadConfig(file, env));

    expect(err.issues).toEqual([
      {
        file,
        line: lineOf(file, 'FIX_POS_KEY'),
        col: colOf(file, 'FIX_POS_KEY'),
        path: 'connectors.pos.webhookSignatureKey',
        message: 'expected environment variable FIX_POS_KEY to hold the secret (got unset)',
      },
    ]);
  });

  it('given a secret set to an empty string, when loaded, then it counts as missing', () => {
    const err = catchConfigError(() => loadConfig(fixture('minimal.yaml'), { ...FIXTURE_ENV, FIX_SHOP_TOKEN: '' }));
    expect(err.issues.map((i) => [i.path, i.message])).toEqual([
      ['connectors.shop.accessToken', 'expected environment variable FIX_SHOP_TOKEN to hold the secret (got empty)'],
    ]);
  });

  it('given a flow naming unknown connectors, when loaded, then each reference is reported at its line with the known ids', () => {
    const file = fixture('unknown-connector.yaml');
    const err = catchConfigError(() => loadConfig(file, FIXTURE_ENV));

    expect(err.issues.map((i) => [i.path, i.line])).toEqual([
      ['flows[0].to[0]', lineOf(file, '- pso')],
      ['flows[0].fields.price', lineOf(file, 'price: shopp')],
    ]);
    expect(err.issues[0]?.message).toBe('expected a connector defined under connectors, one of: shop, pos (got "pso"; did you mean "pos"?)');
    expect(formatConfigError(err).split('\n')[0]).toBe(
      `${file}:${lineOf(file, '- pso')}:${colOf(file, 'pso')}: flows[0].to[0]: expected a connector defined under connectors, one of: shop, pos (got "pso"; did you mean "pos"?)`,
    );
  });

  it('given duplicate flow ids and a flow writing into its own source, when loaded, then both are reported', () => {
    const file = fixture('flow-conflicts.yaml');
    const err = catchConfigError(() => loadConfig(file, FIXTURE_ENV));

    expect(err.issues.map((i) => i.path)).toEqual(['flows[1].id', 'flows[1].to[0]']);
    expect(err.issues[0]?.message).toContain(`already used by flows[0] on line ${lineOf(file, 'id: catalog')}`);
    expect(err.issues[1]?.message).toBe('expected a destination other than the flow\'s source "pos" (got "pos")');
  });

  it('given a file that does not exist, when loaded, then ConfigError names the file', () => {
    const err = catchConfigError(() => loadConfig(fixture('no-such-file.yaml'), FIXTURE_ENV));
    expect(formatConfigError(err)).toMatch(/no-such-file\.yaml: expected a readable config file \(ENOENT/);
  });
});
