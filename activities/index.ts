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
  const catalog = createCatalogActivities(deps);
  const discounts = createDiscountActivities(deps);
  return keptAlive({
    ...catalog,
    ...createCatalogReconcileActivities(deps),
    ...discounts,
    ...createInventoryActivities(deps),
    /** One change-feed activity for every flow a catalog notification wakes: products in a destination, discounts in their owner. */
    pullCatalogChanges: (input: Parameters<typeof catalog.pullCatalogChanges>[0]) =>
      deps.flows.get(input.flowId)?.entity === 'discount' ? discounts.pullDiscountChanges(input) : catalog.pullCatalogChanges(input),
  });
}
