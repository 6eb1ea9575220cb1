import type { Square } from 'square';
import { describe, expect, it } from 'vitest';
import type { Product } from '../../canonical/product';
import {
  imageCanonicalId,
  MAPPING_VERSION,
  optionCanonicalId,
  optionValueCanonicalId,
  reconcileLinks,
  squareLinkCanonicalIds,
  toIdMappings,
  toSquareCatalogObjects,
} from '../../mappings/square/catalog-item-v1';
import { htmlToText } from '../../mappings/square/html-text';
import type { IdMapping } from '../../store/types';

const PRD = 'prd_tee00000000000000000';
const VAR_S = 'var_s0000000000000000000';
const VAR_M = 'var_m0000000000000000000';

function tee(overrides: Partial<Product> = {}): Product {
  const variant = (id: string, size: string, position: number, amount: number, barcode: string | null) => ({
    id,
    externalRefs: [{ connector: 'shop', type: 'ProductVariant', id: `gid://shopify/ProductVariant/${position}` }],
    title: `${size} / Oat`,
    sku: `TEE-OAT-${size}`,
    barcode,
    position,
    selectedOptions: [{ name: 'Size', value: size }, { name: 'Color', value: 'Oat' }],
    price: { amount, currency: 'USD' },
    compareAtPrice: null,
  });
  return {
    id: PRD,
    externalRefs: [{ connector: 'shop', type: 'Product', id: 'gid://shopify/Product/1' }],
    title: 'Organic Cotton Tee',
    handle: 'organic-cotton-tee',
    descriptionHtml: '<p>Soft <strong>organic</strong> cotton &amp; a relaxed fit.</p><ul><li>100% cotton</li></ul>',
    vendor: 'North Loom',
    productType: 'T-Shirts',
    status: 'active',
    tags: ['cotton'],
    options: [
      { name: 'Size', position: 1, values: ['S', 'M'] },
      { name: 'Color', position: 2, values: ['Oat'] },
    ],
    variants: [variant(VAR_S, 'S', 1, 2800, '0812345678905'), variant(VAR_M, 'M', 2, 2850, 'NOT-A-GTIN')],
    images: [],
    seo: { title: 'Tee | North Loom', description: 'A soft tee' },
    updatedAt: '2025-03-14T09:26:53Z',
    ...overrides,
  };
}

const OPT_SIZE = optionCanonicalId(PRD, 'Size');
const OPT_COLOR = optionCanonicalId(PRD, 'Color');
const VAL = (option: string, value: string) => optionValueCanonicalId(PRD, option, value);

const link = (entity: string, canonicalId: string, externalType: string, externalId: string, externalVersion: string | null): IdMapping => ({
  entity,
  canonicalId,
  connector: 'pos',
  externalType,
  externalId,
  externalVersion,
});

/** Every link of a tee already written to Square once. */
const KNOWN: IdMapping[] = [
  link('product', PRD, 'ITEM', 'ITEM1', '11'),
  link('variant', VAR_S, 'ITEM_VARIATION', 'VARS', '12'),
  link('variant', VAR_M, 'ITEM_VARIATION', 'VARM', '13'),
  link('option', OPT_SIZE, 'ITEM_OPTION', 'OPTSIZE', '14'),
  link('option_value', VAL('Size', 'S'), 'ITEM_OPTION_VAL', 'VALS', '15'),
  link('option_value', VAL('Size', 'M'), 'ITEM_OPTION_VAL', 'VALM', '16'),
  link('option', OPT_COLOR, 'ITEM_OPTION', 'OPTCOLOR', '17'),
  link('option_value', VAL('Color', 'Oat'), 'ITEM_OPTION_VAL', 'VALOAT', '18'),
];

function plan(product: Product, known: IdMapping[] = []): Square.CatalogObject[] {
  const result = toSquareCatalogObjects(product, known, 'USD');
  if (!result.ok) throw new Error(result.reason);
  return result.objects;
}

