import { randomUUID } from 'node:crypto';
import type { SquareClient } from 'square';
import type { InventoryState } from '../../activities/inventory-state';
import type { Product } from '../../canonical/product';
import type { Store } from '../../store/types';
import { MAIN_SHOPIFY, MAIN_SQUARE } from './crash-rig';
import { adminGraphql, type ShopifyVariantView } from './vendor-views';

/**
 * A stream of stock changes made the way shops make them, in both channels:
 * Shopify checkouts and Admin inventory adjustments, Square counter sales and
 * Inventory API adjustments by another app. Each change the vendor accepted
 * is recorded (variant, channel, delta): the ledger the canonical stock must
 * add up to.
 */

export type Channel = 'shop' | 'pos';
export type Kind = 'shopify-order' | 'shopify-adjust' | 'square-sale' | 'square-adjust';

export interface Adjustment {
  variantId: string;
  channel: Channel;
  kind: Kind;
  delta: number;
}

interface PoolKey {
  variantId: string;
  shopVariant: string;
  inventoryItem: string;
  squareVariation: string;
  initial: number;
  /** initial + every recorded delta. */
  expected: number;
}

/** Keys with less than this at the start are left alone: no change may take stock near zero (an oversell is another test). */
const MIN_INITIAL = 30;
const FLOOR = 10;
const POOL_SIZE = 300;

export class AdjustmentStream {
  readonly ledger: Adjustment[] = [];
  readonly refused: Record<Kind, number> = { 'shopify-order': 0, 'shopify-adjust': 0, 'square-sale': 0, 'square-adjust': 0 };
  /** Keys whose Shopify write was in flight when the worker died; see freezeUnconfirmedShopifyWrites. */
  readonly frozen = new Set<string>();
  readonly errors: string[] = [];
  frozenEver = 0;
  private readonly pool: PoolKey[] = [];
  private readonly inPool = new Set<string>();
  private productCursor: string | null = null;
  private running = false;
  private current: Promise<void> = Promise.resolve();
  private shopifyHeld = false;
  private loop: Promise<void> | null = null;
  private rng: () => number;

