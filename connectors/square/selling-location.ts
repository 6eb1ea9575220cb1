import type { SquareConnectorConfig } from '../../config/schema';
import { VendorError } from '../types';
import { squareCall, type SquareApi } from './client';

/** Where the POS sells: the currency prices and amounts are in, and the zone its dates are local to. */
export interface SellingLocation {
  currency: string;
  timezone: string;
}

/**
 * The first configured location (else the first active one): its time zone,
 * and its currency unless the connector's `currency` says otherwise. Read
 * once per connector; a failed read is retried next time, not cached.
 *
 * https://developer.squareup.com/reference/square/locations-api/list-locations
 */
export function createSellingLocation(api: SquareApi, cfg: Pick<SquareConnectorConfig, 'currency' | 'locations'>): () => Promise<SellingLocation> {
  let cached: Promise<SellingLocation> | null = null;
  return () => {
    if (!cached) {
      cached = read(api, cfg);
      cached.catch(() => (cached = null));
    }
    return cached;
  };
}

async function read(api: SquareApi, cfg: Pick<SquareConnectorConfig, 'currency' | 'locations'>): Promise<SellingLocation> {
  const configured = Object.values(cfg.locations);
  const res = await squareCall(() => api.client.locations.list(api.requestOptions));
  const locations = res.locations ?? [];
  const chosen = locations.find((l) => l.id !== undefined && configured.includes(l.id)) ?? locations.find((l) => l.status === 'ACTIVE') ?? locations[0];
  const currency = cfg.currency ?? chosen?.currency;
  if (!currency) throw new VendorError('Square: no location with a currency; set `currency` on the connector', 'square', 400, null, 'NO_CURRENCY');
  if (!chosen?.timezone) throw new VendorError('Square: the selling location has no time zone (pricing-rule dates are local to it)', 'square', 400, null, 'NO_TIMEZONE');
  return { currency, timezone: chosen.timezone };
}
