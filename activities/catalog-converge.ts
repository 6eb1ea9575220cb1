import type { Product } from '../canonical/product';
import { differingFields } from '../canonical/product-fields';
import type { FlowConfig } from '../config/schema';
import type { AnyConnector } from '../connectors/registry';
import { catalogSinkOf, catalogSourceOf } from '../connectors/registry';
import { VendorError, type CatalogObservation } from '../connectors/types';
import type { CanonicalRecord, RecordHash, Store } from '../store/types';
import { driftOf, fieldPlan, mergeProduct, shouldWrite, sourceSeenHash, writeHash, type FieldPlan, type Member, type OwnerView } from './catalog-ownership';
import { vendorCall } from './errors';

/**
 * The I/O around field ownership (pure rules in ./catalog-ownership.ts):
 * reading the destinations that own fields, merging the canonical product,
 * writing fields owned elsewhere back into the source, and deciding which
 * destination writes are due. activities/catalog.ts strings them together.
 */

const ENTITY = 'product';
/** Hash rows (connector, entity) of what each system held after our last write or read. */
export const SEEN = 'product.seen';

export interface ConvergeDeps {
  store: Store;
  connector(id: string): AnyConnector;
  /** Records a refused product (flow, system, its id there, reason, the offending data). */
  quarantine(flow: FlowConfig, connectorId: string, externalId: string, reason: string, payload: unknown): Promise<void>;
}

/** A run started by a destination's own change feed (Square catalog.version.updated). */
export interface Trigger {
  connector: string;
  /** What that destination holds now, by canonical id (read by the feed). */
  observed: ReadonlyMap<string, CatalogObservation>;
}

export interface Prepared {
  /** The merged canonical products, refused ones left out. */
  products: Product[];
  /** What each destination read this run holds, by canonical id. */
  observed: Map<string, ReadonlyMap<string, CatalogObservation>>;
  refused: number;
}

/** Which destination writes are due, and what each would carry. */
export interface DestinationPlan {
  plan: FieldPlan;
  due: Product[];
  /** Write hash per canonical id (every product, due or not). */
  hashes: Map<string, string>;
  observed: ReadonlyMap<string, CatalogObservation>;
  /** `seen` rows for products read this run that need no write (they hold the canonical values). */
  seen: RecordHash[];
}