  constructor(
    private readonly deps: { store: Store; shopifyUrl: string; squareUrl: string; square: SquareClient; initial: Map<string, ShopifyVariantView>; seed: number },
  ) {
    let a = deps.seed >>> 0;
    // mulberry32: the same run of choices for the same seed.
    this.rng = () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  get poolSize(): number {
    return this.pool.length;
  }

  start(pauseMs: number): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        try {
          if (this.pool.length < POOL_SIZE) await this.refill();
          this.current = this.pool.length ? this.one() : Promise.resolve();
          await this.current;
        } catch (err) {
          // Nothing here should fail (in-process sandboxes, no faults): the test asserts this stays empty.
          this.errors.push(err instanceof Error ? err.message : String(err));
        }
        await new Promise((r) => setTimeout(r, pauseMs));
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** Sum of recorded deltas per variant. */
  deltas(): Map<string, number> {
    const out = new Map<string, number>();
    for (const a of this.ledger) out.set(a.variantId, (out.get(a.variantId) ?? 0) + a.delta);
    return out;
  }

  /**
   * Stops Shopify-side changes (Square-side ones go on) once the one in flight
   * has landed: before a kill, so no Shopify change can fall between a
   * Shopify write of ours landing and the worker recording it (see
   * freezeUnconfirmedShopifyWrites).
   */
  async holdShopify(): Promise<void> {
    this.shopifyHeld = true;
    await this.current.catch(() => undefined);
  }

  releaseShopify(): void {
    this.shopifyHeld = false;
  }

  /**
   * Call while the worker is dead. A Shopify compare-and-set write that was
   * recorded as pending but whose outcome was never saved cannot be settled
   * exactly once Shopify's level has moved for another reason: Admin API
   * 2025-01 has neither idempotency keys for inventory mutations nor a way to
   * look an adjustment up by its reference document. So until the engine has
   * settled such a write, the stream makes no Shopify-side change to that key
   * (Square-side changes go on: those writes are settled exactly).
   */
  async freezeUnconfirmedShopifyWrites(): Promise<number> {
    const states = await this.states(this.pool.map((k) => k.variantId));
    let n = 0;
    for (const [v, s] of states) {
      if (s.pending.shop && !this.frozen.has(v)) {
        this.frozen.add(v);
        this.frozenEver++;
        n++;
      }
    }
    return n;
  }

  private async states(variantIds: string[]): Promise<Map<string, InventoryState>> {
    const recs = await this.deps.store.getRecords('inventory_state', variantIds.map((v) => `inv:stock:${v}:main`));
    const out = new Map<string, InventoryState>();
    for (const r of recs.values()) {
      const s = JSON.parse(r.data) as InventoryState;
      out.set(s.variantId, s);
    }
    return out;
  }

  /** Adds keys of products the catalog sync has finished (every variant linked in Square). */
  private async refill(): Promise<void> {
    const { store } = this.deps;
    const ids = await store.listRecordIds('product', { afterId: this.productCursor, limit: 40 });
    if (!ids.length) {
      this.productCursor = null;
      return;
    }
    const products = [...(await store.getRecords('product', ids)).values()].map((r) => JSON.parse(r.data) as Product);
    const variantIds = products.flatMap((p) => p.variants.map((v) => v.id));
    const variations = new Map((await store.findByCanonical('pos', variantIds)).filter((l) => l.externalType === 'ITEM_VARIATION').map((l) => [l.canonicalId, l.externalId]));
    for (const p of products) {
      if (!p.variants.every((v) => variations.has(v.id))) continue; // not in Square yet: look again next round
      this.productCursor = p.id > (this.productCursor ?? '') ? p.id : this.productCursor;
      for (const v of p.variants) {
        const shopVariant = v.externalRefs.find((r) => r.connector === 'shop' && r.type === 'ProductVariant')?.id;
        const view = shopVariant ? this.deps.initial.get(shopVariant) : undefined;
        if (!shopVariant || !view || view.available < MIN_INITIAL || this.inPool.has(v.id) || this.pool.length >= POOL_SIZE) continue;
        this.inPool.add(v.id);
        this.pool.push({ variantId: v.id, shopVariant, inventoryItem: view.inventoryItem, squareVariation: variations.get(v.id)!, initial: view.available, expected: view.available });
      }
    }
  }

  private async one(): Promise<void> {
    const key = this.pool[Math.floor(this.rng() * this.pool.length)]!;
    const v = key.variantId;
    const state = (await this.states([v])).get(v);
    if (this.frozen.has(v) && !state?.pending.shop) this.frozen.delete(v);
    // Square changes only once the key is linked in the inventory state: before that, the first
    // sync takes Shopify's level as the truth and brings Square to it.
    const can: Record<Channel, boolean> = { shop: !this.frozen.has(v) && !this.shopifyHeld, pos: state?.systems.pos !== undefined };
    let channel: Channel = this.rng() < 0.5 ? 'shop' : 'pos';
    if (!can[channel]) channel = channel === 'shop' ? 'pos' : 'shop';
    if (!can[channel]) return;
    const qty = 1 + Math.floor(this.rng() * 3);
    const down = this.rng() < 0.6 && key.expected - qty >= FLOOR;
    const sale = this.rng() < 0.7;
    const kind: Kind = channel === 'shop' ? (down && sale ? 'shopify-order' : 'shopify-adjust') : down && sale ? 'square-sale' : 'square-adjust';
    const delta = down ? -qty : qty;
    if (!(await this.apply(key, kind, delta))) {
      this.refused[kind]++;
      return;
    }
    key.expected += delta;
    this.ledger.push({ variantId: v, channel, kind, delta });
  }

  private async apply(key: PoolKey, kind: Kind, delta: number): Promise<boolean> {
    const { shopifyUrl, squareUrl, square } = this.deps;
    switch (kind) {
      case 'shopify-order': {
        // A buyer's checkout fulfilled from the main location.
        const res = await fetch(`${shopifyUrl}/_sandbox/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ lineItems: [{ variantId: key.shopVariant, quantity: -delta }], locationId: MAIN_SHOPIFY }),
        });
        await res.arrayBuffer();
        return res.status === 201;
      }
      case 'shopify-adjust': {
        // Staff receiving stock (or writing one off) in the Shopify admin.
        const data = await adminGraphql<{ inventoryAdjustQuantities: { userErrors: unknown[] } }>(
          shopifyUrl,
          'mutation($input: InventoryAdjustQuantitiesInput!) { inventoryAdjustQuantities(input: $input) { userErrors { field message code } } }',
          { input: { name: 'available', reason: delta > 0 ? 'received' : 'shrinkage', changes: [{ delta, inventoryItemId: key.inventoryItem, locationId: MAIN_SHOPIFY }] } },
        );
        return data.inventoryAdjustQuantities.userErrors.length === 0;
      }
      case 'square-sale': {
        // A sale rung up at the Square counter.
        const res = await fetch(`${squareUrl}/_sandbox/dashboard/sales`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ locationId: MAIN_SQUARE, lines: [{ variationId: key.squareVariation, quantity: -delta }], tender: 'CASH' }),
        });
        await res.arrayBuffer();
        return res.status === 200;
      }
      case 'square-adjust': {
        // Another app (say, a receiving tool) adjusting stock through Square's Inventory API.
        const res = await square.inventory.batchCreateChanges({
          idempotencyKey: randomUUID(),
          changes: [
            {
              type: 'ADJUSTMENT',
              adjustment: {
                fromState: delta > 0 ? 'NONE' : 'IN_STOCK',
                toState: delta > 0 ? 'IN_STOCK' : 'WASTE',
                fromLocationId: MAIN_SQUARE,
                toLocationId: MAIN_SQUARE,
                catalogObjectId: key.squareVariation,
                quantity: String(Math.abs(delta)),
                occurredAt: new Date().toISOString(),
              },
            },
          ],
        });
        return (res.errors ?? []).length === 0;
      }
    }
  }
}
