// The workflow bundle entry point: every workflow the worker runs.
export { catalogBackfill, progressQuery } from './catalog-backfill';
export type { BackfillInput, BackfillProgress } from './catalog-backfill';
export { productSync, changedSignal, statusQuery } from './product-sync';
export type { ChangeSignal, ProductSyncInput, ProductSyncStatus } from './product-sync';
