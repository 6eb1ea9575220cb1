import { createCatalogActivities, type CatalogDeps } from './catalog';
import { createCatalogReconcileActivities } from './catalog-reconcile';
import { createDiscountActivities } from './discounts';
import { createInventoryActivities } from './inventory';
import { keptAlive } from './keep-alive';

export type ActivityDeps = CatalogDeps;

/**
 * The activity factory: built once in worker.ts with real dependencies.
 * Workflows import only its type (`ReturnType<typeof createActivities>`).
 * Every activity heartbeats while it runs (keep-alive.ts).
 */
export function createActivities(deps: ActivityDeps) {
  return keptAlive({
    ...createCatalogActivities(deps),
    ...createCatalogReconcileActivities(deps),
    ...createDiscountActivities(deps),
    ...createInventoryActivities(deps),
  });
}
