import { type SandboxServer } from '../framework/server';
import { batch, bool, fail, num, obj, str, type Prepared } from './batch';
import { notFound, validationMessage } from './errors';
import { envelope, mountXero, type XeroApiContext } from './http';
import { listQuery } from './list';
import { renderItem } from './render';
import { type Stored, type XeroState } from './state';
import { type ItemDetails, type ItemRecord, type JsonObject } from './types';

/**
 * Items (https://developer.xero.com/documentation/api/accounting/items): Code is
 * required and unique (max 30 characters); Sales/PurchaseDetails carry a unit
 * price, account code and tax type. DELETE answers 204.
 */

function details(state: XeroState, el: JsonObject | undefined, errors: string[], label: string): ItemDetails | undefined {
  if (!el) return undefined;
  const out: ItemDetails = {};
  const price = num(el, 'UnitPrice', errors);
  const account = str(el, 'AccountCode', errors);
  const tax = str(el, 'TaxType', errors);
  if (price !== undefined) out.UnitPrice = price;
  if (account !== undefined) {
    if (!state.account(account)) errors.push(`${label}: Account code '${account}' is not valid.`);
    out.AccountCode = account;
  }
  if (tax !== undefined) {
    if (!state.taxRates.has(tax)) errors.push(`${label}: The TaxType code '${tax}' does not exist.`);
    out.TaxType = tax;
  }
  return out;
}

export function findItem(state: XeroState, idOrCode: string): Stored<ItemRecord> | undefined {
  return state.items.get(idOrCode) ?? state.items.all().find((s) => s.rec.Code.toLowerCase() === idOrCode.toLowerCase());
}

export function prepareItem(state: XeroState, el: JsonObject, existing: Stored<ItemRecord> | null): Prepared {
  const errors: string[] = [];
  const code = str(el, 'Code', errors) ?? existing?.rec.Code;
  if (!code) errors.push('Item code must be specified.');
  else if (code.length > 30) errors.push('Item code must be 30 characters or fewer.');
  const id = existing?.rec.ItemID ?? state.prng.uuid();
  if (code && state.items.all().some((s) => s.rec.ItemID !== id && s.rec.Code.toLowerCase() === code.toLowerCase())) errors.push(`Item code '${code}' already exists.`);
  const sales = details(state, obj(el, 'SalesDetails'), errors, 'SalesDetails');
  const purchase = details(state, obj(el, 'PurchaseDetails'), errors, 'PurchaseDetails');
  const name = str(el, 'Name', errors);
  if (name !== undefined && name.length > 50) errors.push('Item name must be 50 characters or fewer.');
  const description = str(el, 'Description', errors);
  const purchaseDescription = str(el, 'PurchaseDescription', errors);
  fail(errors);
  return {
    commit: () => {
      const base: ItemRecord = existing?.rec ?? { ItemID: id, Code: code ?? '', IsSold: true, IsPurchased: true, IsTrackedAsInventory: false };
      const next: ItemRecord = { ...base, Code: code ?? base.Code };
      if (name !== undefined) next.Name = name;
      if (description !== undefined) next.Description = description;
      if (purchaseDescription !== undefined) next.PurchaseDescription = purchaseDescription;
      if (sales) next.SalesDetails = sales;
      if (purchase) next.PurchaseDetails = purchase;
      next.IsSold = bool(el, 'IsSold') ?? next.IsSold;
      next.IsPurchased = bool(el, 'IsPurchased') ?? next.IsPurchased;
      return renderItem(state.items.put(id, next, state.now()));
    },
  };
}

export function mountItemRoutes(server: SandboxServer, ctx: XeroApiContext): void {
  const { state } = ctx;
  mountXero(server, ctx, 'GET', '/Items', (req) => {
    const result = listQuery(req, { stored: state.items.all(), render: renderItem, id: (i) => i.ItemID, pageSizeParam: false });
    return envelope(ctx, 'Items', result.records);
  });
  mountXero(server, ctx, 'PUT', '/Items', (req, body) =>
    batch(ctx, req, body, 'Items', (el) => {
      if (typeof el.ItemID === 'string' && state.items.get(el.ItemID)) throw validationMessage('An item with this ItemID already exists; use POST to update it.', el);
      return prepareItem(state, el, null);
    }),
  );
  mountXero(server, ctx, 'POST', '/Items', (req, body) =>
    batch(ctx, req, body, 'Items', (el) => {
      const existing = (typeof el.ItemID === 'string' ? state.items.get(el.ItemID) : undefined) ?? (typeof el.Code === 'string' ? findItem(state, el.Code) : undefined);
      return prepareItem(state, el, existing ?? null);
    }),
  );
  mountXero(server, ctx, 'GET', '/Items/{ItemID}', (req) => {
    const s = findItem(state, req.params.ItemID ?? '');
    return s ? envelope(ctx, 'Items', [renderItem(s)]) : notFound();
  });
  mountXero(server, ctx, 'POST', '/Items/{ItemID}', (req, body) => {
    const s = findItem(state, req.params.ItemID ?? '');
    if (!s) return notFound();
    return batch(ctx, req, body, 'Items', (el) => prepareItem(state, el, s));
  });
  mountXero(server, ctx, 'DELETE', '/Items/{ItemID}', (req) => {
    const s = state.items.get(req.params.ItemID ?? '');
    if (!s) return notFound();
    if (state.invoices.all().some((i) => i.rec.LineItems.some((l) => l.ItemCode === s.rec.Code))) throw validationMessage(`Item '${s.rec.Code}' is used on transactions and cannot be deleted.`);
    state.items.delete(s.rec.ItemID);
    return { status: 204 };
  });
}
