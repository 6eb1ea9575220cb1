import { newLocationId } from './ids';
import { type CatalogObject, type Location } from './types';

/**
 * Starting data: the seller's locations (from options, or one US store) and
 * an optional demo catalog built through the same write path clients use.
 */

export interface LocationInput {
  id: string;
  name: string;
  currency: string;
}

/** Country, timezone and language for the currencies a demo is likely to use. */
const REGION: Readonly<Record<string, { country: string; timezone: string; language: string; city: string }>> = {
  USD: { country: 'US', timezone: 'America/New_York', language: 'en-US', city: 'New York' },
  CAD: { country: 'CA', timezone: 'America/Toronto', language: 'en-CA', city: 'Toronto' },
  GBP: { country: 'GB', timezone: 'Europe/London', language: 'en-GB', city: 'London' },
  EUR: { country: 'IE', timezone: 'Europe/Dublin', language: 'en-IE', city: 'Dublin' },
  AUD: { country: 'AU', timezone: 'Australia/Sydney', language: 'en-AU', city: 'Sydney' },
  JPY: { country: 'JP', timezone: 'Asia/Tokyo', language: 'ja-JP', city: 'Tokyo' },
};

export function defaultLocations(): LocationInput[] {
  return [{ id: newLocationId(), name: 'Main Street Store', currency: 'USD' }];
}

/** https://developer.squareup.com/reference/square/objects/Location */
export function buildLocation(input: LocationInput, merchantId: string, createdAt: string): Location {
  if (!/^[A-Z]{3}$/.test(input.currency)) throw new Error(`location ${input.id}: currency must be an ISO 4217 code, got ${input.currency}`);
  const region = REGION[input.currency] ?? { country: 'US', timezone: 'UTC', language: 'en-US', city: 'New York' };
  return {
    id: input.id,
    name: input.name,
    address: { address_line_1: '1 Market Street', locality: region.city, country: region.country },
    timezone: region.timezone,
    capabilities: ['CREDIT_CARD_PROCESSING', 'AUTOMATIC_TRANSFERS'],
    status: 'ACTIVE',
    created_at: createdAt,
    merchant_id: merchantId,
    country: region.country,
    language_code: region.language,
    currency: input.currency,
    business_name: 'Switchyard Demo Outfitters',
    type: 'PHYSICAL',
    mcc: '5699',
  };
}

const ADJECTIVES = ['Classic', 'Organic', 'Vintage', 'Everyday', 'Premium', 'Lightweight', 'Heritage', 'Urban'];
const NOUNS = ['Tee', 'Hoodie', 'Cap', 'Tote', 'Mug', 'Notebook', 'Scarf', 'Beanie'];
const SIZES = ['S', 'M', 'L', 'XL'];

/** Deterministic demo items #start..#start+count-1 (temporary ids), `variations` sizes each, priced in `currency`. */
export function demoCatalog(count: number, currency: string, variations = 2, start = 0): CatalogObject[] {
  return Array.from({ length: count }, (_, k) => {
    const i = start + k;
    const name = `${ADJECTIVES[i % ADJECTIVES.length]} ${NOUNS[Math.floor(i / ADJECTIVES.length) % NOUNS.length]} ${i + 1}`;
    return {
      type: 'ITEM',
      id: `#item-${i}`,
      item_data: {
        name,
        description_html: `<p>${name}, made for the Switchyard demo.</p>`,
        product_type: 'REGULAR',
        variations: SIZES.slice(0, Math.max(1, Math.min(variations, SIZES.length))).map((size, j) => ({
          type: 'ITEM_VARIATION',
          id: `#item-${i}-${size}`,
          item_variation_data: {
            item_id: `#item-${i}`,
            name: size,
            sku: `SY-${String(i + 1).padStart(5, '0')}-${size}`,
            pricing_type: 'FIXED_PRICING',
            price_money: { amount: 1500 + ((i * 37 + j * 200) % 5000), currency },
          },
        })),
      },
    };
  });
}
