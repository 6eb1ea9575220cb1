import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../config/load';
import { catchConfigError, fixture, FIXTURE_ENV, lineOf } from './helpers';

/** `fields:` of a product flow: names we know, owned by a connector of the flow that holds and reports the field. */
describe('product flow field owners', () => {
  it('given owners that cannot work, when loaded, then each is reported at its line with what would be valid', () => {
    const file = fixture('field-owners.yaml');
    const err = catchConfigError(() => loadConfig(file, FIXTURE_ENV));

    expect(err.issues.map((i) => [i.path, i.line, i.message])).toEqual([
      [
        'flows[0].fields.posName',
        lineOf(file, 'posName: pos'),
        'expected a product field, one of: title, handle, description, vendor, productType, status, tags, options, images, seo.title, seo.description, shortName, price, compareAtPrice, sku, barcode (got "posName")',
      ],
      [
        'flows[0].fields.vendor',
        lineOf(file, 'vendor: pos'),
        'expected a connector that holds vendor: square holds title, handle, description, status, seo.title, seo.description, shortName, price, sku, barcode (got "pos")',
      ],
      ['flows[0].fields.options', lineOf(file, 'options: pos'), 'expected the flow\'s source "shop": options shape the product, so only the catalog\'s source owns them (got "pos")'],
      ['flows[0].fields.sku', lineOf(file, 'sku: till'), 'expected one of the flow\'s connectors: shop, pos (got "till")'],
    ]);
  });

  it('given owners on the flow\'s connectors for fields they hold, when loaded, then the flow keeps them as written', () => {
    const yaml = readFileSync(fixture('minimal.yaml'), 'utf8') + '    fields: { shortName: pos, price: pos, sku: pos, seo.title: shop, barcode: shop }\n';
    const { config } = parseConfig(yaml, 'inline.yaml', FIXTURE_ENV);
    expect(config.flows[0]?.fields).toEqual({ shortName: 'pos', price: 'pos', sku: 'pos', 'seo.title': 'shop', barcode: 'shop' });
  });

  it('given a misspelt field, when loaded, then the issue suggests the field meant', () => {
    const yaml = readFileSync(fixture('minimal.yaml'), 'utf8') + '    fields: { shortname: pos }\n';
    const err = catchConfigError(() => parseConfig(yaml, 'inline.yaml', FIXTURE_ENV));
    expect(err.issues.map((i) => i.message)).toEqual([expect.stringMatching(/\(got "shortname"; did you mean "shortName"\?\)$/)]);
  });
});
