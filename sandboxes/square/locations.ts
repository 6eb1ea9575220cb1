import { type SandboxServer } from '../framework/server';
import { notFound } from './errors';
import { mountApi, type ApiContext } from './http';
import { type SquareState } from './state';

/** Locations API (read side). https://developer.squareup.com/reference/square/locations-api */
export function mountLocationRoutes(server: SandboxServer, ctx: ApiContext, state: SquareState): void {
  // https://developer.squareup.com/reference/square/locations-api/list-locations
  mountApi(server, ctx, 'GET', '/v2/locations', () => ({ status: 200, body: { locations: state.locations } }));

  // https://developer.squareup.com/reference/square/locations-api/retrieve-location
  // "main" is Square's alias for the seller's main location.
  mountApi(server, ctx, 'GET', '/v2/locations/{location_id}', (req) => {
    const id = req.params.location_id ?? '';
    const location = id === 'main' ? state.locations[0] : state.locations.find((l) => l.id === id);
    return location ? { status: 200, body: { location } } : notFound(`Location with ID \`${id}\` not found.`);
  });
}
