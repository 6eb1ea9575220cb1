import { arraySequence, paginate } from '../../framework/graphql-connection';
import type { LevelRecord, LocationRecord, StoredQuantityName } from '../commerce-records';
import { QUANTITY_NAMES } from '../commerce-records';
import { inventoryLevelGid } from '../commerce-rest';
import { expectGid, gid } from '../ids';
import { onHand } from '../inventory-store';
import type { AdjustmentGroupData } from '../inventory-ops';
import { isoSeconds, type ProductRecord, type VariantRecord } from '../records';
import { count, emptyConnection, shopifyConnectionArgs, toConnection, type ConnectionResult, type ExecContext } from './context';
import { VariantNode } from './variant-node';

/**
 * Location, InventoryItem, InventoryLevel, InventoryQuantity and
 * InventoryAdjustmentGroup.
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/Location
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/InventoryLevel
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/InventoryAdjustmentGroup
 */

type Args = Record<string, unknown>;

export class LocationNode {
  readonly #l: LocationRecord;
  readonly #ctx: ExecContext;
  constructor(l: LocationRecord, ctx: ExecContext) {
    this.#l = l;
    this.#ctx = ctx;
  }
  get __typename(): string {
    return 'Location';
  }
  get id(): string {
    return gid('Location', this.#l.id);
  }
  get legacyResourceId(): string {
    return String(this.#l.id);
  }
  get name(): string {
    return this.#l.name;
  }
  get isActive(): boolean {
    return this.#l.isActive;
  }
  get fulfillsOnlineOrders(): boolean {
    return this.#l.fulfillsOnlineOrders;
  }
  get shipsInventory(): boolean {
    return this.#l.fulfillsOnlineOrders;
  }
  get isFulfillmentService(): boolean {
    return false;
  }
  get hasActiveInventory(): boolean {
    return this.#l.isActive;
  }
  get activatable(): boolean {
    return !this.#l.isActive;
  }
  get deactivatable(): boolean {
    return this.#l.isActive;
  }
  get deletable(): boolean {
    return !this.#l.isActive;
  }
  get deactivatedAt(): string | null {
    return this.#l.isActive ? null : isoSeconds(this.#l.updatedAt);
  }
  get addressVerified(): boolean {
    return true;
  }
  get createdAt(): string {
    return isoSeconds(this.#l.createdAt);
  }
  get updatedAt(): string {
    return isoSeconds(this.#l.updatedAt);
  }
  get address(): Record<string, unknown> {
    const a = this.#l.address;
    return { ...a, latitude: null, longitude: null, formatted: [a.address1, a.address2, `${a.city ?? ''} ${a.provinceCode ?? ''} ${a.zip ?? ''}`.trim(), a.country].filter((x): x is string => !!x) };
  }
  inventoryLevel(args: Args): InventoryLevelNode | null {
    const itemId = expectGid(args.inventoryItemId, 'InventoryItem');
    const level = itemId === null ? undefined : this.#ctx.state.commerce.inventory.level(itemId, this.#l.id);
    return level ? new InventoryLevelNode(level, this.#ctx) : null;
  }
  inventoryLevels(args: Args): ConnectionResult<InventoryLevelNode> {
    const a = shopifyConnectionArgs(args);
    // Walks the catalogue lazily: only as many levels as the page needs are produced.
    const want = (a.first ?? a.last ?? 0) + 1;
    const all: LevelRecord[] = [];
    const afterId = a.after ? JSON.parse(Buffer.from(a.after, 'base64').toString('utf8')).last_id as number : 0;
    for (const l of this.#ctx.state.commerce.inventory.levelsAt(this.#l.id)) {
      if (l.inventoryItemId <= afterId) continue;
      all.push(l);
      if (all.length >= want && !a.last) break;
    }
    const keyOf = (l: LevelRecord): { id: number; value: number } => ({ id: l.inventoryItemId, value: l.inventoryItemId });
    const page = paginate(arraySequence(all, keyOf, a.reverse), { ...a, after: null }, null);
    return toConnection(page, (l) => new InventoryLevelNode(l, this.#ctx), keyOf);
  }
  metafields(args: Args): ConnectionResult<never> {
    return emptyConnection(args);
  }
  metafield(): null {
    return null;
  }
}

export class InventoryLevelNode {
  readonly #l: LevelRecord;
  readonly #ctx: ExecContext;
  constructor(l: LevelRecord, ctx: ExecContext) {
    this.#l = l;
    this.#ctx = ctx;
  }
  get __typename(): string {
    return 'InventoryLevel';
  }
  get id(): string {
    return inventoryLevelGid(this.#l.inventoryItemId, this.#l.locationId);
  }
  get canDeactivate(): boolean {
    return this.#l.quantities.committed === 0;
  }
  get deactivationAlert(): string | null {
    return null;
  }
  get createdAt(): string {
    return isoSeconds(this.#l.createdAt);
  }
  get updatedAt(): string {
    return isoSeconds(this.#l.updatedAt);
  }
  get location(): LocationNode {
    return new LocationNode(this.#ctx.state.commerce.inventory.location(this.#l.locationId)!, this.#ctx);
  }
  get item(): InventoryItemNode | null {
    return inventoryItemNode(this.#ctx, this.#l.inventoryItemId);
  }
  quantities(args: Args): { id: string; name: string; quantity: number; updatedAt: string }[] {
    const names = Array.isArray(args.names) ? (args.names as string[]) : [];
    return names.map((name) => ({
      id: `gid://shopify/InventoryQuantity/${this.#l.locationId}?inventory_item_id=${this.#l.inventoryItemId}&name=${name}`,
      name,
      quantity: name === 'on_hand' ? onHand(this.#l.quantities) : (QUANTITY_NAMES as readonly string[]).includes(name) ? this.#l.quantities[name as StoredQuantityName] : 0,
      updatedAt: isoSeconds(this.#l.updatedAt),
    }));
  }
  scheduledChanges(args: Args): ConnectionResult<never> {
    return emptyConnection(args);
  }
}

export function inventoryItemNode(ctx: ExecContext, itemId: number): InventoryItemNode | null {
  const owner = ctx.state.commerce.inventory.owner(itemId);
  const p = owner ? ctx.state.products.get(owner.productId) : undefined;
  const v = p?.variants.find((x) => x.id === owner!.variantId);
  return p && v ? new InventoryItemNode(v, p, ctx) : null;
}

export class InventoryItemNode {
  readonly #v: VariantRecord;
  readonly #p: ProductRecord;
  readonly #ctx: ExecContext;

  constructor(v: VariantRecord, p: ProductRecord, ctx: ExecContext) {
    this.#v = v;
    this.#p = p;
    this.#ctx = ctx;
  }
  get __typename(): string {
    return 'InventoryItem';
  }
  get id(): string {
    return gid('InventoryItem', this.#v.inventoryItemId);
  }
  get legacyResourceId(): string {
    return String(this.#v.inventoryItemId);
  }
  get sku(): string | null {
    return this.#v.sku;
  }
  get tracked(): boolean {
    return true;
  }
  get requiresShipping(): boolean {
    return true;
  }
  get duplicateSkuCount(): number {
    return 0;
  }
  get countryCodeOfOrigin(): null {
    return null;
  }
  get harmonizedSystemCode(): null {
    return null;
  }
  get provinceCodeOfOrigin(): null {
    return null;
  }
  get unitCost(): null {
    return null;
  }
  get inventoryHistoryUrl(): string {
    return `https://admin.shopify.com/store/${this.#ctx.state.shop.myshopifyDomain.replace(/\.myshopify\.com$/, '')}/products/inventory/${this.#v.inventoryItemId}/inventory_history`;
  }
  get createdAt(): string {
    return isoSeconds(this.#v.createdAt);
  }
  get updatedAt(): string {
    return isoSeconds(this.#v.updatedAt);
  }
  get variant(): VariantNode {
    return new VariantNode(this.#v, this.#p, this.#ctx);
  }
  get locationsCount(): ReturnType<typeof count> {
    return count(this.#ctx.state.commerce.inventory.levels(this.#v.inventoryItemId).length);
  }
  inventoryLevel(args: Args): InventoryLevelNode | null {
    const locationId = expectGid(args.locationId, 'Location');
    const level = locationId === null ? undefined : this.#ctx.state.commerce.inventory.level(this.#v.inventoryItemId, locationId);
    return level ? new InventoryLevelNode(level, this.#ctx) : null;
  }
  inventoryLevels(args: Args): ConnectionResult<InventoryLevelNode> {
    const a = shopifyConnectionArgs(args);
    const keyOf = (l: LevelRecord): { id: number; value: number } => ({ id: l.locationId, value: l.locationId });
    const page = paginate(arraySequence(this.#ctx.state.commerce.inventory.levels(this.#v.inventoryItemId), keyOf, a.reverse), a, null);
    return toConnection(page, (l) => new InventoryLevelNode(l, this.#ctx), keyOf);
  }
}

/** InventoryAdjustmentGroup from a mutation result. */
export function adjustmentGroupNode(g: AdjustmentGroupData, ctx: ExecContext): Record<string, unknown> {
  return {
    __typename: 'InventoryAdjustmentGroup',
    id: gid('InventoryAdjustmentGroup', g.id),
    createdAt: isoSeconds(g.createdAt),
    reason: g.reason,
    referenceDocumentUri: g.referenceDocumentUri,
    app: null,
    staffMember: null,
    changes: (args: Args) => {
      const names = Array.isArray(args.quantityNames) ? (args.quantityNames as string[]) : null;
      const items = Array.isArray(args.inventoryItemIds) ? (args.inventoryItemIds as string[]) : null;
      const locations = Array.isArray(args.locationIds) ? (args.locationIds as string[]) : null;
      return g.changes
        .filter((c) => (!names || names.includes(c.name)) && (!items || items.includes(gid('InventoryItem', c.itemId))) && (!locations || locations.includes(gid('Location', c.locationId))))
        .map((c) => ({
          name: c.name,
          delta: c.delta,
          quantityAfterChange: c.quantityAfterChange,
          ledgerDocumentUri: c.ledgerDocumentUri,
          get item() {
            return inventoryItemNode(ctx, c.itemId);
          },
          get location() {
            const l = ctx.state.commerce.inventory.location(c.locationId);
            return l ? new LocationNode(l, ctx) : null;
          },
        }));
    },
  };
}