export function createConvergeSteps(deps: ConvergeDeps) {
  const { store } = deps;

  function sourceMember(flow: FlowConfig): Member {
    const stored = catalogSourceOf(deps.connector(flow.from)).storedFields;
    return { connector: flow.from, stored, ownable: stored };
  }
  function destinationMember(destId: string): Member {
    const sink = catalogSinkOf(deps.connector(destId));
    return { connector: destId, stored: sink.storedFields, ownable: sink.ownableFields };
  }

  /**
   * Reads the destinations that own fields (and the trigger's, handed in),
   * then merges each product. A product whose owner holds unusable data for
   * an owned field is quarantined under that owner and left out.
   */
  async function prepare(flow: FlowConfig, sources: readonly Product[], trigger?: Trigger): Promise<Prepared> {
    const observed = new Map<string, ReadonlyMap<string, CatalogObservation>>();
    const owners: { plan: FieldPlan; observed: ReadonlyMap<string, CatalogObservation> }[] = [];
    for (const destId of flow.to) {
      const plan = fieldPlan(flow, destinationMember(destId));
      let seen: ReadonlyMap<string, CatalogObservation> | undefined = trigger?.connector === destId ? trigger.observed : undefined;
      if (!seen && plan.owned.length && sources.length) {
        const sink = catalogSinkOf(deps.connector(destId));
        const known = await store.findByCanonical(destId, sources.flatMap((p) => sink.linkedCanonicalIds(p)));
        seen = known.length ? await vendorCall(() => sink.observe([...sources], known)) : new Map();
      }
      if (!seen) continue;
      observed.set(destId, seen);
      if (plan.owned.length) owners.push({ plan, observed: seen });
    }

    // The last canonical copy matters only for fields someone other than the source owns.
    const ownedElsewhere = Object.values(flow.fields ?? {}).some((owner) => owner !== flow.from);
    const previous = ownedElsewhere ? await store.getRecords(ENTITY, sources.map((p) => p.id)) : new Map<string, CanonicalRecord>();
    const products: Product[] = [];
    let refused = 0;
    // An owner's bad data quarantined earlier is resolved once the product merges fine (only looked up when any is open).
    const anyOpen = owners.length > 0 && (await store.countQuarantine({ flowId: flow.id })) > 0;
    for (const source of sources) {
      const record = previous.get(source.id);
      const prior = record && !record.deleted ? (JSON.parse(record.data) as Product) : null;
      const views: OwnerView[] = [];
      for (const o of owners) {
        const observation = o.observed.get(source.id);
        if (observation) views.push({ connector: o.plan.connector, owned: o.plan.owned, observation });
      }
      const merged = mergeProduct(flow, source, prior, views);
      if (merged.ok) {
        products.push(merged.product);
        if (anyOpen) for (const v of views) await store.resolveQuarantine(v.connector, ENTITY, v.observation.externalId);
      } else {
        refused++;
        await deps.quarantine(flow, merged.connector, merged.externalId, merged.reason, source);
      }
    }
    return { products, observed, refused };
  }

  /**
   * Writes into the source the fields it holds but doesn't own (a price the
   * POS owns), where it holds something else. After a write the source is
   * read again: what it holds then is its `seen` hash, so the products/update
   * of our own write — or Shopify's normalisation of a value — isn't fought.
   */
  async function writeSource(flow: FlowConfig, products: readonly Product[], sources: ReadonlyMap<string, Product>): Promise<{ written: Set<string>; quarantined: Set<string> }> {
    const member = sourceMember(flow);
    const plan = fieldPlan(flow, member);
    const result = { written: new Set<string>(), quarantined: new Set<string>() };
    if (!plan.readable.length) return result;
    const source = catalogSourceOf(deps.connector(flow.from));
    const drifting = products.filter((p) => {
      const s = sources.get(p.id);
      return s && differingFields(p, s, plan.readable).length;
    });
    if (!drifting.length) return result;
    const ids = drifting.map((p) => p.id);
    const [lastWrite, lastSeen] = await Promise.all([store.getHashes(flow.from, ENTITY, ids), store.getHashes(flow.from, SEEN, ids)]);
    const hashes: RecordHash[] = [];
    for (const p of drifting) {
      const current = sources.get(p.id)!;
      const write = writeHash(p, plan);
      const drift = differingFields(p, current, plan.readable);
      const decision = { write, lastWrite: lastWrite.get(p.id), observed: { hash: sourceSeenHash(current, member.stored), drift }, lastSeen: lastSeen.get(p.id), triggeredHere: true };
      if (!shouldWrite(decision)) continue;
      const externalId = p.externalRefs.find((r) => r.connector === flow.from && r.type === 'Product')?.id ?? current.externalRefs[0]?.id ?? p.id;
      try {
        await vendorCall(() => source.updateProductFields(p, current, drift));
      } catch (err) {
        if (err instanceof VendorError && !err.retryable && err.status !== 401 && err.status !== 403) {
          await deps.quarantine(flow, flow.from, externalId, `${flow.from} refused ${drift.join(', ')}: ${err.message}`, p);
          result.quarantined.add(p.id);
          continue;
        }
        throw err;
      }
      result.written.add(p.id);
      const after = await vendorCall(() => source.getProduct(externalId));
      // What it holds now is `seen` only if nothing it owns moved meanwhile (else that edit must still be read).
      const seenHash = after && after.ok && !differingFields(current, after.record, plan.owned).length ? sourceSeenHash(after.record, member.stored) : 'changed';
      hashes.push({ connector: flow.from, entity: ENTITY, canonicalId: p.id, hash: write });
      hashes.push({ connector: flow.from, entity: SEEN, canonicalId: p.id, hash: seenHash });
    }
    await store.putHashes(hashes);
    return result;
  }

  /** The writes due to one destination; see shouldWrite for the rule. */
  async function planDestination(flow: FlowConfig, destId: string, products: readonly Product[], prepared: Prepared, trigger?: Trigger): Promise<DestinationPlan> {
    const plan = fieldPlan(flow, destinationMember(destId));
    const observed = prepared.observed.get(destId) ?? new Map<string, CatalogObservation>();
    const ids = products.map((p) => p.id);
    const [lastWrite, lastSeen] = await Promise.all([store.getHashes(destId, ENTITY, ids), observed.size ? store.getHashes(destId, SEEN, ids) : Promise.resolve(new Map<string, string>())]);
    const hashes = new Map<string, string>();
    const due: Product[] = [];
    const seen: RecordHash[] = [];
    for (const p of products) {
      const write = writeHash(p, plan);
      hashes.set(p.id, write);
      const o = observed.get(p.id);
      const drift = o ? driftOf(p, o, plan) : [];
      const decision = { write, lastWrite: lastWrite.get(p.id), ...(o ? { observed: { hash: o.hash, drift } } : {}), lastSeen: lastSeen.get(p.id), triggeredHere: trigger?.connector === destId };
      if (shouldWrite(decision)) due.push(p);
      else if (o && !drift.length && o.hash !== lastSeen.get(p.id)) seen.push({ connector: destId, entity: SEEN, canonicalId: p.id, hash: o.hash });
    }
    return { plan, due, hashes, observed, seen };
  }

  /**
   * The `seen` hash after a write: what the destination answered, unless a
   * field it owns differs from the canonical value (an edit there raced our
   * write and was kept) — then that edit's own change event must be read.
   */
  function seenAfterWrite(p: Product | undefined, plan: FieldPlan, observation: CatalogObservation | undefined): string {
    if (!p || !observation) return 'changed';
    const view = observation.overlay(p).product;
    return differingFields(p, view, plan.owned).length ? 'changed' : observation.hash;
  }

  return { prepare, writeSource, planDestination, seenAfterWrite };
}
