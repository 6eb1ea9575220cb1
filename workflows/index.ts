// The workflow bundle entry point: every workflow the worker runs.
export { catalogBackfill, progressQuery } from './catalog-backfill';
export type { BackfillInput, BackfillProgress } from './catalog-backfill';
export { productSync, changedSignal, statusQuery } from './product-sync';
export type { ChangeSignal, ProductSyncInput, ProductSyncStatus } from './product-sync';
export { catalogChanges, catalogChangedSignal, catalogChangesQuery } from './catalog-changes';
export type { CatalogChangesCarry, CatalogChangesInput, CatalogChangesStatus } from './catalog-changes';
export { catalogReconcile, catalogReportQuery } from './catalog-reconcile';
export type { CatalogReconcileInput, CatalogReport } from './catalog-reconcile';
export { inventorySync, observedSignal, inventoryStatusQuery } from './inventory-sync';
export type { InventorySyncInput, InventorySyncStatus, ObservedSignal } from './inventory-sync';
export { inventoryReconcile, reportQuery } from './inventory-reconcile';
export type { InventoryReconcileInput, InventoryReport } from './inventory-reconcile';
export { inventoryIntake } from './inventory-intake';
export type { InventoryIntakeInput } from './inventory-intake';
export { discountBackfill, discountSync, discountChangedSignal, discountStatusQuery, discountProgressQuery } from './discount-sync';
export type { DiscountBackfillInput, DiscountBackfillProgress, DiscountSyncInput, DiscountSyncStatus } from './discount-sync';
