import { compareKeys, locateSorted, lowerBound, orientSequence as orient, type CursorKey, type Located, type Sequence } from '../framework/graphql-connection';

/**
 * Storage for seeded-plus-written records (customers, orders): seeded rows are
 * a pure function of their index and are generated on demand; created or
 * changed rows live in an overlay. Live ids stay in one ascending array, so an
 * id-ordered page is a binary search and a slice; other sort orders are built
 * lazily and cached until the next write.
 */

export interface StampedRecord {
  id: number;
  createdAt: number;
  updatedAt: number;
}

export interface SeededSource<T> {
  readonly count: number;
  /** Id of seeded row `index` (1-based). */
  idOf(index: number): number;
  indexOf(id: number): number | null;
  generate(index: number): T;
  /** Cheap timestamps of a seeded row (for filters and sort keys). */
  stamps(index: number): { createdAt: number; updatedAt: number };
}

export class RecordStore<T extends StampedRecord> {
  private readonly overlay = new Map<number, T>();
  private readonly deleted = new Set<number>();
  private readonly ids: number[];
  private readonly views = new Map<string, { version: number; ids: number[]; values: (string | number)[] }>();
  private nextFree: number;
  version = 0;

  constructor(
    readonly seeded: SeededSource<T>,
    firstFreeId: number,
  ) {
    this.ids = new Array<number>(seeded.count);
    for (let i = 0; i < seeded.count; i++) this.ids[i] = seeded.idOf(i + 1);
    this.nextFree = firstFreeId;
  }

  get size(): number {
    return this.ids.length;
  }

  allocateId(): number {
    return this.nextFree++;
  }

  get(id: number): T | undefined {
    const own = this.overlay.get(id);
    if (own) return own;
    if (this.deleted.has(id)) return undefined;
    const index = this.seeded.indexOf(id);
    return index === null ? undefined : this.seeded.generate(index);
  }

  stamps(id: number): { createdAt: number; updatedAt: number } | undefined {
    const own = this.overlay.get(id);
    if (own) return { createdAt: own.createdAt, updatedAt: own.updatedAt };
    if (this.deleted.has(id)) return undefined;
    const index = this.seeded.indexOf(id);
    return index === null ? undefined : this.seeded.stamps(index);
  }

  put(record: T): void {
    if (!this.overlay.has(record.id) && !this.get(record.id)) {
      const at = lowerBound(this.ids, record.id);
      this.ids.splice(at, 0, record.id);
    }
    this.overlay.set(record.id, record);
    this.version++;
  }

  remove(id: number): T | undefined {
    const previous = this.get(id);
    if (!previous) return undefined;
    this.overlay.delete(id);
    if (this.seeded.indexOf(id) !== null) this.deleted.add(id);
    const at = lowerBound(this.ids, id);
    if (this.ids[at] === id) this.ids.splice(at, 1);
    this.version++;
    return previous;
  }

  /** Rows written since seeding (created or changed), for scans that must see them. */
  written(): IterableIterator<T> {
    return this.overlay.values();
  }

  /** Live ids in id order. */
  liveIds(): readonly number[] {
    return this.ids;
  }

  /** Ids ordered by `value` (then id); `byId` sorts are served from the id array directly. */
  sequence(key: string, value: ((id: number) => string | number) | null, reverse: boolean): Sequence<number> {
    if (!value) {
      const ids = this.ids;
      const locate = (k: CursorKey): Located => {
        const at = lowerBound(ids, k.id);
        return { before: at, exact: ids[at] === k.id };
      };
      return orient(ids.length, (i) => ids[i]!, locate, reverse);
    }
    let view = this.views.get(key);
    if (!view || view.version !== this.version) {
      const rows = this.ids.map((id) => ({ id, value: value(id) }));
      rows.sort(compareKeys);
      view = { version: this.version, ids: rows.map((r) => r.id), values: rows.map((r) => r.value) };
      this.views.set(key, view);
    }
    const v = view;
    return orient(v.ids.length, (i) => v.ids[i]!, (k) => locateSorted(v.ids, v.values, k), reverse);
  }
}


export { lowerBound };
