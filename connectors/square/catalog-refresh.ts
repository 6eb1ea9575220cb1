import type { Square } from 'square';
import type { Product } from '../../canonical/product';
import { reconcileLinks, squareEntities } from '../../mappings/square/catalog-item-v1';
import type { IdMapping } from '../../store/types';
import { readSquareCatalog } from './catalog-read';
import type { SquareApi } from './client';

/**
 * Rebuilds the links of `products` from what Square holds now: current
 * versions, objects deleted in the dashboard dropped (so they are recreated),
 * options recognised by name. Also reports, per product, the options still
 * attached to its item that the product no longer has (to delete after the
 * upsert detaches them) and the images its item shows that the product no
 * longer has, and the items as read. Links of other products pass
 * through untouched.
 */
export async function refreshLinks(
  api: SquareApi,
  connectorId: string,
  products: readonly Product[],
  links: readonly IdMapping[],
): Promise<{ links: IdMapping[]; stale: Map<string, string[]>; items: Square.CatalogObject[] }> {
  const stale = new Map<string, string[]>();
  const itemIds = products.map((p) => links.find((l) => l.externalType === 'ITEM' && l.canonicalId === p.id)?.externalId).filter((id): id is string => !!id);
  if (!itemIds.length) return { links: [...links], stale, items: [] };

  const items = await readSquareCatalog(api, itemIds);
  const attachedTo = (item: (typeof items)[number] | undefined): string[] =>
    item?.type === 'ITEM' ? (item.itemData?.itemOptions ?? []).map((x) => x.itemOptionId).filter((id): id is string => !!id) : [];
  // The IMAGEs linked to these products' images (uploaded ones not yet on the item included); deleted ones drop out.
  const imageLinks = new Set(products.flatMap((p) => squareEntities(p).filter((r) => r.externalType === 'IMAGE').map((r) => r.canonicalId)));
  const imageIds = links.filter((l) => l.externalType === 'IMAGE' && imageLinks.has(l.canonicalId)).map((l) => l.externalId);
  const current = [...items, ...(await readSquareCatalog(api, [...items.flatMap(attachedTo), ...imageIds]))];

  const owned = new Set(products.flatMap((p) => squareEntities(p).map((r) => r.canonicalId)));
  const fresh = products.flatMap((p) => {
    const rebuilt = reconcileLinks(p, connectorId, links, current);
    const itemId = rebuilt.find((l) => l.externalType === 'ITEM')?.externalId;
    const matched = new Set(rebuilt.filter((l) => l.externalType === 'ITEM_OPTION' || l.externalType === 'IMAGE').map((l) => l.externalId));
    const item = current.find((o) => o.id === itemId);
    const shown = item?.type === 'ITEM' ? (item.itemData?.imageIds ?? []) : [];
    stale.set(p.id, [...attachedTo(item), ...shown].filter((id) => !matched.has(id)));
    return rebuilt;
  });
  return { links: [...links.filter((l) => !owned.has(l.canonicalId)), ...fresh], stale, items: items.filter((o) => o.type === 'ITEM') };
}
