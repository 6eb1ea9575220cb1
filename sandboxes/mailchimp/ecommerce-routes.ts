import { notFound } from './errors';
import { type EcomKind, type EcomRecord, type StoreRecord } from './ecommerce-store';
import { api, noContent, ok, type RouteDeps } from './http';
import { paginate } from './paging';
import { selfLinks, type LinkContext } from './render';
import { isRecord, isoSeconds, toJson, type JsonObject } from './types';

/**
 * E-commerce stores and their products/variants, customers, orders, carts:
 * https://mailchimp.com/developer/marketing/api/ecommerce-stores/ (and the
 * -products, -product-variants, -customers, -orders, -order-lines, -carts pages).
 */

const SINGULAR: { [K in EcomKind]: string } = { products: 'product', customers: 'customer', orders: 'order', carts: 'cart' };

function stamp(r: EcomRecord): JsonObject {
  return { created_at: isoSeconds(r.createdAt), updated_at: isoSeconds(r.updatedAt) };
}

export function renderStore(links: LinkContext, s: StoreRecord): JsonObject {
  return { ...s.data, list_is_active: true, ...stamp(s), _links: selfLinks(links, `/ecommerce/stores/${String(s.data.id)}`, '/ecommerce/stores') };
}

function renderLines(links: LinkContext, store: StoreRecord, base: string, lines: unknown): JsonObject[] {
  return (Array.isArray(lines) ? lines : []).filter(isRecord).map((line) => {
    const product = store.products.get(String(line.product_id ?? ''));
    const variant = product?.children.get(String(line.product_variant_id ?? ''));
    return { ...(toJson(line) as JsonObject), product_title: String(product?.data.title ?? ''), product_variant_title: String(variant?.data.title ?? ''), _links: selfLinks(links, `${base}/lines/${String(line.id ?? '')}`) };
  });
}

function render(links: LinkContext, store: StoreRecord, kind: EcomKind, r: EcomRecord, deps: RouteDeps): JsonObject {
  const storeId = String(store.data.id);
  const base = `/ecommerce/stores/${storeId}/${kind}/${String(r.data.id)}`;
  const _links = selfLinks(links, base, `/ecommerce/stores/${storeId}/${kind}`);
  if (kind === 'products') {
    const variants = [...r.children.values()].map((v) => ({ ...v.data, ...stamp(v), _links: selfLinks(links, `${base}/variants/${String(v.data.id)}`) }));
    return { ...r.data, currency_code: String(store.data.currency_code ?? 'USD'), variants, images: Array.isArray(r.data.images) ? r.data.images : [], _links };
  }
  if (kind === 'customers') return { ...r.data, ...deps.state.ecommerce.customerTotals(store, String(r.data.id)), ...stamp(r), _links };
  const cid = isRecord(r.data.customer) ? String(r.data.customer.id ?? '') : '';
  const customer = store.customers.get(cid);
  const out: JsonObject = {
    ...r.data,
    customer: customer ? render(links, store, 'customers', customer, deps) : { id: cid },
    lines: renderLines(links, store, base, r.data.lines),
    _links,
  };
  if (kind === 'orders') out.store_id = storeId;
  else Object.assign(out, stamp(r));
  return out;
}