describe('toSquareCatalogObjects (square.catalog-item.v1)', () => {
  it('given the mapping module, when its version is read, then it is square.catalog-item.v1', () => {
    expect(MAPPING_VERSION).toBe('square.catalog-item.v1');
  });

  it('given a product Square has never seen, when mapped, then it is one ITEM with # temp ids plus one ITEM_OPTION per option', () => {
    expect(plan(tee())).toEqual([
      {
        type: 'ITEM',
        id: `#${PRD}`,
        itemData: {
          name: 'Organic Cotton Tee',
          descriptionHtml: '<p>Soft <strong>organic</strong> cotton &amp; a relaxed fit.</p><ul><li>100% cotton</li></ul>',
          description: 'Soft organic cotton & a relaxed fit.\n100% cotton',
          productType: 'REGULAR',
          variations: [
            {
              type: 'ITEM_VARIATION',
              id: `#${VAR_S}`,
              itemVariationData: {
                itemId: `#${PRD}`,
                name: 'S / Oat',
                sku: 'TEE-OAT-S',
                upc: '0812345678905',
                ordinal: 1,
                pricingType: 'FIXED_PRICING',
                priceMoney: { amount: 2800n, currency: 'USD' },
                itemOptionValues: [
                  { itemOptionId: `#${OPT_SIZE}`, itemOptionValueId: `#${VAL('Size', 'S')}` },
                  { itemOptionId: `#${OPT_COLOR}`, itemOptionValueId: `#${VAL('Color', 'Oat')}` },
                ],
              },
            },
            {
              type: 'ITEM_VARIATION',
              id: `#${VAR_M}`,
              itemVariationData: {
                itemId: `#${PRD}`,
                name: 'M / Oat',
                sku: 'TEE-OAT-M',
                ordinal: 2,
                pricingType: 'FIXED_PRICING',
                priceMoney: { amount: 2850n, currency: 'USD' },
                itemOptionValues: [
                  { itemOptionId: `#${OPT_SIZE}`, itemOptionValueId: `#${VAL('Size', 'M')}` },
                  { itemOptionId: `#${OPT_COLOR}`, itemOptionValueId: `#${VAL('Color', 'Oat')}` },
                ],
              },
            },
          ],
          itemOptions: [{ itemOptionId: `#${OPT_SIZE}` }, { itemOptionId: `#${OPT_COLOR}` }],
          ecomSeoData: { pageTitle: 'Tee | North Loom', pageDescription: 'A soft tee', permalink: 'organic-cotton-tee' },
          isArchived: false,
        },
      },
      {
        type: 'ITEM_OPTION',
        id: `#${OPT_SIZE}`,
        itemOptionData: {
          name: 'Size (organic-cotton-tee)',
          displayName: 'Size',
          values: [
            { type: 'ITEM_OPTION_VAL', id: `#${VAL('Size', 'S')}`, itemOptionValueData: { itemOptionId: `#${OPT_SIZE}`, name: 'S', ordinal: 0 } },
            { type: 'ITEM_OPTION_VAL', id: `#${VAL('Size', 'M')}`, itemOptionValueData: { itemOptionId: `#${OPT_SIZE}`, name: 'M', ordinal: 1 } },
          ],
        },
      },
      {
        type: 'ITEM_OPTION',
        id: `#${OPT_COLOR}`,
        itemOptionData: {
          name: 'Color (organic-cotton-tee)',
          displayName: 'Color',
          values: [{ type: 'ITEM_OPTION_VAL', id: `#${VAL('Color', 'Oat')}`, itemOptionValueData: { itemOptionId: `#${OPT_COLOR}`, name: 'Oat', ordinal: 0 } }],
        },
      },
    ]);
  });

  it('given every link is known, when mapped, then each object reuses its Square id and sends its version', () => {
    const [item, size, color] = plan(tee(), KNOWN);
    expect(item).toMatchObject({ id: 'ITEM1', version: 11n });
    if (item?.type !== 'ITEM') throw new Error('expected the ITEM first');
    expect(item.itemData?.variations?.map((v) => [v.id, v.version])).toEqual([
      ['VARS', 12n],
      ['VARM', 13n],
    ]);
    expect(item.itemData?.variations?.[0]).toMatchObject({ itemVariationData: { itemId: 'ITEM1', itemOptionValues: [{ itemOptionId: 'OPTSIZE', itemOptionValueId: 'VALS' }, { itemOptionId: 'OPTCOLOR', itemOptionValueId: 'VALOAT' }] } });
    expect(item.itemData?.itemOptions).toEqual([{ itemOptionId: 'OPTSIZE' }, { itemOptionId: 'OPTCOLOR' }]);
    expect(size).toMatchObject({ id: 'OPTSIZE', version: 14n, itemOptionData: { values: [{ id: 'VALS', version: 15n }, { id: 'VALM', version: 16n }] } });
    expect(color).toMatchObject({ id: 'OPTCOLOR', version: 17n });
  });

  it('given a variant removed from the product and a new one added, when mapped, then the removed variation is dropped and the new one gets a temp id', () => {
    const product = tee();
    const added = { ...product.variants[0]!, id: 'var_new0000000000000000', position: 3, title: 'L / Oat', selectedOptions: [{ name: 'Size', value: 'S' }, { name: 'Color', value: 'Oat' }] };
    const [item] = plan({ ...product, variants: [product.variants[0]!, added] }, KNOWN);
    if (item?.type !== 'ITEM') throw new Error('expected the ITEM first');
    expect(item.itemData?.variations?.map((v) => v.id)).toEqual(['VARS', '#var_new0000000000000000']);
    expect(item.itemData?.variations?.[1]).toMatchObject({ itemVariationData: { itemId: 'ITEM1' } });
  });

  it('given a known option the product no longer has, when mapped, then its Square id is reported stale', () => {
    const product = tee({ options: [{ name: 'Size', position: 1, values: ['S', 'M'] }] });
    const variants = product.variants.map((v) => ({ ...v, selectedOptions: v.selectedOptions.filter((s) => s.name === 'Size') }));
    const result = toSquareCatalogObjects({ ...product, variants }, KNOWN, 'USD');
    expect(result).toMatchObject({ ok: true, staleOptionIds: ['OPTCOLOR'] });
  });

  it('given a product without options that is a draft, when mapped, then the variation is named Regular, has no option values, and the item is archived', () => {
    const product = tee({ options: [], status: 'draft', descriptionHtml: '' });
    const variants = [{ ...product.variants[0]!, title: '', selectedOptions: [] }];
    const [item, ...rest] = plan({ ...product, variants });
    expect(rest).toEqual([]);
    if (item?.type !== 'ITEM') throw new Error('expected the ITEM');
    expect(item.itemData).not.toHaveProperty('itemOptions');
    expect(item.itemData).not.toHaveProperty('descriptionHtml');
    expect(item.itemData?.isArchived).toBe(true);
    const variation = item.itemData?.variations?.[0];
    expect(variation?.type === 'ITEM_VARIATION' && variation.itemVariationData).toMatchObject({ name: 'Regular' });
    expect(variation?.type === 'ITEM_VARIATION' && variation.itemVariationData).not.toHaveProperty('itemOptionValues');
  });

  it('given prices in a currency other than the POS sells in and no price list price there, when mapped, then it is refused naming the currency and the variant', () => {
    expect(toSquareCatalogObjects(tee(), [], 'CAD')).toEqual({ ok: false, reason: 'no CAD price for variant TEE-OAT-S' });
  });

  it('given a POS in CAD and variants with fixed CAD prices beside their USD base price, when mapped, then each variation is priced in CAD', () => {
    const product = tee();
    const withCad = product.variants.map((v, i) => ({ ...v, prices: [{ amount: 3900 + i * 50, currency: 'CAD' }, { amount: 2600, currency: 'EUR' }] }));
    const plan = toSquareCatalogObjects({ ...product, variants: withCad }, [], 'CAD');
    if (!plan.ok) throw new Error(plan.reason);
    const item = plan.objects[0]!;
    const prices = item.type === 'ITEM' ? item.itemData?.variations?.map((v) => (v.type === 'ITEM_VARIATION' ? v.itemVariationData?.priceMoney : null)) : [];
    expect(prices).toEqual([{ amount: 3900n, currency: 'CAD' }, { amount: 3950n, currency: 'CAD' }]);
    // The base price still wins in its own currency.
    const usd = toSquareCatalogObjects({ ...product, variants: withCad }, [], 'USD');
    expect(usd.ok && usd.objects[0]?.type === 'ITEM' && usd.objects[0].itemData?.variations?.[0]?.type === 'ITEM_VARIATION' && usd.objects[0].itemData.variations[0].itemVariationData?.priceMoney).toEqual({ amount: 2800n, currency: 'USD' });
  });

  it('given one variant with a CAD price and one without, when mapped for a CAD POS, then the product is refused naming the variant without one', () => {
    const product = tee();
    const [s, m] = product.variants;
    expect(toSquareCatalogObjects({ ...product, variants: [{ ...s!, prices: [{ amount: 3900, currency: 'CAD' }] }, m!] }, [], 'CAD')).toEqual({ ok: false, reason: 'no CAD price for variant TEE-OAT-M' });
  });

  it('given a negative price, when mapped, then it is refused before reaching Square', () => {
    const product = tee();
    const refund = { ...product.variants[1]!, price: { amount: -100, currency: 'USD' } };
    expect(toSquareCatalogObjects({ ...product, variants: [product.variants[0]!, refund] }, [], 'USD')).toEqual({
      ok: false,
      reason: 'variants[1].price: Square sells nothing at a negative price (-100)',
    });
  });

  it('given a variant selecting a value the product options lack, when mapped, then it is refused naming the variant', () => {
    const product = tee();
    const bad = { ...product.variants[1]!, selectedOptions: [{ name: 'Size', value: 'XXL' }] };
    expect(toSquareCatalogObjects({ ...product, variants: [product.variants[0]!, bad] }, [], 'USD')).toEqual({
      ok: false,
      reason: 'variants[1].selectedOptions: Size=XXL is not among the product\'s options',
    });
  });
});

