import { Product } from '../canonical/product';
import { contentHash, copyFields, differingFields, fieldsOwnedBy, ownerOf, PRODUCT_FIELDS, type FieldOwnership, type ProductField } from '../canonical/product-fields';
import type { CatalogObservation } from '../connectors/types';

/**
 * Field ownership, decided without I/O. Every sync of a product is a
 * convergence over fresh reads: the source's record, and each destination
 * that owns fields (or whose change triggered the run). The canonical product
 * takes each field from its owner; each system is then written the fields it
 * holds but doesn't own, when they differ from the canonical values.
 *
 * Echo suppression rests on two hashes per system and product:
 * - `write`: the canonical content last written there (only the fields it
 *   holds and doesn't own) — a change nobody wrote yet is pending;
 * - `seen`: what the system held right after that write (or at the last
 *   read that needed no write) — the same content coming back is our echo,
 *   or the vendor's own normalisation of what we wrote, and is not fought.
 */

/** One connector of a flow, as field ownership sees it. */
export interface Member {
  connector: string;
  /** Fields it holds (a write can carry them). */
  stored: readonly ProductField[];
  /** Fields it holds and reports back (it can own them). */
  ownable: readonly ProductField[];
}

export interface FieldPlan {
  connector: string;
  /** Fields it owns in this flow and reports back: the canonical values come from it. */
  owned: ProductField[];
  /** Fields written to it: held there, owned elsewhere. */
  written: ProductField[];
  /** Of those, the ones it reports back (drift can be seen only on these). */
  readable: ProductField[];
  /** Fields that don't concern a write to it (the complement of `written`). */
  leaveOut: ProductField[];
}

export function fieldPlan(flow: FieldOwnership, member: Member): FieldPlan {
  const ownedHere = new Set(fieldsOwnedBy(flow, member.connector));
  const written = member.stored.filter((f) => !ownedHere.has(f));
  return {
    connector: member.connector,
    owned: member.ownable.filter((f) => ownedHere.has(f)),
    written,
    readable: written.filter((f) => member.ownable.includes(f)),
    leaveOut: PRODUCT_FIELDS.filter((f) => !written.includes(f)),
  };
}

/** Hash of what a write to this system carries for `p` (structure included: variants, their titles and options). */
export function writeHash(p: Product, plan: FieldPlan): string {
  return contentHash(p, plan.leaveOut);
}

/** Hash of the fields a source holds, as it holds them (the source's `seen` hash). */
export function sourceSeenHash(p: Product, stored: readonly ProductField[]): string {
  return contentHash(p, PRODUCT_FIELDS.filter((f) => !stored.includes(f)));
}

export interface OwnerView {
  connector: string;
  owned: readonly ProductField[];
  observation: CatalogObservation;
}

export type Merged = { ok: true; product: Product } | { ok: false; connector: string; externalId: string; reason: string };

/**
 * The canonical product: the source's record for the fields the source owns
 * (and for structure: which variants and options exist), each other owner's
 * value where that owner holds the product, else the value last recorded,
 * else — for a product or variant new to the catalog — the source's value.
 */
export function mergeProduct(flow: FieldOwnership, source: Product, previous: Product | null, owners: readonly OwnerView[]): Merged {
  let base = source;
  const elsewhere = PRODUCT_FIELDS.filter((f) => ownerOf(flow, f) !== flow.from);
  if (previous && elsewhere.length) base = copyFields(base, previous, elsewhere);
  for (const o of owners) {
    if (!o.owned.length) continue;
    const view = o.observation.overlay(base);
    const bad = o.owned.filter((f) => view.issues.has(f));
    if (bad.length) {
      return { ok: false, connector: o.connector, externalId: o.observation.externalId, reason: `${o.connector} owns ${bad.join(', ')}: ${bad.map((f) => view.issues.get(f)).join('; ')}` };
    }
    base = copyFields(base, view.product, o.owned);
  }
  // Nothing taken from anyone else: the source's record, which its mapper already checked against the schema.
  if (base === source) return { ok: true, product: source };
  const checked = Product.safeParse({ ...base, updatedAt: source.updatedAt });
  if (!checked.success) {
    const owner = owners.find((o) => o.owned.length)?.connector ?? flow.from;
    const issue = checked.error.issues[0];
    const where = issue?.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(root)';
    return { ok: false, connector: owner, externalId: source.externalRefs[0]?.id ?? source.id, reason: `merged product is not valid: ${where}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, product: checked.data };
}

/** Readable fields on which `observation` holds something other than `canonical`. */
export function driftOf(canonical: Product, observation: CatalogObservation, plan: FieldPlan): ProductField[] {
  if (!plan.readable.length) return [];
  return differingFields(canonical, observation.overlay(canonical).product, plan.readable);
}

export interface WriteDecision {
  /** Hash of the content a write would carry. */
  write: string;
  /** Hash last stored for a write of this product there (undefined: never written). */
  lastWrite: string | undefined;
  /** What the system holds now, when it was read this run. */
  observed?: { hash: string; drift: readonly ProductField[] };
  /** Hash of what it held after our last write (or last read needing none). */
  lastSeen: string | undefined;
  /**
   * This run was started by a change in this very system (its change feed):
   * only drift is repaired — a structural change still pending is the source
   * sync's to write, so an echo arriving before our own bookkeeping can't
   * cause a second write.
   */
  triggeredHere: boolean;
}

export function shouldWrite(d: WriteDecision): boolean {
  const pending = d.write !== d.lastWrite;
  if (!d.observed) return pending;
  const drift = d.observed.drift.length > 0;
  // It still holds exactly what it held after we last wrote this very content: our echo, or its own
  // normalisation of what we wrote (a trimmed title, a rewritten HTML tag). Writing again would loop.
  const settled = d.observed.hash === d.lastSeen && !pending;
  if (d.triggeredHere) return drift && !settled;
  return pending || (drift && !settled);
}