export function mountEcommerceRoutes(deps: RouteDeps): void {
  const { state, links } = deps;
  const eco = (): typeof state.ecommerce => state.ecommerce;

  // https://mailchimp.com/developer/marketing/api/ecommerce-stores/
  api(deps, 'GET', '/ecommerce/stores', (req) => {
    const { page, total } = paginate([...eco().stores.values()], req.query);
    return ok({ stores: page.map((s) => renderStore(links, s)), total_items: total, _links: selfLinks(links, '/ecommerce/stores') });
  });
  api(deps, 'POST', '/ecommerce/stores', (_req, body) => ok(renderStore(links, eco().createStore(toJson(body) as JsonObject))));
  api(deps, 'GET', '/ecommerce/stores/{store_id}', (req) => ok(renderStore(links, eco().store(req.params.store_id ?? ''))));
  api(deps, 'PATCH', '/ecommerce/stores/{store_id}', (req, body) => {
    const s = eco().store(req.params.store_id ?? '');
    s.data = { ...s.data, ...(toJson(body) as JsonObject), id: s.data.id ?? '', list_id: s.data.list_id ?? '' };
    s.updatedAt = state.now();
    return ok(renderStore(links, s));
  });
  api(deps, 'DELETE', '/ecommerce/stores/{store_id}', (req) => {
    eco().store(req.params.store_id ?? '');
    eco().stores.delete(req.params.store_id ?? '');
    return noContent();
  });

  for (const kind of ['products', 'customers', 'orders', 'carts'] as const) {
    const idParam = `${SINGULAR[kind]}_id`;
    const coll = `/ecommerce/stores/{store_id}/${kind}`;
    const one = `${coll}/{${idParam}}`;
    api(deps, 'GET', coll, (req) => {
      const s = eco().store(req.params.store_id ?? '');
      let items = [...s[kind].values()];
      const email = req.query.get('email_address');
      if (kind === 'customers' && email) items = items.filter((c) => String(c.data.email_address ?? '').toLowerCase() === email.toLowerCase());
      const customerId = req.query.get('customer_id');
      if (kind === 'orders' && customerId) items = items.filter((o) => isRecord(o.data.customer) && o.data.customer.id === customerId);
      const { page, total } = paginate(items, req.query);
      return ok({ store_id: String(s.data.id), [kind]: page.map((r) => render(links, s, kind, r, deps)), total_items: total, _links: selfLinks(links, `/ecommerce/stores/${String(s.data.id)}/${kind}`) });
    });
    api(deps, 'POST', coll, (req, body) => {
      const s = eco().store(req.params.store_id ?? '');
      return ok(render(links, s, kind, eco().create(s, kind, toJson(body) as JsonObject), deps));
    });
    api(deps, 'GET', one, (req) => {
      const s = eco().store(req.params.store_id ?? '');
      return ok(render(links, s, kind, eco().get(s, kind, req.params[idParam] ?? ''), deps));
    });
    api(deps, 'PATCH', one, (req, body) => {
      const s = eco().store(req.params.store_id ?? '');
      return ok(render(links, s, kind, eco().update(s, kind, req.params[idParam] ?? '', toJson(body) as JsonObject), deps));
    });
    if (kind === 'customers') {
      // https://mailchimp.com/developer/marketing/api/ecommerce-customers/add-or-update-customer/
      api(deps, 'PUT', one, (req, body) => {
        const s = eco().store(req.params.store_id ?? '');
        return ok(render(links, s, kind, eco().update(s, kind, req.params[idParam] ?? '', toJson(body) as JsonObject, true), deps));
      });
    }
    api(deps, 'DELETE', one, (req) => {
      const s = eco().store(req.params.store_id ?? '');
      eco().get(s, kind, req.params[idParam] ?? '');
      s[kind].delete(req.params[idParam] ?? '');
      return noContent();
    });
    if (kind === 'orders' || kind === 'carts') {
      // https://mailchimp.com/developer/marketing/api/ecommerce-order-lines/ (and cart lines)
      api(deps, 'GET', `${one}/lines`, (req) => {
        const s = eco().store(req.params.store_id ?? '');
        const r = eco().get(s, kind, req.params[idParam] ?? '');
        const lines = renderLines(links, s, `/ecommerce/stores/${String(s.data.id)}/${kind}/${String(r.data.id)}`, r.data.lines);
        const { page, total } = paginate(lines, req.query);
        return ok({ store_id: String(s.data.id), [idParam]: String(r.data.id), lines: page, total_items: total, _links: selfLinks(links, `/ecommerce/stores/${String(s.data.id)}/${kind}/${String(r.data.id)}/lines`) });
      });
      api(deps, 'GET', `${one}/lines/{line_id}`, (req) => {
        const s = eco().store(req.params.store_id ?? '');
        const r = eco().get(s, kind, req.params[idParam] ?? '');
        const line = renderLines(links, s, `/ecommerce/stores/${String(s.data.id)}/${kind}/${String(r.data.id)}`, r.data.lines).find((l) => l.id === req.params.line_id);
        if (!line) throw notFound();
        return ok(line);
      });
    }
  }

  // https://mailchimp.com/developer/marketing/api/ecommerce-product-variants/
  const variantsBase = '/ecommerce/stores/{store_id}/products/{product_id}/variants';
  const product = (req: { params: { [k: string]: string } }): { s: StoreRecord; p: EcomRecord } => {
    const s = eco().store(req.params.store_id ?? '');
    return { s, p: eco().get(s, 'products', req.params.product_id ?? '') };
  };
  const renderVariant = (s: StoreRecord, p: EcomRecord, v: EcomRecord): JsonObject => ({ ...v.data, ...stamp(v), _links: selfLinks(links, `/ecommerce/stores/${String(s.data.id)}/products/${String(p.data.id)}/variants/${String(v.data.id)}`) });
  api(deps, 'GET', variantsBase, (req) => {
    const { s, p } = product(req);
    const { page, total } = paginate([...p.children.values()], req.query);
    return ok({ store_id: String(s.data.id), product_id: String(p.data.id), variants: page.map((v) => renderVariant(s, p, v)), total_items: total, _links: selfLinks(links, `/ecommerce/stores/${String(s.data.id)}/products/${String(p.data.id)}/variants`) });
  });
  api(deps, 'POST', variantsBase, (req, body) => {
    const { s, p } = product(req);
    const id = String(body.id ?? '');
    if (p.children.has(id)) throw notFound();
    return ok(renderVariant(s, p, eco().putChild(p, id, toJson(body) as JsonObject)));
  });
  const variant = (p: EcomRecord, id: string): EcomRecord => {
    const v = p.children.get(id);
    if (!v) throw notFound();
    return v;
  };
  api(deps, 'GET', `${variantsBase}/{variant_id}`, (req) => {
    const { s, p } = product(req);
    return ok(renderVariant(s, p, variant(p, req.params.variant_id ?? '')));
  });
  api(deps, 'PATCH', `${variantsBase}/{variant_id}`, (req, body) => {
    const { s, p } = product(req);
    variant(p, req.params.variant_id ?? '');
    return ok(renderVariant(s, p, eco().putChild(p, req.params.variant_id ?? '', toJson(body) as JsonObject)));
  });
  api(deps, 'PUT', `${variantsBase}/{variant_id}`, (req, body) => {
    const { s, p } = product(req);
    return ok(renderVariant(s, p, eco().putChild(p, req.params.variant_id ?? '', toJson(body) as JsonObject)));
  });
  api(deps, 'DELETE', `${variantsBase}/{variant_id}`, (req) => {
    const { p } = product(req);
    variant(p, req.params.variant_id ?? '');
    p.children.delete(req.params.variant_id ?? '');
    return noContent();
  });
}
