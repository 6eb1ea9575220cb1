// The workflow bundle entry point: every workflow the worker runs.
export { catalogBackfill, progressQuery } from './catalog-backfill';
export type { BackfillInput, BackfillProgress } from './catalog-backfill';
export { productSync, changedSignal, statusQuery } from './product-sync';
export type { ChangeSignal, ProductSyncInput, ProductSyncStatus } from './product-sync';
export { inventorySync, observedSignal, inventoryStatusQuery } from './inventory-sync';
export type { InventorySyncInput, InventorySyncStatus, ObservedSignal } from './inventory-sync';
export { inventoryReconcile, reportQuery } from './inventory-reconcile';
export type { InventoryReconcileInput, InventoryReport } from './inventory-reconcile';
export { inventoryIntake } from './inventory-intake';
export type { InventoryIntakeInput } from './inventory-intake';