describe('toIdMappings', () => {
  it('given Square id mappings for new objects and returned versions, when inverted, then every object has a link with its permanent id and version', () => {
    const response = {
      idMappings: [
        { clientObjectId: `#${PRD}`, objectId: 'ITEM1' },
        { clientObjectId: `#${VAR_S}`, objectId: 'VARS' },
        { clientObjectId: `#${VAR_M}`, objectId: 'VARM' },
        { clientObjectId: `#${OPT_SIZE}`, objectId: 'OPTSIZE' },
        { clientObjectId: `#${VAL('Size', 'S')}`, objectId: 'VALS' },
        { clientObjectId: `#${VAL('Size', 'M')}`, objectId: 'VALM' },
        { clientObjectId: `#${OPT_COLOR}`, objectId: 'OPTCOLOR' },
        { clientObjectId: `#${VAL('Color', 'Oat')}`, objectId: 'VALOAT' },
      ],
      objects: squareState(),
    };
    expect(toIdMappings(tee(), 'pos', [], response)).toEqual(KNOWN);
  });

  it('given known objects Square updated in place, when inverted, then they keep their ids and take the new versions', () => {
    const bumped = squareState(100n);
    const out = toIdMappings(tee(), 'pos', KNOWN, { objects: bumped, idMappings: [] });
    expect(out.map((l) => [l.externalId, l.externalVersion])).toEqual(KNOWN.map((l) => [l.externalId, String(Number(l.externalVersion) + 100)]));
  });

  it('given a product, when its link keys are listed, then they cover the item, variations, options and values', () => {
    expect(squareLinkCanonicalIds(tee()).sort()).toEqual(KNOWN.map((l) => l.canonicalId).sort());
  });

  it('given images uploaded for two of three product images, when mapped, then the item lists those IMAGE ids in canonical position order', () => {
    const images = [3, 1, 2].map((position) => ({ id: `img_${position}`, externalRefs: [], url: `https://cdn.example/${position}.jpg`, altText: null, position }));
    const product = tee({ images });
    const [first, , third] = [1, 2, 3].map((n) => images.find((i) => i.position === n)!);
    const known = [...KNOWN, link('image', imageCanonicalId(third!), 'IMAGE', 'IMG3', null), link('image', imageCanonicalId(first!), 'IMAGE', 'IMG1', null)];
    const item = plan(product, known)[0]!;
    expect(item.type === 'ITEM' ? item.itemData?.imageIds : null).toEqual(['IMG1', 'IMG3']);
    // The link keys name every image, so the store hands their links back.
    expect(squareLinkCanonicalIds(product)).toEqual(expect.arrayContaining(images.map(imageCanonicalId)));
  });

  it('given an image whose file or alt text changed, when its identity is derived, then it is a new IMAGE (the old one is retired)', () => {
    const img = { id: 'img_1', externalRefs: [], url: 'https://cdn.example/a.jpg?v=1', altText: 'Front', position: 1 };
    const ids = [img, { ...img, url: 'https://cdn.example/a.jpg?v=2' }, { ...img, altText: 'Front view' }, { ...img, position: 2 }].map(imageCanonicalId);
    expect(new Set(ids.slice(0, 3)).size).toBe(3);
    expect(ids[3]).toBe(ids[0]); // moving an image doesn't re-upload it
  });
});

describe('reconcileLinks', () => {
  it('given only item and variation links, when reconciled against Square, then options and values are recovered by name with current versions', () => {
    const partial = KNOWN.slice(0, 3).map((l) => ({ ...l, externalVersion: '1' }));
    expect(reconcileLinks(tee(), 'pos', partial, squareState())).toEqual(KNOWN);
  });

  it('given image links, when reconciled, then those whose IMAGE Square still has survive (shown on the item or not) and a deleted one drops out', () => {
    const images = [1, 2].map((position) => ({ id: `img_${position}`, externalRefs: [], url: `https://cdn.example/${position}.jpg`, altText: null, position }));
    const links = [...KNOWN, link('image', imageCanonicalId(images[0]!), 'IMAGE', 'IMGA', null), link('image', imageCanonicalId(images[1]!), 'IMAGE', 'IMGB', null)];
    const state: Square.CatalogObject[] = [...squareState(), { type: 'IMAGE', id: 'IMGA', version: 30n, imageData: { url: 'https://x/a' } }, { type: 'IMAGE', id: 'IMGB', isDeleted: true, version: 31n }];
    const rebuilt = reconcileLinks(tee({ images }), 'pos', links, state).filter((l) => l.externalType === 'IMAGE');
    expect(rebuilt).toEqual([link('image', imageCanonicalId(images[0]!), 'IMAGE', 'IMGA', '30')]);
  });

  it('given the ITEM was deleted in Square, when reconciled, then no link survives (the next upsert recreates all)', () => {
    const state = squareState().map((o) => (o.type === 'ITEM' ? { ...o, isDeleted: true } : o));
    expect(reconcileLinks(tee(), 'pos', KNOWN, state)).toEqual([]);
  });
});

describe('htmlToText', () => {
  it('given markup with entities and blocks, when converted, then it is readable plain text', () => {
    expect(htmlToText('<h2>Care</h2><p>Wash&nbsp;cold &lt;30&#176;C&gt;</p><script>x()</script><br/>Line')).toBe('Care\nWash cold <30°C>\nLine');
  });
});

/** The tee as Square holds it after the first upsert (versions 11..18, shifted by `bump`). */
function squareState(bump = 0n): Square.CatalogObject[] {
  return [
    {
      type: 'ITEM',
      id: 'ITEM1',
      version: 11n + bump,
      itemData: {
        name: 'Organic Cotton Tee',
        variations: [
          { type: 'ITEM_VARIATION', id: 'VARS', version: 12n + bump, itemVariationData: { itemId: 'ITEM1' } },
          { type: 'ITEM_VARIATION', id: 'VARM', version: 13n + bump, itemVariationData: { itemId: 'ITEM1' } },
        ],
        itemOptions: [{ itemOptionId: 'OPTSIZE' }, { itemOptionId: 'OPTCOLOR' }],
      },
    },
    {
      type: 'ITEM_OPTION',
      id: 'OPTSIZE',
      version: 14n + bump,
      itemOptionData: {
        name: 'Size (organic-cotton-tee)',
        displayName: 'Size',
        values: [
          { type: 'ITEM_OPTION_VAL', id: 'VALS', version: 15n + bump, itemOptionValueData: { name: 'S' } },
          { type: 'ITEM_OPTION_VAL', id: 'VALM', version: 16n + bump, itemOptionValueData: { name: 'M' } },
        ],
      },
    },
    {
      type: 'ITEM_OPTION',
      id: 'OPTCOLOR',
      version: 17n + bump,
      itemOptionData: { name: 'Color (organic-cotton-tee)', displayName: 'Color', values: [{ type: 'ITEM_OPTION_VAL', id: 'VALOAT', version: 18n + bump, itemOptionValueData: { name: 'Oat' } }] },
    },
  ];
}
